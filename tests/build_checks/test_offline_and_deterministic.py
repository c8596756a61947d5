"""`make html` works with the network cut off, and clean builds are byte-identical.

* The README's own command, `make html` (parallel, `-j auto`), runs in an empty
  network namespace: `unshare -n` as root (CI), `unshare -rn` (a user
  namespace) for a contributor who is not root. Where the kernel allows
  neither, that test is skipped and says why; the byte-identical check below
  still runs, without the offline build among the builds it compares.
* Clean builds are compared file by file, byte for byte: the offline
  `make html`, two more clean `-j auto` builds (the way `make html` builds; a
  race between parallel writers showed up only there), and the serial build
  the other tests use.
* Diagrams drawn at build time (mermaid_prerender) are deterministic: the first
  of the two `-j auto` builds starts with an empty SVG cache, so Chromium draws
  every diagram again; the drawings must equal the committed cache byte for byte,
  and that site must equal the serial build's, made without Chromium
  (`MERMAID_PRERENDER=cache-only`, as a fresh clone without Chromium builds).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import ROOT, copy_project, sphinx_build
from devkit.project import site_differences
from mermaid_prerender.chromium import find_chromium

EPOCH = {"SOURCE_DATE_EPOCH": "1764115200"}


def _unshare_prefix() -> tuple[list[str] | None, str]:
    """The command prefix that cuts the network off, or None and the reason."""
    if not shutil.which("unshare"):
        return None, "`unshare` (util-linux) is not installed"
    errors = []
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        proc = subprocess.run([*prefix, "true"], capture_output=True, text=True, check=False)
        if proc.returncode == 0:
            return prefix, ""
        errors.append(f"`{' '.join(prefix)}`: {proc.stderr.strip()}")
    return None, "the kernel refuses a network namespace here (" + "; ".join(errors) + ")"


@pytest.fixture(scope="session")
def offline_build(tmp_path_factory):
    prefix, reason = _unshare_prefix()
    if prefix is None:
        pytest.skip(f"cannot prove the build is offline: {reason}")
    # The README's own command, `make html`, in a copy whose set-up is done
    # (the virtualenv and node_modules are linked, the lock files copied with
    # their times, so make sees nothing to install).
    project = copy_project(tmp_path_factory.mktemp("offline"))
    for name in ("Makefile", "requirements.lock", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, project / name)
    (project / ".venv").symlink_to(ROOT / ".venv")
    proc = subprocess.run([*prefix, "make", "html"], capture_output=True, text=True, cwd=project,
                          env={**os.environ, **EPOCH}, check=False)
    return proc, project / "_build" / "html"


@pytest.mark.slow
def test_build_succeeds_without_network(offline_build):
    proc, _ = offline_build
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_parallel_and_serial_clean_builds_are_byte_identical(site, request, tmp_path_factory):
    # The offline `make html` is the first build compared where the kernel gives a
    # network namespace; where it does not, the determinism check still runs, with
    # the first -j auto build as the reference.
    try:
        proc, reference = request.getfixturevalue("offline_build")
        assert proc.returncode == 0, proc.stdout + proc.stderr
    except pytest.skip.Exception:
        reference = None
    if not find_chromium():
        pytest.skip("Chromium is needed to draw the diagrams again (apt-get install chromium)")
    project = copy_project(tmp_path_factory.mktemp("parallel-again"))
    cache = project / "diagrams" / "rendered"
    shutil.rmtree(cache)
    for run in range(2):
        out = project / "_build" / f"html-{run}"
        build = sphinx_build(project, out, extra=["-j", "auto"], env=EPOCH)
        assert build.returncode == 0, build.output
        if run == 0:
            committed = ROOT / "diagrams" / "rendered"
            drawn = {p.name: p.read_bytes() for p in cache.iterdir()}
            kept = {p.name: p.read_bytes() for p in committed.iterdir()}
            assert drawn, f"Chromium drew no diagram:\n{build.output[-3000:]}"
            other = sorted(set(drawn) ^ set(kept)) + sorted(n for n in set(drawn) & set(kept) if drawn[n] != kept[n])
            assert not other, f"drawing the diagrams again differs from the committed cache: {other[:10]}"
        if reference is None:
            reference = out
            continue
        differences = site_differences(reference, out)
        assert not differences, f"-j auto clean build {out.name} differs from the first: {differences[:20]}"
    differences = site_differences(site, reference)
    assert not differences, f"the serial and the -j auto clean builds differ: {differences[:20]}"
