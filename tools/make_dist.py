"""Zip the built site for reading on another machine (``make dist``).

The zip holds the html folder as it is; open ``index.html`` from it. Entries
are sorted and stamped with SOURCE_DATE_EPOCH so the archive is reproducible.
"""

from __future__ import annotations

import os
import sys
import time
import zipfile
from pathlib import Path


def main(html: Path, dist: Path) -> Path:
    if not (html / "index.html").is_file():
        sys.exit(f"{html} holds no built site; run `make html` first")
    stamp = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", "1764115200")))[:6]
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / "llm-k8s-reference-html.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in html.rglob("*") if p.is_file() and ".doctrees" not in p.parts
                           and p.name != ".buildinfo"):
            info = zipfile.ZipInfo(str(Path("llm-k8s-reference") / path.relative_to(html)), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    print(f"wrote {target} ({target.stat().st_size // 1024} KiB); unzip it and open llm-k8s-reference/index.html")
    return target


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
