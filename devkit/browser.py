"""A loopback HTTP server, headless Debian Chromium (Selenium), and in-page helper scripts."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import threading
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


def open_page(driver, url: str, timeout: float = 20.0) -> None:
    """``driver.get(url)``, then wait until a new document has finished loading.

    ChromeDriver's get() can return while the previous document is still shown,
    or while the next one is still parsing and its deferred scripts have not run
    (seen in CI when the URL equals the current one, as when a test reopens the
    page it is on). The old document is marked first, so a read that follows
    this call always sees the page that was asked for, after its scripts ran.
    """
    # No document to mark (a closed or crashed tab): get() then starts afresh.
    with contextlib.suppress(Exception):
        driver.execute_script("window.siteTestPreviousDocument = true")
    driver.get(url)
    if not wait_for(lambda: driver.execute_script(
            "return !window.siteTestPreviousDocument && document.readyState === 'complete'"), timeout):
        raise AssertionError(f"{url} did not finish loading within {timeout} s")


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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Also serves the site's 404.html for a missing path, as static hosts do."""

    def log_message(self, *args):  # keep test output readable
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory, "404.html")
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve_directory(directory: Path):
    """Serve a folder on 127.0.0.1 (a free port) for as long as the block runs."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def start_chromium(profile_dir: Path, width: int = 1280, height: int = 1000, logs: bool = False):
    """Headless Debian Chromium with an explicit driver path: nothing is downloaded.

    The background-networking flags stop Chromium's own calls home, which this
    machine's closed network would refuse (and which would show up as requests
    leaving 127.0.0.1).
    """
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        raise RuntimeError("Debian's chromium and chromium-driver are required "
                           "(apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    # Selenium Manager would otherwise try to download a driver and send telemetry.
    os.environ["SE_AVOID_STATS"] = "true"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", f"--window-size={width},{height}",
                 f"--user-data-dir={profile_dir}"):
        options.add_argument(flag)
    if logs:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    return driver
