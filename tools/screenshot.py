"""Take screenshots of built pages in headless Chromium (for reviewing by eye).

usage: python tools/screenshot.py OUT_DIR PAGE [PAGE ...] [--dark] [--width N] [--height N] [--scroll Y]
Pages are paths under _build/html (e.g. engines/llm-d.html), served on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devkit.browser import open_page, serve_directory, start_chromium  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--scroll", type=int, default=0, help="scroll to this y offset first")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    driver = start_chromium(Path(tempfile.mkdtemp()), args.width, args.height)
    # Served over http: Chromium gives file:// pages no persistent localStorage,
    # which Furo's theme toggle needs.
    try:
        with serve_directory(ROOT / "_build" / "html") as base:
            for page in args.pages:
                url = f"{base}/{page}"
                open_page(driver, url)
                if args.dark:
                    driver.execute_script("localStorage.setItem('theme', 'dark')")
                    open_page(driver, url)
                time.sleep(1.5)
                if args.scroll:
                    driver.execute_script(f"window.scrollTo(0, {args.scroll})")
                    time.sleep(0.5)
                name = page.replace("/", "_").replace(".html", "") + ("-dark" if args.dark else "") + ".png"
                driver.save_screenshot(str(args.out / name))
                print(args.out / name)
    finally:
        driver.quit()

if __name__ == "__main__":
    main()
