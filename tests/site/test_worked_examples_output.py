"""Worked-example pages: every listed manifest is shown verbatim, with its checks and copy script."""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
DATA = yaml.safe_load((ROOT / "data" / "examples.yaml").read_text(encoding="utf-8"))


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def test_each_manifest_is_shown_verbatim_in_its_platform_tab(site):
    for task in DATA["tasks"]:
        soup = _soup(site, task["page"])
        boxes = {box.select_one(".example-manifest-caption code").get_text(): box
                 for box in soup.select("div.example-manifest")}
        for platform, cell in task["cells"].items():
            for rel in cell.get("manifests", ()):
                box = boxes.get(f"examples/{rel}")
                assert box is not None, f"{task['page']}: examples/{rel} not shown"
                assert box.select_one("pre").get_text() == (ROOT / "examples" / rel).read_text(encoding="utf-8")
                assert "checked against" in box.get_text(), rel
                # shown inside the platform's tab, which is synchronised across the site
                tab = box.find_parent(class_="sd-tab-content")
                label = tab.find_previous_sibling("label")
                assert label.get("data-sync-id") == platform and label.get("data-sync-group") == "engine"


def test_unsupported_cells_say_as_of_which_release_with_a_source(site):
    for task in DATA["tasks"]:
        soup = _soup(site, task["page"])
        notes = soup.select("div.example-unsupported")
        expected = [p for p, c in task["cells"].items() if "manifests" not in c]
        assert len(notes) == len(expected), task["id"]
        for note in notes:
            text = note.get_text(" ", strip=True)
            assert ("Not supported by" in text and " as of v" in text) or "No manifest shown for" in text
            assert note.select_one('a[href^="https://github.com/"]') is not None


def test_copy_script_only_on_pages_with_a_manifest(site):
    def scripts(page):
        return [s.get("src", "") for s in _soup(site, page).select("script[src]")]
    assert any("copy-manifest.js" in s for s in scripts("examples/lora"))
    assert not any("copy-manifest.js" in s for s in scripts("sources"))
    assert (site / "_static" / "copy-manifest.js").is_file()


def test_index_lists_every_task_and_platform_and_the_schema_sources(site):
    soup = _soup(site, "examples/index")
    grid = soup.select_one("table.examples-grid")
    assert len(grid.select("tbody tr")) == len(DATA["tasks"])
    assert len(grid.select("thead th")) == len(DATA["platforms"]) + 1
    # kinds wrap between words (<wbr>), and still read and copy as one word
    assert grid.select("td wbr") and "LLMInferenceService" in grid.get_text()
    sources = soup.get_text()
    for digest in sorted((ROOT / "data" / "crd-schemas").glob("*/*/*.json")):
        assert f"data/crd-schemas/{digest.relative_to(ROOT / 'data' / 'crd-schemas').as_posix()}" in sources
    root = _soup(site, "index")
    assert root.select_one('a[href="examples/index.html"]') is not None
