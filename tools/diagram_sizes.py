"""Print, for every diagram on the built site, the on-screen size of its labels at 1280x900.

usage: python tools/diagram_sizes.py [SITE_DIR] [--dark] [--width N]
SITE_DIR defaults to _build/html. One line per diagram: page, diagram file, median and
smallest label size in px (computed font size times the SVG's drawn scale), rendered
width x height, overlapping node boxes; then the median over all diagrams.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devkit.browser import (  # noqa: E402
    SHOW_HIDDEN,
    diagram_state,
    inject_on_new_document,
    open_page,
    pages_with_diagrams,
    serve_directory,
    start_chromium,
)
from devkit.diagram_metrics import HEIGHT, MIN_LABEL_PX, WIDTH, diagram_names, measure, median_px, min_px  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=ROOT / "_build" / "html")
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--width", type=int, default=WIDTH, help=f"window width (default {WIDTH})")
    args = parser.parse_args()
    pages = pages_with_diagrams(args.site)
    driver = start_chromium(Path(tempfile.mkdtemp()), args.width, HEIGHT)
    driver.set_window_size(args.width, HEIGHT)
    # Chromium will not open a window narrower than about 500 px; emulate the viewport.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": args.width, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
    medians, below = [], 0
    try:
        inject_on_new_document(driver, SHOW_HIDDEN)
        with serve_directory(args.site) as base:
            if args.dark:
                open_page(driver, f"{base}/index.html")
                driver.execute_script("localStorage.setItem('theme', 'dark')")
            for page, expected in pages.items():
                open_page(driver, f"{base}/{page}")
                diagram_state(driver, expected)
                result = measure(driver)
                names = diagram_names(ROOT, page)
                for d in result["diagrams"]:
                    name = names[d["index"]] if d["index"] < len(names) else f"#{d['index']}"
                    med = median_px(d)
                    medians.append(med)
                    below += med < MIN_LABEL_PX
                    print(f"{page:45} {name:38} median {med:5.1f} px  min {min_px(d):5.1f} px  "
                          f"{d['width']:5.0f}x{d['height']:<5.0f} overlaps {len(d['overlaps'])}")
                if result["scrollWidth"] > result["clientWidth"]:
                    print(f"{page:45} page scrolls sideways: {result['scrollWidth']} > {result['clientWidth']}")
    finally:
        driver.quit()
    print(f"{len(medians)} diagrams; median of medians {statistics.median(medians):.1f} px; "
          f"{below} with a median below {MIN_LABEL_PX:g} px")


if __name__ == "__main__":
    main()
