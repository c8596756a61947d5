"""mermaid_prerender's pure parts: the cache key, the stored SVG's normal form, ids."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mermaid_prerender import diagram_key, normalise, renumber, svg_id, variant_config, variant_keys

CODE = "flowchart TB\n  accTitle: T\n  accDescr: D\n  a --> b\n"
CONFIG = {"startOnLoad": False, "flowchart": {"useMaxWidth": False}}


def _key(**change) -> str:
    args = {"code": CODE, "mermaid_version": "11.17.2", "init_config": CONFIG, "variant": "light",
            "theme": "default", **change}
    return diagram_key(**args)


def test_key_is_a_sha256_and_stable():
    key = _key()
    assert len(key) == 64 and int(key, 16) >= 0
    assert key == _key()
    # The JSON of the config is taken with sorted keys: the order a dict was written in does not matter.
    assert key == _key(init_config={"flowchart": {"useMaxWidth": False}, "startOnLoad": False})


@pytest.mark.parametrize("change", [
    {"code": CODE + "  b --> c\n"},
    {"code": CODE.replace("a -->", "a  -->")},
    {"mermaid_version": "11.17.3"},
    {"init_config": {**CONFIG, "fontFamily": "DejaVu Sans"}},
    {"init_config": {**CONFIG, "flowchart": {"useMaxWidth": True}}},
    {"variant": "dark"},
    {"theme": "neutral"},
])
def test_key_changes_with_everything_that_changes_the_drawing(change):
    assert _key(**change) != _key()


def test_light_and_dark_have_their_own_keys_themes_and_config():
    config = SimpleNamespace(mermaid_version="11.17.2", mermaid_init_config=CONFIG,
                             mermaid_light_theme="default", mermaid_dark_theme="dark")
    keys = variant_keys(config, CODE)
    assert set(keys) == {"light", "dark"} and keys["light"] != keys["dark"]
    assert variant_config(config, "dark") == ("dark", {**CONFIG, "darkMode": True, "theme": "dark"})
    assert variant_config(config, "light") == ("default", {**CONFIG, "darkMode": False, "theme": "default"})


KEY = "ab" * 32
SVG = (f'<svg id="{svg_id(KEY)}" width="10" xmlns="http://www.w3.org/2000/svg" aria-labelledby="chart-title-'
       f'{svg_id(KEY)}"><title id="chart-title-{svg_id(KEY)}">T</title><desc>D</desc>'
       f'<path d="M0,0L1,1" id="{svg_id(KEY)}-L_a_b_0" data-points="W3sieCI6MH1d" marker-end="url(#'
       f'{svg_id(KEY)}_flowchart-v2-pointEnd)"/></svg>')


def test_normalise_tags_the_variant_and_drops_edge_point_data():
    out = normalise(SVG, KEY, "dark")
    assert out.startswith(f'<svg data-variant="dark" id="{svg_id(KEY)}"')
    assert "data-points" not in out
    # Everything else is kept as drawn: title, description, ids, marker references.
    assert out == '<svg data-variant="dark"' + SVG[4:].replace(' data-points="W3sieCI6MH1d"', "")
    assert normalise(SVG, KEY, "dark") == out


@pytest.mark.parametrize("svg", [SVG.replace(svg_id(KEY), "mmd-other"), SVG[:-6], "<p>Syntax error</p>"])
def test_normalise_refuses_what_is_not_the_expected_drawing(svg):
    with pytest.raises(ValueError, match="not a Mermaid SVG"):
        normalise(svg, KEY, "light")


def test_a_second_copy_on_one_page_gets_ids_of_its_own():
    first, second = renumber(SVG, KEY, 1), renumber(SVG, KEY, 2)
    assert first == SVG
    assert f'id="{svg_id(KEY)}-2"' in second and f"url(#{svg_id(KEY)}-2_flowchart-v2-pointEnd)" in second
    assert f'id="{svg_id(KEY)}"' not in second and f'"{svg_id(KEY)}-L_' not in second
