"""Shared fixtures: one strict build of the site per test session, a local
HTTP server for it, and a headless Chromium from Debian's packages.

Set SITE_HTML=/path/to/_build/html to test an existing build instead of
building afresh (handy while iterating; `make test` always builds fresh).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from devkit.browser import serve_directory, start_chromium
from devkit.project import ROOT, SPHINX_BUILD, Build, copy_project, sphinx_build

# A small site on the real configuration and extensions, for the tests that plant defects.
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"

# Re-exported for the tests, which import them from here.
__all__ = ["ROOT", "SPHINX_BUILD", "Build", "copy_project", "sphinx_build"]


def copy_fixture_site(dest: Path) -> Path:
    """A copy of the fixture site that a test may damage (the live content is never touched)."""
    shutil.copytree(FIXTURE_SITE, dest, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "tags", "pairs", "_build"))
    return dest


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> Build:
    existing = os.environ.get("SITE_HTML")
    if existing:
        return Build(0, "", Path(existing))
    project = copy_project(tmp_path_factory.mktemp("project"))
    # As a fresh clone without Chromium builds: every diagram from the committed SVG cache
    # (tests/site/test_diagram_cache.py fails, naming the diagram, when one is missing).
    return sphinx_build(project, project / "_build" / "html", env={"MERMAID_PRERENDER": "cache-only"})


@pytest.fixture(scope="session")
def site(site_build) -> Path:
    assert site_build.returncode == 0, f"strict build failed:\n{site_build.output}"
    return site_build.outdir


@pytest.fixture(scope="session")
def html_pages(site) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="session")
def server(site):
    with serve_directory(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    try:
        driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), logs=True)
    except RuntimeError as err:
        pytest.fail(str(err))
    yield driver
    driver.quit()
