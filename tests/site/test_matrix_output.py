"""The comparison matrix and its exports come from the same data."""

from __future__ import annotations

import csv
import json
import re

from bs4 import BeautifulSoup

RAW_URL = re.compile(r"https?://\w")
PLATFORMS = {"aibrix", "llm-d", "llmaz", "ome", "kthena", "kserve"}


NEIGHBOURS = {"nvidia-dynamo", "vllm-production-stack", "kaito", "kubeai", "ray-serve-llm"}
# Dimensions readers choose by (issue 17): each must be a row, for every platform.
CHOOSING_DIMENSIONS = {"request_router", "autoscaler", "multi_model_routing", "external_providers", "batch_api",
                       "accelerators", "multimodal", "benchmark_tooling", "release_cadence"}


def test_json_export_has_every_platform_by_at_least_28_sourced_dated_dimensions(site):
    data = json.loads((site / "matrix.json").read_text())
    platforms = {e["id"]: e for e in data["engines"] if e["group"] == "platform"}
    neighbours = {e["id"] for e in data["engines"] if e["group"] == "neighbour"}
    assert set(platforms) == PLATFORMS
    assert neighbours >= NEIGHBOURS and len(data["engines"]) >= 10
    dimensions = {d["id"] for d in data["dimensions"]}
    assert len(dimensions) >= 28 and dimensions >= CHOOSING_DIMENSIONS
    for engine in data["engines"]:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", engine["checked"]), engine["id"]
        assert set(engine["cells"]) == dimensions, engine["id"]
        for dim, cell in engine["cells"].items():
            assert cell["source"].startswith("https://") and cell["as_of"], (engine["id"], dim)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", engine["cells"]["latest_release"]["date"]), engine["id"]


def test_csv_export_matches_json(site):
    data = json.loads((site / "matrix.json").read_text())
    rows = list(csv.DictReader((site / "matrix.csv").open(encoding="utf-8")))
    assert len(rows) == len(data["engines"]) * len(data["dimensions"])
    first = data["engines"][0]
    row = next(r for r in rows if r["engine"] == first["id"] and r["dimension"] == "license")
    assert row["value"] == first["cells"]["license"]["value"]


def _page(site, rel):
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def test_every_matrix_cell_is_a_disclosure_with_a_labelled_source(site):
    cells = _page(site, "compare/matrix.html").select("table.mx-matrix tbody td")
    assert len(cells) >= 11 * 28
    for td in cells:
        details = td.select_one("details.mx-d")
        assert details is not None and details.select_one("summary")
        link = details.select_one(".mx-meta a[href^='https://']")
        assert link and "As of" in td.get_text()
        # Sources are links with readable text; no cell prints a raw URL.
        assert not RAW_URL.search(td.get_text()), td.get_text()
        assert not link.get_text().startswith("http"), link


def test_support_values_are_badges_with_an_icon_and_a_word(site):
    badges = _page(site, "compare/matrix.html").select("table.mx-matrix summary .mx-badge")
    assert len(badges) >= 9 * 10
    for b in badges:
        icon = b.select_one(".mx-icon[aria-hidden='true']")
        assert icon and icon.get_text() and b.get_text().replace(icon.get_text(), "") in ("yes", "partial", "no", "n/a")


def test_every_matrix_row_has_a_stable_anchor_and_a_link_to_it(site):
    soup = _page(site, "compare/matrix.html")
    rows = soup.select("table.mx-matrix tbody tr[data-d]")
    data = json.loads((site / "matrix.json").read_text())
    assert len(rows) == 2 * len(data["dimensions"])  # platforms and neighbours
    ids = [tr.get("id") for tr in rows]
    assert len(set(ids)) == len(ids)
    assert {f"dim-{d['id'].replace('_', '-')}" for d in data["dimensions"]} <= set(ids)
    for tr in rows:
        assert tr.select_one(f"th a[href='#{tr['id']}']"), tr["id"]


def test_pair_pages_use_the_matrix_layout_and_link_the_narrowed_matrix(site):
    soup = _page(site, "compare/pairs/llm-d-vs-ome.html")
    heads = [th["data-e"] for th in soup.select("table.mx-matrix thead th[data-e]")]
    assert heads == ["llm-d", "ome"]
    assert soup.select_one(".mx-wrap[data-mx-controls]")
    assert soup.select_one("a[href='../matrix.html?p=llm-d,ome']")
    assert soup.select_one("script[src*='matrix.js']")


def _scenario(soup, sid):
    section = soup.select_one(f"#scenario-{sid}")
    assert section is not None, sid
    return {li.select_one(".mx-fit-head a").get_text(): li for li in section.select("ul.mx-fits > li")
            if li.select_one(".mx-fit-head a")}


def test_decision_guide_shows_activity_and_justifying_cells_for_every_fit(site):
    soup = _page(site, "compare/decision-guide.html")
    fits = soup.select("ul.mx-fits > li")
    assert len(fits) >= 20
    for li in fits:
        head = li.select_one(".mx-fit-head")
        assert head.select_one(".mx-act"), li.get_text()[:80]
        assert li.select("ul.mx-why li a[href^='https://']"), li.get_text()[:80]


def test_a_platform_without_release_in_nine_months_is_never_recommended_silently(site):
    soup = _page(site, "compare/decision-guide.html")
    llmaz = _scenario(soup, "sglang-first")["llmaz"]
    tag = llmaz.select_one(".mx-act")
    assert "mx-act-stale" in tag["class"] and "more than 9 months" in tag.get_text()
    for head in soup.select(".mx-fit-head"):
        if head.select_one("a").get_text() == "llmaz":
            assert "more than 9 months" in head.get_text()


def test_decision_guide_scenarios_follow_the_cells(site):
    soup = _page(site, "compare/decision-guide.html")
    assert "OME" in _scenario(soup, "small-footprint")
    assert "OME" not in _scenario(soup, "pd-at-scale")  # OME's P/D is partial (SGLang only)
    assert "OME" in _scenario(soup, "pd-sglang")
    assert "NVIDIA Dynamo" in _scenario(soup, "pd-sglang")  # its P/D cell names SGLang workers
    assert set(_scenario(soup, "kserve")) == {"KServe"}
    mature = _scenario(soup, "mature")
    assert "KServe" in mature and "llmaz" not in mature and "OME" not in mature


def test_engine_summary_boxes_come_from_the_data(site):
    data = {e["id"]: e for e in json.loads((site / "matrix.json").read_text())["engines"]}
    for engine in PLATFORMS:
        soup = BeautifulSoup((site / "engines" / f"{engine}.html").read_text(encoding="utf-8"), "html.parser")
        box = soup.select_one(".mx-summary")
        assert box is not None, engine
        assert data[engine]["cells"]["latest_release"]["value"] in box.get_text()


def test_a_pair_page_exists_for_every_pair_of_platforms(site):
    import itertools
    for a, b in itertools.combinations(sorted(PLATFORMS, key=str.lower), 2):
        assert (site / "compare" / "pairs" / f"{a}-vs-{b}.html").is_file() or \
               (site / "compare" / "pairs" / f"{b}-vs-{a}.html").is_file(), (a, b)
