"""Run sphinx-build only when an input changed since the last successful build.

usage: python tools/build_if_changed.py --state FILE --jobs JOBS -- sphinx-build ARGS...

`make html` calls this. Sphinx's own no-op rebuild still starts Python, imports
Sphinx and every extension and loads the environment (about 1.5 s on the 2-core
build machine); when nothing it reads has changed there is nothing to do, so this
compares the inputs with those recorded by the last successful build and stops
early (like make, by modification time and size). The inputs are the files git
lists (tracked or new, not ignored) under the folders and files in INPUTS, the
command line and SOURCE_DATE_EPOCH. Outside a git checkout it always builds.

It also picks the number of processes. Forking parallel readers and writers
costs more than it saves when one or two pages changed, so with ``--jobs auto``
an edit of at most SMALL_EDIT pages under docs/ (nothing else changed) builds
serially. Any other build with ``--jobs auto`` runs two processes per core, not
Sphinx's one: under ``-j N`` Sphinx writes pages in N-1 worker processes while the
main process resolves each page's references, so with one per core a 2-core
machine writes with one worker and the main process waits on it. Measured on the
2-core build machine, clean build: ``-j auto`` 9.9-11.9 s, ``-j 4`` 8.6-9.8 s, and
the peak memory fell from ~250 to ~225 MB (each worker writes fewer pages). Output
is byte-identical either way (tests/build_checks).

Sphinx writes every page it considers outdated, including pages whose HTML comes
out the same (the parent in the table of contents of an edited page, the search
and 404 pages). After a successful build, an output file whose bytes are the same
as after the previous build gets its previous modification time back, so a sync
tool, a browser cache or a live-reload server sees only the pages that really
changed. (Sphinx has no public hook to skip writing an unchanged page; restoring
the timestamp is the least intrusive way to the same result.)

The record is removed before a build and written only after it succeeds, so an
interrupted or failed build is never taken for an up-to-date one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ["conf.py", "docs", "glossary", "diagrams", "data", "extensions", "examples", "tools/mermaid-lint.mjs",
          "requirements.lock", "package-lock.json"]
SMALL_EDIT = 2
# Sphinx notices changed pages, conf.py and (through our extensions) data, terms and
# diagrams, but not a change to the extensions' own code or to the installed
# packages: after one of these, every page is read again (sphinx-build -E).
CODE = ("extensions/", "tools/mermaid-lint.mjs", "requirements.lock", "package-lock.json")


def input_files(root: Path) -> dict[str, list[int]] | None:
    """path -> [mtime_ns, size] of every input file, or None outside a git checkout."""
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
                                 "--exclude-standard", "--", *INPUTS],
                                capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    files = {}
    for name in sorted(set(listed.decode("utf-8").split("\0")) - {""}):
        try:
            stat = (root / name).stat()
        except FileNotFoundError:
            continue  # deleted but still in the index: its absence is the change
        files[name] = [stat.st_mtime_ns, stat.st_size]
    return files


def output_files(outdir: Path, skip: Path) -> dict[str, list]:
    """relative path -> [sha256, mtime_ns] of every built file outside ``skip`` (the doctrees)."""
    files = {}
    for path in sorted(outdir.rglob("*")):
        if path.is_file() and skip not in path.parents:
            files[path.relative_to(outdir).as_posix()] = [hashlib.sha256(path.read_bytes()).hexdigest(),
                                                          path.stat().st_mtime_ns]
    return files


def keep_unchanged_times(outdir: Path, skip: Path, before: dict[str, list], srcdir: Path) -> dict[str, list]:
    """Give every output file with the same bytes as ``before`` its earlier mtime back; the new record.

    Not for a page whose source is newer than that earlier time: Sphinx rebuilds a page
    whose output is older than its source, so it would rewrite that page on every build.
    """
    after = output_files(outdir, skip)
    for name, (digest, mtime) in after.items():
        old = before.get(name)
        if not old or old[0] != digest or old[1] == mtime:
            continue
        source = srcdir / (name[:-len(".html")] + ".md") if name.endswith(".html") else None
        if source is not None and source.exists() and source.stat().st_mtime_ns > old[1]:
            continue
        os.utime(outdir / name, ns=(old[1], old[1]))
        after[name] = [digest, old[1]]
    return after


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", type=Path, required=True)
    parser.add_argument("--jobs", default="auto")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (default: this repository)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the sphinx-build command after --")

    files = input_files(args.root)
    setting = {"command": command, "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", "")}
    try:
        previous = json.loads(args.state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = None
    same_setting = previous is not None and {k: previous.get(k) for k in setting} == setting
    if files is not None and same_setting and previous.get("files") == files:
        print(f"{command[-1]}: up to date (no input changed since the last build)")
        return 0

    jobs, fresh = args.jobs, []
    if files is not None and same_setting:
        old = previous.get("files") or {}
        changed = {name for name in files.keys() | old.keys() if files.get(name) != old.get(name)}
        if jobs == "auto" and 0 < len(changed) <= SMALL_EDIT \
                and all(n.startswith("docs/") and n.endswith(".md") for n in changed):
            jobs = "1"
        if any(name.startswith(CODE) for name in changed):
            fresh = ["-E"]
    elif (args.state.parent / "environment.pickle").exists():
        # No record of the last successful build (it failed, was interrupted or ran
        # with other settings) but Sphinx kept its environment: what changed since is
        # unknown, extension code included, which Sphinx would not notice. Read every
        # page again rather than reuse pages made by other code.
        fresh = ["-E"]
    if jobs == "auto":
        jobs = str(2 * (os.cpu_count() or 1))

    args.state.unlink(missing_ok=True)
    outdir, doctrees = Path(command[-1]), args.state.parent
    outputs = (previous or {}).get("outputs") or {}
    result = subprocess.run([*command, *fresh, "-j", jobs])
    if result.returncode == 0 and files is not None:
        outputs = keep_unchanged_times(outdir, doctrees, outputs, Path(command[-2]))
        args.state.parent.mkdir(parents=True, exist_ok=True)
        args.state.write_text(json.dumps({**setting, "files": files, "outputs": outputs}), encoding="utf-8")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
