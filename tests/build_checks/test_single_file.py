"""The single-file edition (make dist): Sphinx's singlehtml build folded into
one HTML file by tools/make_single.py. It must load nothing from beside it,
and opened from disk its diagrams render, its glossary links land on entries,
and the console stays clean."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT, copy_project, sphinx_build
from devkit.browser import console_errors, diagram_state

SOURCE_DATE_EPOCH = "1764115200"


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("single-project"))
    build = sphinx_build(project, project / "_build" / "singlehtml", builder="singlehtml")
    assert build.returncode == 0, build.output
    assert "WARNING" not in build.output, build.output
    target = project / "_build" / "dist" / "llm-k8s-reference.html"
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_single.py"), str(build.outdir), str(target)],
                   check=True, capture_output=True, env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    return target


@pytest.mark.slow
def test_single_file_loads_nothing_from_beside_it(edition):
    html = edition.read_text(encoding="utf-8")
    assert 5 * 2**20 < len(html.encode()) < 20 * 2**20, "README states the size: update it"
    local = re.findall(r'(?:src|href)="(?!#|https?:|data:|mailto:|javascript:)([^"]*)"', html)
    assert not local, f"references to files beside the edition: {sorted(set(local))[:10]}"
    assert not re.search(r'href="#[^"]*#', html), "a link with two #anchors (singlehtml page URI + anchor)"
    assert html.count('class="mermaid"') >= 20
    assert 'href="#term-LeaderWorkerSet"' in html


@pytest.mark.slow
@pytest.mark.browser
def test_single_file_from_disk_renders_diagrams_and_glossary_links(edition, browser):
    browser.get_log("browser")
    total = edition.read_text(encoding="utf-8").count('class="mermaid"')
    browser.get(edition.as_uri())
    # Waits until the whole file is parsed (all `total` diagrams present) and rendered.
    state = diagram_state(browser, total, timeout=90)
    assert state["svgs"] == total and not state["errors"], state
    missing = browser.execute_script("""
      return [...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href').slice(1))
        .filter(id => id && !document.getElementById(decodeURIComponent(id)));""")
    assert not missing, f"anchors with no target: {sorted(set(missing))[:10]}"
    assert browser.execute_script("return document.querySelectorAll('a.term-link').length") > 1000
    assert not console_errors(browser)
