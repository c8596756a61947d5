"""What the site search can find is set in the built index (``extensions/site_search``).

Sphinx's ``searchtools.js`` lists an index entry when the lowercased query is
part of it and at least half as long, and drops results with the same page and
anchor. These tests check the index against that rule, for every query at once.
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
import site_search

GLOSSARY = "glossary/index"


@pytest.fixture(scope="module")
def index(site) -> dict:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1: text.rindex(")")])


@pytest.fixture(scope="module")
def terms(site) -> list[dict]:
    return json.loads((site / "glossary.json").read_text(encoding="utf-8"))["terms"]


def _hits(index, page: str) -> dict[str, set[str]]:
    """Index entry -> anchors on ``page``."""
    file = index["docnames"].index(page)
    hits: dict[str, set[str]] = defaultdict(set)
    for entry, found in index["indexentries"].items():
        for where, anchor, _main in found:
            if where == file:
                hits[entry].add(anchor)
    return hits


def test_each_name_finds_its_own_glossary_entry(index, terms):
    hits = _hits(index, GLOSSARY)
    wrong = [f"{name}: {sorted(hits.get(name.lower(), []))}" for t in terms for name in [t["term"], *t["aka"]]
             if not hits.get(name.lower()) or not hits[name.lower()] <= set(t["anchors"])]
    assert not wrong, wrong[:10]


def test_no_query_lists_a_glossary_entry_twice(index, terms):
    """Every query that matches two names of one entry ("mooncake": "Mooncake", "Mooncake Store")
    finds them at one anchor, so Sphinx lists the entry once. Tried: every part of every name."""
    hits = _hits(index, GLOSSARY)
    twice = []
    for term in terms:
        names = [n.lower() for n in [term["term"], *term["aka"]]]
        queries = {n[i:j] for n in names for i in range(len(n)) for j in range(i + 1, len(n) + 1)}
        for query in sorted(queries):
            anchors = set().union(*(hits[n] for n in names if query in n and 2 * len(query) >= len(n)))
            if len(anchors) > 1:
                twice.append(f"{term['term']}: {query!r} -> {sorted(anchors)}")
    assert not twice, twice[:10]


def test_aliases_keep_their_own_anchor_unless_they_share_one(index):
    hits = _hits(index, GLOSSARY)
    assert hits["lws"] == {"term-LWS"}
    assert hits["epp"] == {"term-EPP"}
    assert hits["mooncake store"] == hits["mooncake"] == {"term-Mooncake"}


def test_pages_titled_with_a_term_are_found_by_its_aliases(index):
    expected = {"lws": "building-blocks/leaderworkerset", "gie": "building-blocks/gateway-api-inference-extension",
                "mooncake store": "building-blocks/mooncake"}
    for alias, page in expected.items():
        assert "" in _hits(index, page).get(alias, set()), (alias, page)


def test_content_pages_carry_only_the_names_of_their_titles_term(index, terms):
    names_of = defaultdict(set)  # stemmed name -> every name of its term, lowercased
    for term in terms:
        names = [term["term"], *term["aka"]]
        for name in names:
            names_of[site_search.stems(name)] |= {n.lower() for n in names}
    stray = []
    for entry, found in index["indexentries"].items():
        for file, anchor, main in found:
            page, title = index["docnames"][file], index["titles"][file]
            if page == GLOSSARY:
                continue
            if entry not in names_of[site_search.stems(title)] or anchor or not main:
                stray.append(f"{page}: {entry!r} ({title!r}, anchor {anchor!r}, main {main})")
    assert not stray, stray[:10]
