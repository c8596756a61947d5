"""Diagrams come from the committed SVG cache (extensions/mermaid_prerender, issue 21).

The session's build runs as a fresh clone without Chromium would
(``MERMAID_PRERENDER=cache-only``), so a diagram missing from the cache is drawn
in the browser there, and the tests below fail, naming it and the refresh command:

* every diagram a page includes has its light and dark SVG in ``diagrams/rendered/``;
* every diagram on every built page is a pre-drawn pair of SVGs (also inline fences);
* the cache holds no drawing that no page uses any more;
* a diagram page loads neither the Mermaid bundle nor its import map, and weighs at
  most 1.5 MB with everything it loads.
"""

from __future__ import annotations

import re
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from devkit.diagram_metrics import diagram_names
from devkit.page_weight import DIAGRAM_PAGE_BUDGET, page_weight
from mermaid_prerender import svg_id, variant_keys

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "diagrams" / "rendered"
REFRESH = ("refresh the cache: run `make html` on a machine with Chromium (Debian's chromium) "
           "and commit diagrams/rendered/")
INCLUDE = re.compile(r"^(?:```|:::)\{mermaid\}\s+(\S+)", re.M)
SVG_ID = re.compile(r'<svg data-variant="(?:light|dark)" id="(mmd-[0-9a-f]{16})[-"]')


@pytest.fixture(scope="module")
def config():
    conf = runpy.run_path(str(ROOT / "conf.py"))
    assert conf.get("mermaid_config") is None, "diagram code gets a config header: teach this test about it"
    return SimpleNamespace(**{name: conf[name] for name in (
        "mermaid_version", "mermaid_init_config", "mermaid_light_theme", "mermaid_dark_theme")})


@pytest.fixture(scope="module")
def included() -> dict[Path, list[str]]:
    """Every .mmd file a page includes, and the pages that include it."""
    found: dict[Path, list[str]] = {}
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for ref in INCLUDE.findall(page.read_text(encoding="utf-8")):
            path = (page.parent / ref).resolve()
            if path.is_relative_to(ROOT / "diagrams"):
                found.setdefault(path, []).append(str(page.relative_to(ROOT)))
    return found


def test_every_included_diagram_has_its_light_and_dark_svg(config, included):
    assert len(included) >= 30
    missing = []
    for path, pages in sorted(included.items()):
        # As the mermaid directive reads it: UTF-8, no newline translation.
        keys = variant_keys(config, path.read_bytes().decode("utf-8"))
        lacking = [variant for variant, key in keys.items() if not (CACHE / f"{key}.svg").is_file()]
        if lacking:
            missing.append(f"{path.relative_to(ROOT)} (on {', '.join(pages)}): no {' or '.join(lacking)} SVG")
    assert not missing, "diagrams not in the SVG cache:\n" + "\n".join(missing) + "\n" + REFRESH


def _diagram_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if 'class="mermaid"' in p.read_text(encoding="utf-8")]


def test_every_diagram_on_the_site_was_drawn_at_build_time(site):
    pages = _diagram_pages(site)
    assert len(pages) >= 25
    drawn_in_browser = []
    for page in pages:
        rel = str(page.relative_to(site))
        names = diagram_names(ROOT, rel)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for n, pre in enumerate(soup.select("pre.mermaid")):
            variants = [svg.get("data-variant") for svg in pre.find_all("svg", recursive=False)]
            if variants != ["light", "dark"] or pre.get("data-processed") != "true":
                name = f"diagrams/{names[n]}.mmd" if n < len(names) else "an inline diagram"
                drawn_in_browser.append(f"{rel} diagram {n + 1} ({name})")
    assert not drawn_in_browser, "drawn in the browser, not from the cache:\n" + "\n".join(drawn_in_browser) \
        + "\n" + REFRESH


def test_the_cache_holds_only_drawings_the_site_uses(site):
    used = set()
    for page in _diagram_pages(site):
        used |= set(SVG_ID.findall(page.read_text(encoding="utf-8")))
    assert used
    stale = sorted(p.name for p in CACHE.iterdir() if svg_id(p.stem) not in used)
    assert not stale, f"no page uses these drawings any more; remove them (git rm): {stale}"
    assert all(p.suffix == ".svg" and re.fullmatch(r"[0-9a-f]{64}", p.stem) for p in CACHE.iterdir())


def test_diagram_pages_load_no_mermaid_bundle_or_import_map(site):
    offenders = []
    for page in _diagram_pages(site):
        html = page.read_text(encoding="utf-8")
        found = [what for what in ("mermaid.min.js", "importmap", "import mermaid") if what in html]
        if found:
            offenders.append(f"{page.relative_to(site)}: {found}")
    assert not offenders, offenders


def test_a_diagram_page_loads_at_most_1_5_mb(site):
    heavy = []
    for page in _diagram_pages(site):
        weight = page_weight(page)
        if weight.raw > DIAGRAM_PAGE_BUDGET or weight.mermaid:
            heavy.append(f"{page.relative_to(site)}: {weight.raw / 1024 / 1024:.2f} MB in {weight.requests} files"
                         f"{' (loads the Mermaid bundle)' if weight.mermaid else ''}")
    assert not heavy, heavy
