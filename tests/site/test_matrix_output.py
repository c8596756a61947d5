"""The comparison matrix and its exports come from the same data."""

from __future__ import annotations

import csv
import json

from bs4 import BeautifulSoup

PLATFORMS = {"aibrix", "llm-d", "llmaz", "ome", "kthena", "kserve"}


def test_json_export_has_six_platforms_by_at_least_18_sourced_dated_dimensions(site):
    data = json.loads((site / "matrix.json").read_text())
    platforms = {e["id"]: e for e in data["engines"] if e["group"] == "platform"}
    assert set(platforms) == PLATFORMS
    assert len(data["dimensions"]) >= 18
    for engine in platforms.values():
        assert set(engine["cells"]) == {d["id"] for d in data["dimensions"]}
        for dim, cell in engine["cells"].items():
            assert cell["source"].startswith("https://") and cell["as_of"], (engine["id"], dim)


def test_csv_export_matches_json(site):
    data = json.loads((site / "matrix.json").read_text())
    rows = list(csv.DictReader((site / "matrix.csv").open(encoding="utf-8")))
    assert len(rows) == len(data["engines"]) * len(data["dimensions"])
    first = data["engines"][0]
    row = next(r for r in rows if r["engine"] == first["id"] and r["dimension"] == "license")
    assert row["value"] == first["cells"]["license"]["value"]


def test_every_matrix_cell_on_the_page_links_its_source(site):
    soup = BeautifulSoup((site / "compare" / "matrix.html").read_text(encoding="utf-8"), "html.parser")
    cells = soup.select("table.mx-matrix tbody td:not(.mx-stub)")
    assert len(cells) >= 6 * 18
    for td in cells:
        assert td.select_one(".mx-meta a[href^='https://']") and "as of" in td.get_text()


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
