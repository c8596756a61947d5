"""tools/build_if_changed.py, which `make html` runs: sphinx-build is skipped only when
no input changed since the last successful build, and a small page edit builds serially."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from devkit.project import ROOT

# --jobs auto: two processes per core (tools/build_if_changed.py says why).
AUTO = str(2 * (os.cpu_count() or 1))

TOOL = ROOT / "tools" / "build_if_changed.py"
# Stands in for sphinx-build: records its arguments; fails if FAIL exists.
FAKE = """import sys, pathlib
here = pathlib.Path(sys.argv[1])
with open(here / "calls.log", "a") as log:
    log.write(" ".join(sys.argv[2:]) + "\\n")
sys.exit(1 if (here / "FAIL").exists() else 0)
"""


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "a.md").write_text("# A\n")
    (root / "docs" / "b.md").write_text("# B\n")
    (root / "conf.py").write_text("x = 1\n")
    (root / ".gitignore").write_text("/out/\n__pycache__/\n")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "."], check=True)
    (tmp_path / "fake.py").write_text(FAKE)
    return root


def build(project: Path, epoch: str = "1") -> list[str]:
    """Run the tool; the arguments each fake sphinx-build call got, so far."""
    here = project.parent
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    subprocess.run([sys.executable, str(TOOL), "--root", str(project), "--state", str(project / "out" / "state.json"),
                    "--jobs", "auto", "--", sys.executable, str(here / "fake.py"), str(here), "out"],
                   check=False, env=env, capture_output=True)
    log = here / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def touch(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # a clearly newer time


def test_second_build_without_changes_is_skipped(project):
    assert build(project) == [f"out -j {AUTO}"]
    assert build(project) == [f"out -j {AUTO}"]


def test_one_edited_page_builds_serially_and_data_in_parallel(project):
    build(project)
    touch(project / "docs" / "a.md", "more\n")
    assert build(project)[-1] == "out -j 1"
    touch(project / "conf.py", "y = 2\n")
    assert build(project)[-1] == f"out -j {AUTO}"


def test_new_deleted_and_many_files_rebuild(project):
    build(project)
    (project / "docs" / "c.md").write_text("# C\n")  # untracked, not ignored: an input
    assert len(build(project)) == 2
    (project / "docs" / "c.md").unlink()
    assert len(build(project)) == 3
    for name in ("a.md", "b.md"):
        touch(project / "docs" / name, "x\n")
    (project / "docs" / "d.md").write_text("# D\n")
    assert build(project)[-1] == f"out -j {AUTO}"  # three pages: not a small edit


def test_ignored_files_are_not_inputs(project):
    build(project)
    (project / "docs" / "__pycache__").mkdir()
    (project / "docs" / "__pycache__" / "x.pyc").write_text("")
    assert len(build(project)) == 1


def test_a_failed_build_is_never_taken_for_up_to_date(project):
    (project.parent / "FAIL").write_text("")
    build(project)
    (project.parent / "FAIL").unlink()
    assert len(build(project)) == 2, "the failed build left a record that skipped this one"
    assert len(build(project)) == 2


def test_another_source_date_epoch_rebuilds(project):
    build(project)
    assert len(build(project, epoch="2")) == 2


# Stands in for sphinx-build writing pages: same.html never changes, page.html copies
# docs/a.md. Each run stamps what it writes with a later time (run number * 1000 s), so
# the test does not depend on the clock's resolution.
WRITER = """import os, pathlib, sys
project, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
out.mkdir(exist_ok=True)
runs = out / "runs"
run = int(runs.read_text()) + 1 if runs.exists() else 1
runs.write_text(str(run))
(out / "same.html").write_text("<p>unchanged</p>")
(out / "page.html").write_text((project / "docs" / "a.md").read_text())
for name in ("same.html", "page.html"):
    os.utime(out / name, ns=(run * 10**12, run * 10**12))
"""


def write_pages(project: Path) -> dict[str, int]:
    """Run the tool with WRITER as the build; each page's mtime afterwards."""
    writer, out = project.parent / "writer.py", project / "out"
    writer.write_text(WRITER)
    subprocess.run([sys.executable, str(TOOL), "--root", str(project), "--state", str(out / ".doctrees" / "s.json"),
                    "--jobs", "auto", "--", sys.executable, str(writer), str(project), str(out)],
                   check=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1"}, capture_output=True)
    return {name: (out / name).stat().st_mtime_ns for name in ("same.html", "page.html")}


def test_pages_with_unchanged_bytes_keep_their_timestamp(project):
    """Sphinx rewrites an edited page's neighbours with identical bytes; only real changes show."""
    assert write_pages(project) == {"same.html": 10**12, "page.html": 10**12}
    touch(project / "docs" / "a.md", "edited\n")
    second = write_pages(project)
    assert second["same.html"] == 10**12, "a page with unchanged bytes got a new timestamp"
    assert second["page.html"] == 2 * 10**12, "the edited page kept its old timestamp"


def test_changed_extension_code_reads_every_page_again(project):
    """Sphinx does not track our extensions' code: an edit there must not leave stale pages."""
    (project / "extensions").mkdir()
    (project / "extensions" / "ext.py").write_text("X = 1\n")
    build(project)
    touch(project / "docs" / "a.md", "more\n")
    assert build(project)[-1] == "out -j 1"
    touch(project / "extensions" / "ext.py", "X = 2\n")
    assert build(project)[-1] == f"out -E -j {AUTO}"


def test_after_a_failed_build_every_page_is_read_again(project):
    """A failed build leaves no record, so an extension edit made before it would go
    unnoticed by the next build if Sphinx were let reuse its environment."""
    (project / "extensions").mkdir()
    (project / "extensions" / "ext.py").write_text("X = 1\n")
    build(project)
    (project / "out" / "environment.pickle").write_text("")  # what Sphinx keeps between builds
    touch(project / "extensions" / "ext.py", "X = 2\n")
    (project.parent / "FAIL").write_text("")
    assert build(project)[-1] == f"out -E -j {AUTO}"
    (project.parent / "FAIL").unlink()
    assert build(project)[-1] == f"out -E -j {AUTO}", "the build after the failure reused stale pages"
    touch(project / "docs" / "a.md", "more\n")
    assert build(project)[-1] == "out -j 1", "once a build succeeded, a page edit is incremental again"


def test_a_page_older_than_its_source_is_not_given_its_old_time_back(project):
    """Sphinx rewrites a page whose output is older than its source; restoring an older
    time there would make every later build rewrite that page again."""
    assert write_pages(project)["same.html"] == 10**12
    source = project / "same.md"  # the writer's source folder is the project itself
    source.write_text("# Same\n")
    os.utime(source, ns=(15 * 10**11, 15 * 10**11))  # newer than the first build's output
    touch(project / "docs" / "a.md", "edited\n")
    assert write_pages(project)["same.html"] == 2 * 10**12, "the page got a time older than its source back"
