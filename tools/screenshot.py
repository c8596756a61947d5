"""Take screenshots of built pages in headless Chromium (for reviewing by eye).

usage: python tools/screenshot.py OUT_DIR PAGE [PAGE ...] [--dark] [--width N] [--full]
Pages are paths under _build/html (e.g. engines/llm-d.html), served on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import sys
import functools
import http.server
import threading
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import QuietHandler  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--scroll", type=int, default=0, help="scroll to this y offset first")
    args = parser.parse_args()
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 f"--window-size={args.width},{args.height}", f"--user-data-dir={tempfile.mkdtemp()}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    args.out.mkdir(parents=True, exist_ok=True)
    # Served over http: Chromium gives file:// pages no persistent localStorage,
    # which Furo's theme toggle needs.
    handler = functools.partial(QuietHandler, directory=str(ROOT / "_build" / "html"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        for page in args.pages:
            url = f"{base}/{page}"
            driver.get(url)
            if args.dark:
                driver.execute_script("localStorage.setItem('theme', 'dark')")
                driver.get(url)
            time.sleep(1.5)
            if args.scroll:
                driver.execute_script(f"window.scrollTo(0, {args.scroll})")
                time.sleep(0.5)
            name = page.replace("/", "_").replace(".html", "") + ("-dark" if args.dark else "") + ".png"
            driver.save_screenshot(str(args.out / name))
            print(args.out / name)
    finally:
        driver.quit()
        httpd.shutdown()


if __name__ == "__main__":
    main()
