"""Small helpers for the browser tests (Selenium + Debian chromium)."""

from __future__ import annotations

import json
import time
from pathlib import Path

# sphinx-design keeps inactive tabs hidden and sphinxcontrib-mermaid defers
# diagrams in hidden containers until they become visible; show every tab
# and open every <details> so that each diagram gets rendered.
SHOW_HIDDEN = """
const style = document.createElement('style');
style.textContent = '.sd-tab-set > .sd-tab-content {display: block !important}';
document.addEventListener('DOMContentLoaded', () => {
  document.head.appendChild(style);
  document.querySelectorAll('details').forEach(d => d.open = true);
});
"""

DIAGRAM_STATE = """
const pres = [...document.querySelectorAll('pre.mermaid')];
return {
  total: pres.length,
  processed: pres.filter(p => p.getAttribute('data-processed') === 'true').length,
  svgs: pres.filter(p => p.querySelector(':scope > svg')).length,
  errors: document.querySelectorAll('svg[aria-roledescription="error"]').length,
};
"""


def inject_on_new_document(driver, source: str) -> str:
    return driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})["identifier"]


def wait_for(predicate, timeout: float = 15.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value


def diagram_state(driver, expected: int, timeout: float = 20.0) -> dict:
    state = {}

    def done():
        nonlocal state
        state = driver.execute_script(DIAGRAM_STATE)
        return state["total"] == expected and state["svgs"] + state["errors"] >= expected
    wait_for(done, timeout)
    return state


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser")
            if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]]


def requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def pages_with_diagrams(site: Path) -> dict[str, int]:
    found = {}
    for page in sorted(site.rglob("*.html")):
        count = page.read_text(encoding="utf-8").count('class="mermaid"')
        if count:
            found[str(page.relative_to(site))] = count
    return found
