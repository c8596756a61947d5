"""The project's folders, a copy a test or a benchmark may damage, and a strict build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The command `make html` builds with: sphinx-build, without the teardown (tools/sphinx_build.py).
SPHINX_BUILD = [sys.executable, str(ROOT / "tools" / "sphinx_build.py")]
STRICT = ["-n", "-W", "--keep-going"]
# Everything a build reads; copied for the tests that plant defects.
PROJECT_PARTS = ["conf.py", ".gitignore", "docs", "glossary", "diagrams", "data", "examples", "extensions", "tools"]


@dataclass
class Build:
    returncode: int
    output: str
    outdir: Path


def sphinx_build(project: Path, outdir: Path, builder: str = "html", extra: list[str] | None = None,
                 env: dict | None = None, keep_going: bool = True, conf: Path | None = None) -> Build:
    """A strict build of ``project``; ``conf`` is another configuration folder."""
    strict = STRICT if keep_going else [flag for flag in STRICT if flag != "--keep-going"]
    cmd = [*SPHINX_BUILD, "-b", builder, *strict, "-E", "-q", *(extra or []),
           "-c", str(conf or project), str(project / "docs"), str(outdir)]
    # SITE_REPO: where the fixture site's conf.py (tests/fixtures/site) finds the real
    # conf.py, extensions and tools.
    run_env = {**os.environ, "SOURCE_DATE_EPOCH": "1764115200", "SITE_REPO": str(ROOT), **(env or {})}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=run_env, cwd=project, check=False)
    return Build(proc.returncode, proc.stdout + proc.stderr, outdir)


def copy_project(dest: Path) -> Path:
    """A copy of the project that a test may damage (node_modules is linked)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__", "tags", "pairs"))
        else:
            shutil.copy2(src, dest / part)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    if (ROOT / ".git").exists():  # page_dates reads the history (read-only)
        (dest / ".git").symlink_to(ROOT / ".git")
    return dest


def site_files(root: Path) -> dict[Path, bytes]:
    """Every file of a built site, by path: what a reader gets. Not the doctrees, nor
    ``.buildinfo`` (Sphinx's own incremental-build stamp, which hashes the config and so
    the checkout's absolute paths)."""
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".doctrees" not in p.parts and p.name != ".buildinfo"}


def site_differences(a: Path, b: Path) -> list[str]:
    """The files that two built sites do not share byte for byte, named."""
    ours, theirs = site_files(a), site_files(b)
    only = sorted(str(n) for n in set(ours) ^ set(theirs))
    differing = sorted(str(n) for n in set(ours) & set(theirs) if ours[n] != theirs[n])
    return [f"only in one build: {n}" for n in only] + [f"differs: {n}" for n in differing]
