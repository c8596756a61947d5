"""Every diagram on the built site renders to SVG in headless Chromium, over
http and from disk (file://), in light and dark mode, with no mermaid error and
no console error; and no page requests anything outside 127.0.0.1."""

from __future__ import annotations

import pytest

from devkit.browser import (
    SHOW_HIDDEN,
    console_errors,
    diagram_state,
    inject_on_new_document,
    open_page,
    pages_with_diagrams,
    requested_urls,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def diagram_pages(site):
    pages = pages_with_diagrams(site)
    assert pages, "the site has no diagrams"
    return pages


@pytest.fixture
def show_hidden(browser):
    script = inject_on_new_document(browser, SHOW_HIDDEN)
    yield
    browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script})


def _check_all(browser, base: str, pages: dict[str, int]) -> list[str]:
    problems = []
    browser.get_log("browser")
    for page, expected in pages.items():
        open_page(browser, f"{base}/{page}")
        state = diagram_state(browser, expected)
        if state.get("svgs") != expected or state.get("errors"):
            problems.append(f"{page}: expected {expected} diagrams, got {state}")
        errors = console_errors(browser)
        if errors:
            problems.append(f"{page}: console errors {errors}")
    return problems


def test_every_diagram_renders_over_http(browser, server, diagram_pages, show_hidden):
    assert not _check_all(browser, server, diagram_pages)


def test_every_diagram_renders_from_disk(browser, site, diagram_pages, show_hidden):
    assert not _check_all(browser, site.as_uri(), diagram_pages)


def test_diagrams_rerender_in_dark_mode(browser, server, diagram_pages, show_hidden):
    open_page(browser, f"{server}/index.html")
    browser.execute_script("localStorage.setItem('theme', 'dark')")
    try:
        problems = _check_all(browser, server, diagram_pages)
        open_page(browser, f"{server}/{next(iter(diagram_pages))}")
        assert browser.execute_script("return document.body.dataset.theme") == "dark"
        fill = browser.execute_script(
            "const r = document.querySelector("
            "'pre.mermaid svg rect, pre.mermaid svg .node rect, pre.mermaid svg path');"
            "return r ? getComputedStyle(r).fill : null")
        assert fill is not None
    finally:
        browser.execute_script("localStorage.removeItem('theme')")
    assert not problems


def test_every_page_loads_cleanly_and_only_from_loopback(browser, server, html_pages, site):
    """One visit per page: no console error, and no request leaves 127.0.0.1."""
    off_host, errors = {}, {}
    browser.get_log("performance")
    browser.get_log("browser")
    for page in html_pages:
        rel = str(page.relative_to(site))
        open_page(browser, f"{server}/{rel}")
        urls = [u for u in requested_urls(browser)
                if not u.startswith((server, "data:", "blob:", "about:", "chrome"))]
        if urls:
            off_host[rel] = urls
        found = console_errors(browser)
        if found:
            errors[rel] = found
    assert not off_host, f"requests outside 127.0.0.1: {off_host}"
    assert not errors, f"console errors: {errors}"
