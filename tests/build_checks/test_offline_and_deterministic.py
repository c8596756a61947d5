"""A second clean build, `make html` with the network cut off, is byte-identical to the first.

That proves two things at once: after set-up, `make html` needs no network
(`unshare -n` gives it an empty network namespace), and the output is
deterministic (SOURCE_DATE_EPOCH is pinned; ordering and ids are stable).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import ROOT, copy_project


def _unshare_available() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False).returncode == 0


@pytest.fixture(scope="session")
def offline_build(tmp_path_factory):
    if not _unshare_available():
        pytest.fail("`unshare -n` is needed to prove the build is offline (run as root, as CI does)")
    # The README's own command, `make html`, in a copy whose set-up is done
    # (the virtualenv and node_modules are linked, the lock files copied with
    # their times, so make sees nothing to install).
    project = copy_project(tmp_path_factory.mktemp("offline"))
    for name in ("Makefile", "requirements.lock", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, project / name)
    (project / ".venv").symlink_to(ROOT / ".venv")
    proc = subprocess.run(["unshare", "-n", "make", "html"], capture_output=True, text=True, cwd=project,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1764115200"}, check=False)
    return proc, project / "_build" / "html"


@pytest.mark.slow
def test_build_succeeds_without_network(offline_build):
    proc, _ = offline_build
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def _site_files(root):
    # .buildinfo is Sphinx's own incremental-build stamp (it hashes the config,
    # which holds the checkout's absolute paths); it is not part of the site.
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".doctrees" not in p.parts and p.name != ".buildinfo"}


def test_two_clean_builds_are_byte_identical(site, offline_build):
    _, other = offline_build
    ours, theirs = _site_files(site), _site_files(other)
    assert sorted(ours) == sorted(theirs)
    differing = sorted(str(name) for name in ours if ours[name] != theirs[name])
    assert not differing, f"files differ between two clean builds: {differing[:20]}"
