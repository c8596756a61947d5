"""Build the site from clean several times the way `make html` does and compare every file.

usage: python tools/repro_check.py [PAIRS] [--jobs auto]

Prints, for each pair of clean builds (-j auto by default, as `make html`),
whether every output file is byte-identical, and the files that differ. The
test suite compares four clean builds per run; this is the longer measurement
(issue 20 asked for five pairs in a row). Exit status 1 if any pair differs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devkit.project import copy_project, sphinx_build  # noqa: E402


def files(root: Path) -> dict[Path, bytes]:
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".doctrees" not in p.parts and p.name != ".buildinfo"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", type=int, nargs="?", default=5)
    parser.add_argument("--jobs", default="auto")
    args = parser.parse_args()
    failed = 0
    with tempfile.TemporaryDirectory() as work:
        project = copy_project(Path(work) / "project")
        for pair in range(1, args.pairs + 1):
            outs = []
            for run in ("a", "b"):
                out = Path(work) / f"html-{pair}{run}"
                build = sphinx_build(project, out, extra=["-j", args.jobs])
                if build.returncode != 0:
                    print(build.output[-3000:])
                    return 1
                outs.append(files(out))
            differing = sorted(str(n) for n in set(outs[0]) | set(outs[1]) if outs[0].get(n) != outs[1].get(n))
            failed += bool(differing)
            verdict = "byte-identical" if not differing else f"DIFFER in {len(differing)} files: {differing[:10]}"
            print(f"pair {pair}: {len(outs[0])} files, {verdict}", flush=True)
    print(f"{args.pairs - failed} of {args.pairs} pairs byte-identical (-j {args.jobs})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
