"""axe-core (from npm, pinned) finds no serious or critical violation on any
page, in light and in dark mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)));
"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_serious_accessibility_violations(browser, server, html_pages, site, theme):
    source = AXE.read_text(encoding="utf-8")
    browser.set_script_timeout(60)
    browser.get(f"{server}/index.html")
    browser.execute_script(f"localStorage.setItem('theme', '{theme}')")
    found = {}
    try:
        for page in html_pages:
            rel = page.relative_to(site)
            browser.get(f"{server}/{rel}")
            browser.execute_script(source)
            violations = json.loads(browser.execute_async_script(RUN))
            bad = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in violations
                   if v["impact"] in ("serious", "critical")]
            if bad:
                found[str(rel)] = bad
    finally:
        browser.execute_script("localStorage.removeItem('theme')")
    assert not found, json.dumps(found, indent=1)[:4000]
