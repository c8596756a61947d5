"""Shared fixtures: one strict build of the site per test session, a local
HTTP server for it, and a headless Chromium from Debian's packages.

Set SITE_HTML=/path/to/_build/html to test an existing build instead of
building afresh (handy while iterating; `make test` always builds fresh).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPHINX_BUILD = Path(sys.executable).parent / "sphinx-build"
STRICT = ["-n", "-W", "--keep-going"]
# Everything a build reads; copied for the tests that build the whole project.
PROJECT_PARTS = ["conf.py", "docs", "glossary", "diagrams", "data", "extensions", "tools"]
# A small site on the real configuration and extensions, for the tests that plant defects.
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"


@dataclass
class Build:
    returncode: int
    output: str
    outdir: Path


def sphinx_build(project: Path, outdir: Path, builder: str = "html", extra: list[str] | None = None,
                 env: dict | None = None, keep_going: bool = True, conf: Path | None = None) -> Build:
    """A strict build of ``project``; ``conf`` is another configuration folder."""
    strict = STRICT if keep_going else [flag for flag in STRICT if flag != "--keep-going"]
    cmd = [str(SPHINX_BUILD), "-b", builder, *strict, "-E", "-q", *(extra or []),
           "-c", str(conf or project), str(project / "docs"), str(outdir)]
    # SITE_REPO: where the fixture site's conf.py finds the real conf.py, extensions and tools.
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
    return dest


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
    return sphinx_build(project, project / "_build" / "html")


@pytest.fixture(scope="session")
def site(site_build) -> Path:
    assert site_build.returncode == 0, f"strict build failed:\n{site_build.output}"
    return site_build.outdir


@pytest.fixture(scope="session")
def html_pages(site) -> list[Path]:
    return sorted(site.rglob("*.html"))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@contextlib.contextmanager
def serve_directory(directory: Path):
    """Serve a folder on 127.0.0.1 (a free port) for as long as the block runs."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def server(site):
    with serve_directory(site) as url:
        yield url


CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def start_chromium(profile_dir: Path, width: int = 1280, height: int = 1000, logs: bool = False):
    """Headless Debian Chromium with an explicit driver path: nothing is downloaded.

    The background-networking flags stop Chromium's own calls home, which this
    machine's closed network would refuse (and which would show up as requests
    leaving 127.0.0.1).
    """
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        raise RuntimeError("Debian's chromium and chromium-driver are required "
                           "(apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    # Selenium Manager would otherwise try to download a driver and send telemetry.
    os.environ["SE_AVOID_STATS"] = "true"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", f"--window-size={width},{height}",
                 f"--user-data-dir={profile_dir}"):
        options.add_argument(flag)
    if logs:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    try:
        driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), logs=True)
    except RuntimeError as err:
        pytest.fail(str(err))
    yield driver
    driver.quit()
