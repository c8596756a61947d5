"""Every internal link and #fragment in the built site resolves, and no
glossary anchor that readers may have bookmarked ever disappears."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

BASELINE = Path(__file__).resolve().parents[1] / "baselines" / "glossary-anchors.txt"


def _ids(page: Path, cache: dict) -> set[str]:
    if page not in cache:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        ids = {el["id"] for el in soup.find_all(id=True)}
        cache[page] = ids | {el["name"] for el in soup.find_all("a", attrs={"name": True})}
    return cache[page]


def test_every_internal_link_and_anchor_resolves(html_pages, site):
    cache: dict = {}
    broken = []
    for page in html_pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.find_all("a", href=True):
            href = a["href"]
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//") or href.startswith("mailto:"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href} (no such file)")
                continue
            if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target, cache):
                broken.append(f"{page.relative_to(site)} -> {href} (no such anchor)")
    assert not broken, "\n".join(broken[:50])


def glossary_anchors(site: Path) -> set[str]:
    soup = BeautifulSoup((site / "glossary" / "index.html").read_text(encoding="utf-8"), "html.parser")
    return {el["id"] for el in soup.find_all(id=True) if el["id"].startswith("term-")}


def test_no_glossary_anchor_disappears(site):
    """Renames must keep the old anchor (add the old name as an alias)."""
    baseline = {line.strip() for line in BASELINE.read_text().splitlines() if line.strip() and not line.startswith("#")}
    missing = sorted(baseline - glossary_anchors(site))
    assert not missing, f"glossary anchors removed (keep the old name as an alias): {missing}"


def test_every_cited_source_is_pinned_to_a_version(html_pages, site):
    """Links in the pages (not only in the data files) cite tags, commits or versioned docs."""
    import re

    import sitedata

    unpinned = re.compile(sitedata.UNPINNED["pattern"])
    found = []
    for page in html_pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        # Not the "Edit this page" links (site_furniture): they are not citations.
        for a in soup.select("article a[href^='https://']:not(nav.page-actions a)"):
            if unpinned.search(a["href"]) or sitedata.pin_problem(a["href"]):
                found.append(f"{page.relative_to(site)}: {a['href']}")
    assert not found, "\n".join(found[:30])
