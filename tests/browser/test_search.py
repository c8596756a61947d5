"""The site search in headless Chromium, over http and from file://.

The test set (search_queries.yaml) lists queries readers type and the result
that must come first or in the first three. Each query's results page is
loaded once per base; the same pass checks the snippets (no diagram source,
glossary hits named and defined) and the console (no error at all).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from devkit.browser import open_page, wait_for

pytestmark = pytest.mark.browser

CASES = yaml.safe_load((Path(__file__).with_name("search_queries.yaml")).read_text(encoding="utf-8"))
MERMAID_WORDS = ("flowchart", "subgraph", "sequencediagram", "classdef", "-->")
RESULTS = """
return [...document.querySelectorAll('#search-results ul.search > li')].map(li => ({
  href: li.querySelector('a').getAttribute('href'),
  title: li.querySelector('a').textContent,
  snippet: (li.querySelector('p.context') || {}).textContent || null,
}));
"""
FINISHED = "const s = document.querySelector('#search-results p.search-summary'); return !!(s && s.textContent.trim());"


def _snippets_loaded(browser) -> bool:
    return browser.execute_script(
        "return [...document.querySelectorAll('#search-results ul.search > li')]"
        ".every(li => li.querySelector('p.context'))")


@pytest.fixture(scope="module", params=["http", "file"])
def searched(request, browser, server, site):
    root = server if request.param == "http" else site.as_uri()
    browser.get_log("browser")  # drop earlier pages' messages
    found, errors = {}, []
    for query in dict.fromkeys(case["query"] for case in CASES):
        open_page(browser, f"{root}/search.html?q={query}")
        assert wait_for(lambda: browser.execute_script(FINISHED), 20), f"search for {query!r} never finished"
        wait_for(lambda: _snippets_loaded(browser), 10)
        found[query] = browser.execute_script(RESULTS)
        errors += [f"{query}: {e['message']}" for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    return {"base": request.param, "results": found, "errors": errors}


@pytest.mark.parametrize("case", CASES, ids=[f"{c['query']}->{c['expect']}" for c in CASES])
def test_expected_result_ranks_first_or_in_top_three(searched, case):
    hrefs = [r["href"] for r in searched["results"][case["query"]]]
    assert case["expect"] in hrefs[: case["within"]], (
        f"{searched['base']}: {case['query']!r} should list {case['expect']} within {case['within']}; "
        f"got {hrefs.index(case['expect']) + 1 if case['expect'] in hrefs else 'nothing'}: {hrefs[:5]}")


def test_test_set_has_forty_queries():
    assert len({c["query"] for c in CASES}) >= 40


def test_no_console_error(searched):
    assert not searched["errors"], "\n".join(searched["errors"][:10])


def test_every_result_has_a_snippet_without_diagram_source(searched):
    bad = []
    for query, results in searched["results"].items():
        for r in results:
            if not r["snippet"]:
                bad.append(f"{query}: {r['href']} has no snippet")
            elif any(w in r["snippet"].lower() for w in MERMAID_WORDS):
                bad.append(f"{query}: {r['href']} snippet shows diagram source: {r['snippet'][:80]!r}")
    assert not bad, "\n".join(bad[:20])


def test_glossary_hits_show_term_and_short_definition(searched, site):
    terms = json.loads((site / "glossary.json").read_text(encoding="utf-8"))["terms"]
    by_anchor = {a: t for t in terms for a in t["anchors"]}
    checked = 0
    for results in searched["results"].values():
        for r in results:
            page, _, anchor = r["href"].partition("#")
            if page == "glossary/index.html" and anchor in by_anchor:
                term = by_anchor[anchor]
                assert r["title"].startswith(f"Glossary > {term['term']}"), r
                assert r["snippet"] == term["short"], r
                checked += 1
    assert checked >= 20


def test_each_glossary_entry_is_listed_once(searched, site):
    # A term and its aliases are anchors of one entry: "Mooncake" once, not also as "Mooncake Store".
    terms = json.loads((site / "glossary.json").read_text(encoding="utf-8"))["terms"]
    entry = {a: t["term"] for t in terms for a in t["anchors"]}
    twice = []
    for query, results in searched["results"].items():
        named = [entry.get(r["href"].partition("#")[2]) for r in results
                 if r["href"].startswith("glossary/index.html#term-")]
        twice += [f"{query}: {name}" for name in set(named) if name and named.count(name) > 1]
    assert not twice, twice
