"""Reader conveniences in the built HTML: every page says where to report an
error and what to edit, the footer gives version and build date, citation links
say what they point at, the favicon and 404 page exist, the licences are there,
and search snippets and the search index hold no diagram source."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup

from devkit.project import ROOT

REPOSITORY = re.search(r'^site_repository = "([^"]+)"', (ROOT / "conf.py").read_text(encoding="utf-8"), re.M)[1]
# Link texts that say nothing out of context (a screen reader's list of links).
BARE = {"code", "docs", "doc", "source", "sources", "src", "here", "link", "crd"}
# Words only a Mermaid diagram's source has.
# Diagram source, not prose: the arrows and the keyword lines that open a diagram
# (the contributing guide may name `flowchart TB` in a sentence).
MERMAID_WORDS = ("-->", "flowchart lr\\n", "flowchart tb\\n", "sequencediagram\\n", "classdef ")


def _content_pages(html_pages, site):
    skip = {"search.html", "genindex.html", "404.html"}
    return [p for p in html_pages if str(p.relative_to(site)) not in skip]


def _soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_every_page_has_report_and_edit_links(html_pages, site):
    missing = []
    for page in _content_pages(html_pages, site):
        rel = str(page.relative_to(site))
        soup = _soup(page)
        report = soup.select_one("article nav.page-actions a.page-report")
        edit = soup.select_one("article nav.page-actions a.page-edit")
        if report is None or edit is None:
            missing.append(f"{rel}: no report/edit link")
            continue
        url = urlsplit(report["href"])
        body = parse_qs(url.query).get("body", [""])[0]
        title = parse_qs(url.query).get("title", [""])[0]
        if not report["href"].startswith(REPOSITORY + "/issues/new?") or f"Page: {rel}" not in body \
                or "Section:" not in body or not title:
            missing.append(f"{rel}: report link does not name the page: {report['href']}")
        if not edit["href"].startswith(REPOSITORY + "/"):
            missing.append(f"{rel}: edit link outside the repository: {edit['href']}")
    assert not missing, "\n".join(missing[:20])


def test_edit_links_point_at_existing_sources(html_pages, site):
    wrong = []
    for page in _content_pages(html_pages, site):
        edit = _soup(page).select_one("a.page-edit")
        path = edit["href"].removeprefix(REPOSITORY + "/").split("/", 2)[2]
        if not (ROOT / path).exists():
            wrong.append(f"{page.relative_to(site)}: {edit['href']}")
    assert not wrong, "\n".join(wrong[:20])


def test_footer_gives_version_build_date_repository_and_licences(html_pages, site):
    release = re.search(r'^release = "([^"]+)"', (ROOT / "conf.py").read_text(encoding="utf-8"), re.M)[1]
    wrong = []
    for page in html_pages:
        line = _soup(page).select_one("footer .site-build")
        text = " ".join(line.get_text().split()) if line else ""
        if not re.search(rf"Version {re.escape(release)}, built \d{{4}}-\d{{2}}-\d{{2}}", text):
            wrong.append(f"{page.relative_to(site)}: {text!r}")
        elif {a["href"] for a in line.find_all("a")} != {REPOSITORY, f"{REPOSITORY}/blob/main/LICENSE",
                                                        f"{REPOSITORY}/blob/main/LICENSE-CONTENT"}:
            wrong.append(f"{page.relative_to(site)}: footer links {[a['href'] for a in line.find_all('a')]}")
    assert not wrong, "\n".join(wrong[:20])


def test_licence_files_at_the_top():
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")[:200]
    assert "Attribution 4.0 International" in (ROOT / "LICENSE-CONTENT").read_text(encoding="utf-8")[:200]


def test_every_page_links_the_favicon(html_pages, site):
    wrong = []
    for page in html_pages:
        icon = _soup(page).find("link", rel=lambda r: r and "icon" in r)
        if icon is None or not (page.parent / icon["href"]).is_file():
            wrong.append(str(page.relative_to(site)))
    assert not wrong, wrong[:20]
    assert (site / "_static" / "favicon.svg").read_text(encoding="utf-8").startswith("<svg")


def test_404_page_resolves_from_the_site_root(site):
    soup = _soup(site / "404.html")
    assert soup.find("base")["href"] == "/"
    assert soup.find("h1").get_text(strip=True).startswith("Page not found")
    hrefs = {a["href"] for a in soup.select("article a")}
    assert {"index.html", "search.html", "glossary/index.html"} <= hrefs


def test_no_citation_link_reads_code_docs_or_source(html_pages, site):
    bare = []
    for page in html_pages:
        for a in _soup(page).select("article a[href^='http']"):
            if " ".join(a.get_text().split()).lower() in BARE:
                bare.append(f"{page.relative_to(site)}: {a.get_text()!r} -> {a['href']}")
    assert not bare, f"{len(bare)} links say nothing on their own:\n" + "\n".join(bare[:30])


def test_search_text_and_index_hold_no_diagram_source(site):
    texts = sorted((site / "_static" / "search-text").rglob("*.js"))
    pages = [p for p in site.rglob("*.html") if 'class="mermaid"' in p.read_text(encoding="utf-8")]
    assert len(texts) > 60 and pages
    for path in texts:
        lower = path.read_text(encoding="utf-8").lower()
        assert not [w for w in MERMAID_WORDS if w in lower], path
    raw = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1: raw.rindex(")")])
    # Keywords only diagram source uses ("flowchart", "subgraph", "accDescr" are named in
    # the contributing guide's prose, so they may be indexed from there).
    assert not [w for w in ("classdef", "sequencediagram") if w in index["terms"]]


def test_arrow_keys_do_not_change_pages(site):
    options = (site / "_static" / "documentation_options.js").read_text(encoding="utf-8")
    assert "NAVIGATION_WITH_KEYS: false" in options


def test_scrollable_wrappers_are_focusable(html_pages, site):
    unfocusable = []
    for page in html_pages:
        for el in _soup(page).select("div.table-wrapper, div.highlight > pre"):
            if el.get("tabindex") != "0":
                unfocusable.append(f"{page.relative_to(site)}: {el.name}.{'.'.join(el.get('class', []))}")
    assert not unfocusable, "\n".join(unfocusable[:20])
