"""Honest dates, as built (issue 16): every engine page, each pair page, the matrix and
the decision guide say which release each platform was checked against and when it
came out; the deprecations ledger reads as a sentence."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

PLATFORMS = sorted(p.stem for p in (ROOT / "data" / "engines").glob("*.yaml"))
ENGINE_PAGES = sorted(p.stem for p in (ROOT / "docs" / "engines").glob("*.md") if p.stem != "index")
CHECKED = re.compile(r"checked against \S.* \(released \d{4}-\d\d-\d\d\)", re.IGNORECASE)


def _checked_lines(site, rel: str) -> list[str]:
    soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
    return [" ".join(p.get_text().split()) for p in soup.select("article p.checked-against")]


@pytest.mark.parametrize("page", ENGINE_PAGES)
def test_engine_page_says_which_release_it_was_checked_against(site, page):
    lines = _checked_lines(site, f"engines/{page}.html")
    assert len(lines) == 1 and CHECKED.search(lines[0]), lines


def test_each_pair_page_dates_both_platforms(site):
    pages = sorted((site / "compare" / "pairs").glob("*-vs-*.html"))
    assert pages, "no pair pages"
    for page in pages:
        lines = _checked_lines(site, str(page.relative_to(site)))
        assert len(lines) == 2 and all(CHECKED.search(line) for line in lines), (page.name, lines)


@pytest.mark.parametrize("page", ["compare/matrix.html", "compare/decision-guide.html"])
def test_matrix_and_guide_date_every_platform(site, page):
    lines = _checked_lines(site, page)
    assert len(lines) == len(PLATFORMS) and all(CHECKED.search(line) for line in lines), lines


def test_deprecations_ledger_reads_as_a_sentence(site):
    text = (site / "compare" / "releases.html").read_text(encoding="utf-8")
    assert "Deprecated in not deprecated first" not in text
    assert "Removed without a deprecation first" in text
