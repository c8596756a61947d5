"""The head-to-head and compatibility pages stay readable: at a 1280 px window
every diagram label renders at 11 px or more, every diagram carries its
accessible title and description, and no table needs sideways scrolling, at
1280 px nor at 390 px (where the tables stack into labelled cards)."""

from __future__ import annotations

import pytest

from devkit.browser import diagram_state, open_page

pytestmark = pytest.mark.browser

PAGES = {  # page -> number of diagrams on it
    "compare/llm-d-vs-dynamo.html": 1,
    "compare/kserve-and-llm-d.html": 1,
    "compare/multi-node-workloads.html": 2,
    "compare/request-routers.html": 1,
    "compare/compatibility.html": 0,
}
MIN_LABEL_PX = 11

# Smallest on-screen font size of any label, per diagram: the computed font size
# (in SVG user units) times the SVG's rendered width over its viewBox width.
LABEL_SIZES = """
// A diagram drawn at build time holds a light and a dark drawing; CSS shows one.
return [...document.querySelectorAll('pre.mermaid > svg')]
    .filter(svg => getComputedStyle(svg).display !== 'none').map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const labels = [...svg.querySelectorAll('.nodeLabel, .edgeLabel, .cluster-label, text')]
    .filter(el => el.textContent.trim());
  const sizes = labels.map(el => parseFloat(getComputedStyle(el).fontSize) * scale);
  return {
    min: sizes.length ? Math.min(...sizes) : null,
    title: (svg.querySelector('title') || {}).textContent || '',
    desc: (svg.querySelector('desc') || {}).textContent || '',
  };
});
"""

OVERFLOW = """
const wide = [...document.querySelectorAll('article table')]
  .filter(t => t.getBoundingClientRect().width > t.closest('article').getBoundingClientRect().width + 1)
  .map(t => (t.querySelector('th, td') || {}).textContent);
return {page: document.documentElement.scrollWidth > window.innerWidth, tables: wide};
"""


@pytest.fixture
def window_1280(browser):
    size = browser.get_window_size()
    browser.set_window_size(1280, 900)
    yield browser
    browser.set_window_size(size["width"], size["height"])


@pytest.fixture(params=[1280, 390])
def window(browser, request):
    size = browser.get_window_size()
    browser.set_window_size(request.param, 900)
    yield browser
    browser.set_window_size(size["width"], size["height"])


@pytest.mark.parametrize("page", [p for p, n in PAGES.items() if n])
def test_diagram_labels_readable_and_described(window_1280, server, page):
    browser = window_1280
    open_page(browser, f"{server}/{page}")
    state = diagram_state(browser, PAGES[page])
    assert state.get("svgs") == PAGES[page], state
    for i, found in enumerate(browser.execute_script(LABEL_SIZES)):
        assert found["min"] is not None, f"{page} diagram {i}: no labels found"
        assert found["min"] >= MIN_LABEL_PX, f"{page} diagram {i}: smallest label {found['min']:.1f} px"
        assert found["title"].strip() and found["desc"].strip(), f"{page} diagram {i}: no accTitle/accDescr"


@pytest.mark.parametrize("page", list(PAGES))
def test_no_sideways_scrolling(window, server, page):
    browser = window
    open_page(browser, f"{server}/{page}")
    diagram_state(browser, PAGES[page])
    result = browser.execute_script(OVERFLOW)
    assert not result["page"] and not result["tables"], result
