"""The comparison matrix in headless Chromium: fits a 1366x768 laptop with a
sticky header, keeps a narrowed view in the URL, opens every disclosure from
the keyboard, stacks at 390 px and prints every platform on landscape A4."""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from devkit.browser import open_page, wait_for

MATRIX = "compare/matrix.html"
RAW_URL = re.compile(r"https?://\w")

LAYOUT = """
const vw = document.documentElement.clientWidth;
const table = document.querySelector('table.mx-matrix');
const heads = [...table.tHead.rows[0].cells].slice(1);
return {
  vw,
  pageWidth: document.documentElement.scrollWidth,
  offscreen: heads.filter(th => { const r = th.getBoundingClientRect(); return r.left < 0 || r.right > vw + 0.5; })
                  .map(th => th.dataset.e),
  columns: heads.length,
  cellText: [...table.querySelectorAll('td')].map(td => td.innerText).join('\\n'),
  rowsWithoutAnchor: [...table.querySelectorAll('tbody tr[data-d]')]
      .filter(tr => !tr.id || !tr.querySelector(`a[href="#${tr.id}"]`)).map(tr => tr.dataset.d),
};
"""


def _viewport(browser, width: int, height: int, mobile: bool = False) -> None:
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


@pytest.fixture
def laptop(browser):
    _viewport(browser, 1366, 768)
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


@pytest.mark.browser
@pytest.mark.parametrize("base", ["http", "file"])
def test_matrix_fits_a_1366x768_screen_with_a_sticky_header_and_row_anchors(laptop, server, site, base):
    root = server if base == "http" else site.as_uri()
    open_page(laptop, f"{root}/{MATRIX}")
    layout = laptop.execute_script(LAYOUT)
    assert layout["columns"] == 6
    assert not layout["offscreen"], f"platform columns off screen: {layout['offscreen']}"
    assert layout["pageWidth"] <= layout["vw"], "the page scrolls sideways"
    assert not RAW_URL.search(layout["cellText"]), RAW_URL.search(layout["cellText"])
    # Open every disclosure too: no raw URL inside the explanations either.
    laptop.execute_script("document.querySelectorAll('table.mx-matrix details').forEach(d => d.open = true)")
    layout = laptop.execute_script(LAYOUT)
    assert not RAW_URL.search(layout["cellText"]), RAW_URL.search(layout["cellText"])
    assert layout["pageWidth"] <= layout["vw"], "opened cells make the page scroll sideways"
    assert not layout["rowsWithoutAnchor"], layout["rowsWithoutAnchor"]
    # Scroll to the middle of the first table: its header row is still at the top of the view.
    top = laptop.execute_script("""
        const t = document.querySelector('table.mx-matrix'), r = t.getBoundingClientRect();
        window.scrollTo({top: window.scrollY + r.top + r.height / 2, behavior: 'instant'});
        return [window.scrollY, t.tHead.rows[0].cells[1].getBoundingClientRect().top];""")
    assert top[0] > 1000 and 0 <= top[1] < 5, f"the header row is not sticky (scrolled {top[0]}px, top at {top[1]}px)"


@pytest.mark.browser
@pytest.mark.parametrize("base", ["http", "file"])
def test_narrowed_view_is_kept_in_the_url(laptop, server, site, base):
    root = server if base == "http" else site.as_uri()
    open_page(laptop, f"{root}/{MATRIX}")
    form = laptop.find_element(By.CSS_SELECTOR, "form.mx-controls")
    for engine in ("aibrix", "kserve", "llmaz", "ome"):
        form.find_element(By.CSS_SELECTOR, f"input[name=p][value='{engine}']").click()
    form.find_element(By.CSS_SELECTOR, "input[name=g][value=project]").click()
    form.find_element(By.CSS_SELECTOR, "input[name=diff]").click()
    # A file:// page may refuse history changes; its "Link to this view" carries the state.
    link = form.find_element(By.CSS_SELECTOR, ".mx-status a").get_attribute("href")
    if base == "http":
        assert laptop.current_url == link
    assert "p=kthena,llm-d" in link and "g=api,serving,operations" in link and "diff=1" in link

    # open_page waits for the new document (the link can equal the current URL);
    # then wait until matrix.js has applied the state read from the query.
    open_page(laptop, link)
    shown = []

    def narrowed() -> bool:
        nonlocal shown
        shown = laptop.execute_script(
            "if (!document.querySelector('form.mx-controls')) return null;"
            "return [...document.querySelectorAll('table.mx-matrix')[0].tHead.rows[0].cells]"
            ".filter(c => !c.hidden && c.dataset.e).map(c => c.dataset.e)")
        return shown == ["kthena", "llm-d"]
    wait_for(narrowed, timeout=10)
    assert shown == ["kthena", "llm-d"], f"{link} shows the platforms {shown} (null: matrix.js never ran)"
    rows = laptop.execute_script("""
        const t = document.querySelectorAll('table.mx-matrix')[0];
        return [...t.querySelectorAll('tbody tr[data-d]')].map(tr => ({
          d: tr.dataset.d, group: tr.parentElement.dataset.g, hidden: tr.hidden || tr.parentElement.hidden,
          values: [...tr.cells].filter(c => c.dataset.e && !c.hidden).map(c => c.dataset.v)}));""")
    visible = [r for r in rows if not r["hidden"]]
    assert visible and all(r["group"] != "project" for r in visible)
    assert all(len(set(r["values"])) == 2 for r in visible), "a row where they agree is shown"
    assert any(r["group"] != "project" and len(set(r["values"])) == 1 for r in rows if r["hidden"])
    checked = laptop.execute_script("return [...document.querySelectorAll('form.mx-controls input:checked')]"
                                    ".map(i => i.name + '=' + i.value)")
    assert checked == ["p=kthena", "p=llm-d", "g=api", "g=serving", "g=operations", "diff=1"]


@pytest.mark.browser
def test_every_disclosure_opens_with_enter_or_space(laptop, server):
    failed = []
    for page in (MATRIX, "compare/pairs/kserve-vs-llm-d.html"):
        open_page(laptop, f"{server}/{page}")
        summaries = laptop.find_elements(By.CSS_SELECTOR, "table.mx-matrix details > summary")
        assert len(summaries) >= 2 * 19
        for i, summary in enumerate(summaries):
            key = Keys.ENTER if i % 2 else Keys.SPACE
            summary.send_keys(key)
            if not summary.find_element(By.XPATH, "..").get_attribute("open"):
                failed.append(f"{page} #{i} ({'Enter' if i % 2 else 'Space'})")
            # The explanation and its source are then shown.
            more = summary.find_element(By.XPATH, "../div[contains(@class, 'mx-more')]")
            if not more.is_displayed():
                failed.append(f"{page} #{i}: explanation not shown")
    assert not failed, failed[:10]


@pytest.mark.browser
def test_small_screen_stacks_the_matrix_without_sideways_scrolling(browser, server):
    _viewport(browser, 390, 844, mobile=True)
    try:
        open_page(browser, f"{server}/{MATRIX}")
        state = browser.execute_script("""
            const td = document.querySelector('table.mx-matrix tbody td');
            return {vw: document.documentElement.clientWidth, page: document.documentElement.scrollWidth,
                    display: getComputedStyle(td).display, label: getComputedStyle(td, '::before').content};""")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert state["vw"] == 390 and state["page"] <= 390, state
    assert state["display"] != "table-cell" and "AIBrix" in state["label"], state


@pytest.mark.browser
def test_print_fits_every_platform_on_landscape_a4(laptop, server):
    # A4 landscape less 10 mm margins, at 96 px per inch: 277 mm = 1047 px.
    _viewport(laptop, 1047, 718)
    open_page(laptop, f"{server}/{MATRIX}")
    laptop.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    laptop.execute_script("window.dispatchEvent(new Event('beforeprint'))")
    layout = laptop.execute_script(LAYOUT)
    assert not layout["offscreen"] and layout["pageWidth"] <= layout["vw"], layout["offscreen"]
    assert wait_for(lambda: laptop.execute_script(
        "return [...document.querySelectorAll('table.mx-matrix details')].every(d => d.open)"), 2)


@pytest.mark.browser
def test_without_javascript_the_full_matrix_is_there_and_its_cells_open(laptop, server):
    laptop.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        open_page(laptop, f"{server}/{MATRIX}")
        # The page's scripts are off; the DevTools protocol still evaluates ours (retried:
        # right after navigation the page's context may not take an evaluation yet).
        def evaluate():
            return laptop.execute_cdp_cmd("Runtime.evaluate", {"expression": f"(() => {{{LAYOUT}}})()",
                                                               "returnByValue": True})
        layout = wait_for(lambda: (lambda r: r if "value" in r.get("result", {}) else None)(evaluate()), 5) \
            or evaluate()
    finally:
        laptop.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    assert laptop.find_elements(By.CSS_SELECTOR, "form.mx-controls") == []
    assert "value" in layout.get("result", {}), layout
    state = layout["result"]["value"]
    assert state["columns"] == 6 and not state["offscreen"]
    hidden = laptop.find_elements(By.CSS_SELECTOR, "table.mx-matrix [hidden]")
    assert hidden == []
    summary = laptop.find_element(By.CSS_SELECTOR, "table.mx-matrix details > summary")
    summary.send_keys(Keys.ENTER)
    assert summary.find_element(By.XPATH, "..").get_attribute("open")
