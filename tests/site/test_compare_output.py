"""The head-to-head pages and the compatibility matrix, as built: linked from
the home page and the matrix, sources pinned, exports consistent with the page."""

from __future__ import annotations

import csv
import json
import re

import pytest
from bs4 import BeautifulSoup

H2H = ["llm-d-vs-dynamo", "kserve-and-llm-d", "multi-node-workloads", "request-routers"]
PINNED = re.compile(r"/(blob|tree)/(?!main(/|$)|master(/|$))[^/]+(/|$)"
                    r"|pypi\.org/project/[^/]+/\d|docs\.nvidia\.com/dynamo/v\d"
                    r"|/pull/\d+|/issues/\d+|/releases/tag/|/releases/v\d|/commit/[0-9a-f]{7}")


def _soup(site, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def _links(soup: BeautifulSoup) -> set[str]:
    return {a["href"] for a in soup.select("article a[href]")}


@pytest.mark.parametrize("source", ["index.html", "compare/matrix.html"])
def test_every_new_page_is_linked_from_home_and_matrix(site, source):
    hrefs = {h.split("#")[0].removeprefix("compare/") for h in _links(_soup(site, source))}
    for page in [*H2H, "compatibility"]:
        assert f"{page}.html" in hrefs, (source, page)


@pytest.mark.parametrize("page", H2H)
def test_head_to_head_page_has_diagram_terms_and_pinned_sources(site, page):
    soup = _soup(site, f"compare/{page}.html")
    assert soup.select("pre.mermaid"), "no diagram"
    assert len(soup.select("article a.term-link, article a[href*='glossary']")) >= 10, "too few term links"
    sources = soup.select_one("section#sources")
    assert sources is not None, "no Sources section"
    # Not the "report an error" and "edit this page" links (site_furniture): they are not citations.
    external = [a["href"] for a in soup.select("article a[href^='https://']:not(nav.page-actions a)")]
    assert len(external) >= 15
    unpinned = [h for h in external if not PINNED.search(h)]
    # Pages of KServe's website and llm-d's blog are cited at a commit or as a post; everything
    # else must name a tag, a commit or a versioned docs page.
    assert not [h for h in unpinned if "llm-d.ai/blog" not in h], unpinned


def test_compatibility_export_is_complete_and_sourced(site):
    data = json.loads((site / "compatibility.json").read_text())
    columns = [c["id"] for c in data["columns"]]
    assert len(data["platforms"]) >= 9 and len(columns) >= 8
    for row in data["platforms"]:
        assert set(row["cells"]) == set(columns), row["platform"]
        for cid, cell in row["cells"].items():
            assert cell["value"] and cell["as_of"], (row["platform"], cid)
            assert PINNED.search(cell["source"]), (row["platform"], cid, cell["source"])


def test_compatibility_csv_matches_json_and_page(site):
    data = json.loads((site / "compatibility.json").read_text())
    rows = list(csv.DictReader((site / "compatibility.csv").open(encoding="utf-8")))
    assert len(rows) == len(data["platforms"]) * len(data["columns"])
    soup = _soup(site, "compare/compatibility.html")
    cells = soup.select("table.cx-table tbody td:not(:first-child)")
    assert len(cells) == len(rows)
    for row in rows:
        assert any(row["value"] in td.get_text() and td.select_one(f"a[href='{row['source']}']")
                   for td in cells), row
