"""Diagrams a reader can read (issue 15), in headless Chromium at a 1280x900 window:

- every label of every diagram on every page is at least 11 px on screen (its computed
  font size times the scale the SVG is drawn at), in light and in dark mode;
- no two node boxes, no node box and subgraph, and no two edge labels overlap;
- no diagram page scrolls sideways;
- on a 390 px wide phone screen a diagram's own box scrolls sideways instead of its
  labels shrinking below 11 px, and the page still does not scroll sideways;
- every rendered diagram carries its text alternative (SVG <title> and <desc> from
  accTitle/accDescr) and a visible caption;
- the full-screen view, opened from a page on disk (file://), zooms and pans with the
  keyboard, the wheel and a drag, and Escape closes it.
"""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from devkit.browser import (
    SHOW_HIDDEN,
    console_errors,
    diagram_state,
    inject_on_new_document,
    open_page,
    pages_with_diagrams,
    start_chromium,
    wait_for,
)
from devkit.diagram_metrics import HEIGHT, MIN_LABEL_PX, WIDTH, measure, median_px, min_px

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def window(tmp_path_factory):
    """Chromium at the window size the size rule is stated for."""
    driver = start_chromium(tmp_path_factory.mktemp("chromium-1280x900"), WIDTH, HEIGHT, logs=True)
    driver.set_window_size(WIDTH, HEIGHT)
    inject_on_new_document(driver, SHOW_HIDDEN)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def diagram_pages(site):
    pages = pages_with_diagrams(site)
    assert pages, "the site has no diagrams"
    return pages


def _measure_all(driver, base: str, pages: dict[str, int]) -> dict[str, dict]:
    found = {}
    for page, expected in pages.items():
        open_page(driver, f"{base}/{page}")
        state = diagram_state(driver, expected)
        assert state.get("svgs") == expected, f"{page}: diagrams did not render: {state}"
        found[page] = measure(driver)
    return found


@pytest.fixture(scope="module")
def light(window, server, diagram_pages):
    return _measure_all(window, server, diagram_pages)


@pytest.fixture(scope="module")
def dark(window, server, diagram_pages):
    open_page(window, f"{server}/index.html")
    window.execute_script("localStorage.setItem('theme', 'dark')")
    try:
        found = _measure_all(window, server, diagram_pages)
        assert window.execute_script("return document.body.dataset.theme") == "dark"
    finally:
        window.execute_script("localStorage.removeItem('theme')")
    return found


def _small_labels(measured: dict[str, dict]) -> list[str]:
    problems = []
    for page, result in measured.items():
        for d in result["diagrams"]:
            if not d["labels"]:
                problems.append(f"{page} diagram {d['index']}: no labels measured")
            elif min_px(d) < MIN_LABEL_PX:
                small = sorted({label["text"] for label in d["labels"] if label["px"] < MIN_LABEL_PX})[:5]
                problems.append(f"{page} diagram {d['index']} ({d['title'] or d['caption'][:40]}): "
                                f"smallest label {min_px(d):.1f} px, median {median_px(d):.1f} px, e.g. {small}")
    return problems


def test_every_label_is_at_least_11px_in_light_mode(light):
    assert not _small_labels(light)


def test_every_label_is_at_least_11px_in_dark_mode(dark):
    assert not _small_labels(dark)


def test_no_overlapping_boxes_or_labels(light):
    problems = [f"{page} diagram {d['index']}: {d['overlaps']}"
                for page, result in light.items() for d in result["diagrams"] if d["overlaps"]]
    assert not problems


def test_no_diagram_page_scrolls_sideways(light, dark):
    problems = [f"{mode} {page}: {r['scrollWidth']} > {r['clientWidth']}"
                for mode, measured in (("light", light), ("dark", dark))
                for page, r in measured.items() if r["scrollWidth"] > r["clientWidth"]]
    assert not problems


def test_on_a_phone_labels_stay_11px_and_only_the_diagram_box_scrolls(window, server, diagram_pages):
    # Chromium opens no window narrower than about 500 px: emulate the viewport.
    window.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": False})
    try:
        phone = _measure_all(window, server, diagram_pages)
    finally:
        window.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert all(r["clientWidth"] <= 390 for r in phone.values()), "the viewport was not emulated"
    problems = _small_labels(phone) + [f"{page}: page scrolls sideways, {r['scrollWidth']} > {r['clientWidth']}"
                                       for page, r in phone.items() if r["scrollWidth"] > r["clientWidth"]]
    assert not problems


def test_every_diagram_has_a_title_description_and_caption(light):
    problems = [f"{page} diagram {d['index']}: title {d['title']!r}, description {d['desc'][:30]!r}, "
                f"caption {d['caption'][:30]!r}"
                for page, result in light.items() for d in result["diagrams"]
                if not (d["title"] and len(d["desc"]) >= 40 and d["caption"])]
    assert not problems


TRANSFORM = """
const pre = document.querySelector('.mermaid-fullscreen-modal.active .mermaid-container-fullscreen pre.mermaid');
if (!pre) return null;
const m = new DOMMatrixReadOnly(getComputedStyle(pre).transform);
return {scale: Math.round(m.a * 1000) / 1000, x: Math.round(m.e), y: Math.round(m.f)};
"""

WHEEL_UP = """
const area = document.querySelector('.mermaid-fullscreen-modal.active .mermaid-container-fullscreen');
const r = area.getBoundingClientRect();
area.dispatchEvent(new WheelEvent('wheel', {deltaY: -120, clientX: r.x + r.width / 2,
                                            clientY: r.y + r.height / 2, bubbles: true, cancelable: true}));
"""


def test_full_screen_view_zooms_and_pans_from_disk(window, site):
    page = "engines/kserve.html"
    window.get_log("browser")
    open_page(window, (site / page).as_uri())
    expected = pages_with_diagrams(site)[page]
    diagram_state(window, expected)
    assert wait_for(lambda: window.execute_script(
        "return document.querySelectorAll('.mermaid-fullscreen-btn').length") == expected), "no full-screen buttons"
    opener = window.find_elements("css selector", ".mermaid-fullscreen-btn")[0]
    window.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", opener)
    opener.click()

    def settled(check):
        return wait_for(lambda: (t := window.execute_script(TRANSFORM)) and check(t) and t, 5)

    assert settled(lambda t: t["scale"] == 1), "the full-screen view did not open with the diagram"
    keys = ActionChains(window)
    keys.send_keys("+").perform()
    zoomed = settled(lambda t: t["scale"] > 1.2)
    assert zoomed, f"+ did not zoom in: {window.execute_script(TRANSFORM)}"
    keys.send_keys(Keys.ARROW_LEFT).perform()
    assert settled(lambda t: t["x"] > zoomed["x"]), "the left arrow did not pan"
    assert window.execute_script("return !!document.querySelector('.mermaid-fullscreen-modal.active')"), \
        "an arrow key left the view (the theme's page navigation ran)"
    keys.send_keys("0").perform()
    assert settled(lambda t: t["scale"] == 1 and t["x"] == 0), "0 did not reset"
    window.execute_script(WHEEL_UP)
    assert settled(lambda t: t["scale"] > 1.05), "the wheel did not zoom"
    keys.send_keys("0").perform()
    area = window.find_element("css selector", ".mermaid-fullscreen-modal.active .mermaid-container-fullscreen")
    ActionChains(window).move_to_element(area).click_and_hold().move_by_offset(80, 40).release().perform()
    assert settled(lambda t: t["x"] >= 60 and t["y"] >= 30), "a drag did not pan"
    keys.send_keys(Keys.ESCAPE).perform()
    time.sleep(0.2)
    assert window.execute_script("return document.querySelector('.mermaid-fullscreen-modal.active')") is None, \
        "Escape did not close the view"
    assert window.execute_script("return document.activeElement.classList.contains('mermaid-fullscreen-btn')"), \
        "focus did not return to the button that opened the view"
    assert not console_errors(window)
