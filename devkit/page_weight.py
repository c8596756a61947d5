"""What a built page costs a reader: its HTML and every file it loads (stylesheets,
scripts, images, and what those stylesheets load), raw and gzipped.

Shared by ``tools/bench.py`` (the page-weight figures and their budgets) and
``tests/site/test_diagram_cache.py`` (a diagram page loads at most 1.5 MB, issue 21).
"""

from __future__ import annotations

import functools
import gzip
import re
from dataclasses import dataclass
from pathlib import Path

# The budget for a page with diagrams, everything it loads (issue 21).
DIAGRAM_PAGE_BUDGET = 1.5 * 1024 * 1024
MERMAID_BUNDLE = "mermaid.min.js"
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")


@dataclass
class Weight:
    raw: int      # bytes on disk: what a reader gets from a server that does not compress
    gzipped: int  # bytes after gzip -6, as a typical web server sends them
    requests: int
    mermaid: bool  # loads the Mermaid bundle
    files: tuple[Path, ...] = ()


@functools.cache
def _gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def _local(base: Path, ref: str) -> Path | None:
    if not ref or "://" in ref or ref.startswith(("data:", "#", "//")):
        return None
    target = (base / ref.split("?")[0].split("#")[0]).resolve()
    return target if target.is_file() else None


def page_weight(page: Path) -> Weight:
    """The page and everything it loads from the site: CSS (and its url()s), JS, images."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    files = {page.resolve()}
    for el in soup.find_all(["script", "link", "img"]):
        if el.name == "link" and not {"stylesheet", "icon"} & set(el.get("rel") or []):
            continue
        target = _local(page.parent, el.get("src") or el.get("href") or "")
        if target:
            files.add(target)
    for css in [f for f in files if f.suffix == ".css"]:
        for ref in CSS_URL.findall(css.read_text(encoding="utf-8")):
            target = _local(css.parent, ref)
            if target:
                files.add(target)
    ordered = tuple(sorted(files))
    return Weight(sum(f.stat().st_size for f in ordered), sum(_gzipped_size(f) for f in ordered), len(ordered),
                  any(f.name == MERMAID_BUNDLE for f in ordered), ordered)
