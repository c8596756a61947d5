"""axe-core (from npm, pinned) finds no serious or critical violation on any
page, in light and in dark mode. Each page is loaded once, checked, switched to
Furo's dark theme (diagrams re-render) and checked again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devkit.browser import open_page, wait_for

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)));
"""
SERIOUS = ("serious", "critical")


def _violations(browser) -> list[str]:
    found = json.loads(browser.execute_async_script(RUN))
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in found if v["impact"] in SERIOUS]


def test_no_serious_accessibility_violations_light_and_dark(browser, server, html_pages, site):
    source = AXE.read_text(encoding="utf-8")
    browser.set_script_timeout(60)
    found = {}
    for page in html_pages:
        rel = page.relative_to(site)
        open_page(browser, f"{server}/{rel}")
        browser.execute_script(source)
        # Switch themes instantly: contrast measured mid-transition would be wrong.
        browser.execute_script("const s = document.createElement('style');"
                               "s.textContent = '*, *::before, *::after {transition: none !important}';"
                               "document.head.appendChild(s)")
        for theme in ("light", "dark"):
            browser.execute_script(f"document.body.dataset.theme = '{theme}'")
            # Diagrams re-render on a theme change; wait until they are back.
            wait_for(lambda: browser.execute_script(
                "return [...document.querySelectorAll('pre.mermaid')].every(p => p.querySelector(':scope > svg'))"),
                10)
            bad = _violations(browser)
            if bad:
                found[f"{rel} ({theme})"] = bad
    assert not found, json.dumps(found, indent=1)[:4000]
