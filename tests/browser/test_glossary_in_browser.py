"""Hover definitions, the glossary filter, and the site search for terms."""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from devkit.browser import open_page, wait_for

pytestmark = pytest.mark.browser

QUERIES = {
    "LWS": "LeaderWorkerSet",
    "LeaderWorkerSet": "LeaderWorkerSet",
    "PD": "Prefill/decode disaggregation",
    "P/D disaggregation": "Prefill/decode disaggregation",
    "EPP": "Endpoint picker",
    "TTFT": "Time to first token",
    "kv cache": "KV cache",
    "LoRA": "LoRA",
}


@pytest.mark.parametrize("base", ["http", "file"])
def test_hovering_a_term_shows_its_definition(browser, server, site, base):
    root = server if base == "http" else site.as_uri()
    open_page(browser, f"{root}/engines/llm-d.html")
    link = browser.find_element(By.CSS_SELECTOR, "article a.term-link")
    short = link.get_attribute("data-short")
    assert short and short.endswith(".")
    assert short in link.get_attribute("aria-label")
    ActionChains(browser).move_to_element(link).perform()
    popup = browser.find_element(By.ID, "term-popup")
    assert wait_for(lambda: popup.is_displayed() and popup.text == short, 5)


def test_hovering_a_link_between_glossary_entries_shows_the_linked_definition(browser, server, site):
    # The expected definition comes from glossary.json (the term files), not from
    # the page the popup script reads, so a popup showing the wrong entry fails.
    shorts = {anchor: term["short"]
              for term in json.loads((site / "glossary.json").read_text(encoding="utf-8"))["terms"]
              for anchor in term["anchors"]}
    open_page(browser, f"{server}/glossary/index.html")
    links = browser.find_elements(By.CSS_SELECTOR, "dl.glossary > dd a.term-link")
    assert len(links) > 100, "links between glossary entries are missing"
    # A link inside a full entry (an alias's "See ..." entry has no short definition of its own).
    links = browser.execute_script(
        "return arguments[0].filter(a => a.closest('dd').querySelector('.glossary-short'))", links)
    link = links[len(links) // 2]
    expected = shorts[link.get_attribute("href").rpartition("#")[2]]
    own = browser.execute_script("return arguments[0].closest('dd').querySelector('.glossary-short').textContent",
                                 link)
    assert own != expected, "pick a link whose target differs from the entry it sits in"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", link)
    ActionChains(browser).move_to_element(link).perform()
    popup = browser.find_element(By.ID, "term-popup")
    assert wait_for(lambda: popup.is_displayed() and popup.text == expected, 5), (popup.text, expected)


@pytest.mark.parametrize("base", ["http", "file"])
def test_glossary_filter_narrows_the_list(browser, server, site, base):
    root = server if base == "http" else site.as_uri()
    open_page(browser, f"{root}/glossary/index.html")
    box = browser.find_element(By.ID, "glossary-filter")
    total = len(browser.find_elements(By.CSS_SELECTOR, "dl.glossary > dd"))
    box.send_keys("LWS")
    visible = wait_for(lambda: [dt.text for dt in browser.find_elements(By.CSS_SELECTOR, "dl.glossary > dt")
                                if dt.is_displayed()], 5)
    assert "LeaderWorkerSet" in visible
    assert 0 < len(visible) < total


@pytest.mark.parametrize("query,term", QUERIES.items())
def test_search_lists_the_glossary_entry_first(browser, server, query, term):
    open_page(browser, f"{server}/search.html?q={query}")
    first = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "#search-results ul.search li a"), 15)
    assert first, f"no results for {query!r}"
    href = first[0].get_attribute("href")
    assert "glossary/index.html#term-" in href, (query, href, first[0].text)
    card = browser.find_element(By.CSS_SELECTOR, ".glossary-card")
    assert term in card.text and card.find_element(By.TAG_NAME, "a").get_attribute("href").split("#")[1] \
        in {href.split("#")[1], card.find_element(By.TAG_NAME, "a").get_attribute("href").split("#")[1]}


def test_search_card_works_from_disk(browser, site):
    open_page(browser, f"{site.as_uri()}/search.html?q=LWS")
    card = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".glossary-card"), 10)
    assert card and "LeaderWorkerSet" in card[0].text
    # From disk, Sphinx's own search cannot fetch result snippets (browsers block
    # fetch() on file://); leave its console error behind, not in the next test.
    browser.get("about:blank")
    browser.get_log("browser")
