"""The glossary as readers and tools get it."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

SEED_TERMS = {"LeaderWorkerSet": "leaderworkerset", "Prefill/decode disaggregation": "pd-disaggregation",
              "KV cache": "kv-cache", "LoRA": "lora"}
ENGINE_PAGES = ["aibrix", "llm-d", "llmaz", "ome", "kthena", "kserve"]


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_at_least_150_terms_with_urls(site):
    data = json.loads((site / "glossary.json").read_text())
    assert len(data["terms"]) >= 150
    for term in data["terms"]:
        assert term["short"].endswith("."), term["id"]
        page, _, anchor = term["url"].partition("#")
        assert anchor.startswith("term-") and (site / page).is_file(), term


def _short_on_page(soup, link) -> str | None:
    """The short definition of the same-page entry a glossary link points to."""
    target = soup.find(id=link["href"][1:]) if link.get("href", "").startswith("#") else None
    dd = target.find_next_sibling("dd") if target is not None else None
    short = dd.find(class_="glossary-short", recursive=False) if dd is not None else None
    return short.get_text() if short is not None else None


def test_every_term_link_carries_its_short_definition(html_pages, site):
    shorts = {t["short"] for t in json.loads((site / "glossary.json").read_text())["terms"]}
    glossary = site / "glossary" / "index.html"
    missing, count, on_page = [], 0, 0
    for page in html_pages:
        soup = _soup(page)
        for span in soup.select("a.reference span.std-term"):
            link = span.find_parent("a")
            count += 1
            if page == glossary and "title" not in link.attrs:
                # Between entries of the A-Z page, term-popup.js reads the linked entry.
                short = _short_on_page(soup, link)
                on_page += 1
            else:
                short = link.get("title")
            if short not in shorts:
                missing.append(f"{page.relative_to(site)}: {link.get_text()!r}")
    assert count > 500, f"only {count} term links on the whole site"
    assert on_page > 500, f"only {on_page} links between glossary entries"
    assert not missing, missing[:20]


def test_every_term_and_alias_is_its_own_index_entry(site):
    """Sphinx search matches an index entry only when the query is >= half its length."""
    data = json.loads((site / "glossary.json").read_text())
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    payload = json.loads(index[index.index("(") + 1: index.rindex(")")])
    entries = {key.lower() for key in payload["indexentries"]}
    for term in data["terms"]:
        for name in [term["term"], *term["aka"]]:
            assert name.lower() in entries, name


def test_entries_show_implemented_by_related_sources_and_backlinks(site):
    soup = _soup(site / "glossary" / "index.html")
    entries = soup.select("dl.glossary > dd")
    with_backlinks = [dd for dd in entries if dd.select_one(".glossary-backlinks a")]
    data = json.loads((site / "glossary.json").read_text())
    assert len(with_backlinks) == len(data["terms"]), "every term must be referenced from some page"
    assert all(dd.select_one(".glossary-sources a[href^='https://']") for dd in with_backlinks)


def test_seed_terms_link_to_engine_pages_and_back(site):
    data = {t["id"]: t for t in json.loads((site / "glossary.json").read_text())["terms"]}
    for name, term_id in SEED_TERMS.items():
        engines = set(data[term_id]["engines"])
        assert engines & set(ENGINE_PAGES), f"{name}: no engine page in 'Implemented by'"
        anchors = set(data[term_id]["anchors"])
        for engine in engines & set(ENGINE_PAGES):
            page = _soup(site / "engines" / f"{engine}.html")
            back = [a for a in page.select("a.term-link") if a.get("href", "").rpartition("#")[2] in anchors]
            assert back, f"engines/{engine}.html does not link back to {name}"


def test_tag_pages_list_their_terms(site):
    data = json.loads((site / "glossary.json").read_text())
    for tag in data["tags"]:
        page = site / "glossary" / "tags" / f"{tag}.html"
        listed = {a.get_text() for a in _soup(page).select("dl.glossary-tag-list dt a")}
        expected = {t["term"] for t in data["terms"] if tag in t["tags"]}
        assert listed == expected, tag
