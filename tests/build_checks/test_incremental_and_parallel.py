"""Glossary backlinks, hover text and search entries stay correct under
incremental builds, and after edits an incremental build writes exactly what a
clean build of the same sources writes."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from conftest import SPHINX_BUILD, copy_project, sphinx_build
from devkit.project import site_differences


def _incremental(project, outdir):
    cmd = [*SPHINX_BUILD, "-b", "html", "-n", "-W", "--keep-going", "-q",
           "-c", str(project), str(project / "docs"), str(outdir)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=project, check=False,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1764115200"})
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _index_entries(outdir) -> dict:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1: text.rindex(")")])["indexentries"]


def _entry_html(outdir, anchor: str) -> str:
    html = (outdir / "glossary" / "index.html").read_text(encoding="utf-8")
    start = html.index(f'id="{anchor}"')
    return html[start: html.index("</dd>", start)]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("incremental"))
    build = sphinx_build(project, project / "_build" / "html")
    assert build.returncode == 0, build.output
    return project


@pytest.mark.slow
def test_incremental_build_updates_backlinks_and_keeps_search_entries(project):
    out = project / "_build" / "html"
    before = _index_entries(out)
    assert "goodput" in before
    assert "Sources and accuracy" not in _entry_html(out, "term-Goodput")
    page = project / "docs" / "sources.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAn aside on {term}`goodput`.\n", encoding="utf-8")
    _incremental(project, out)
    assert "Sources and accuracy" in _entry_html(out, "term-Goodput"), "backlink missing after incremental build"
    assert _index_entries(out) == before, "search index entries changed in an incremental build"


@pytest.mark.slow
def test_incremental_build_updates_hover_text_on_other_pages(project):
    out = project / "_build" / "html"
    term = project / "glossary" / "goodput.md"
    text = term.read_text(encoding="utf-8")
    new_short = "Requests per second that meet every latency target, a planted test definition."
    text = re.sub(r"^short:.*?(?=^\w+:)", f"short: {new_short}\n", text, count=1, flags=re.M | re.S)
    term.write_text(text, encoding="utf-8")
    _incremental(project, out)
    assert f'title="{new_short}"' in (out / "sources.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_incremental_build_indexes_a_new_alias_on_the_page_titled_with_its_term(project):
    """A page titled with a term carries its aliases as index entries (site_search): a new
    alias re-reads that page, so the search finds it by the alias without a clean build."""
    out = project / "_build" / "html"
    term = project / "glossary" / "leaderworkerset.md"
    text = term.read_text(encoding="utf-8")
    term.write_text(text.replace('aka: ["LWS"]', 'aka: ["LWS", "Leader-worker set"]', 1), encoding="utf-8")
    _incremental(project, out)
    index = json.loads((lambda t: t[t.index("(") + 1: t.rindex(")")])(
        (out / "searchindex.js").read_text(encoding="utf-8")))
    docnames = index["docnames"]
    pages = {docnames[file] for file, _anchor, _main in index["indexentries"].get("leader-worker set", [])}
    assert pages == {"glossary/index", "building-blocks/leaderworkerset"}, pages


@pytest.mark.slow
def test_incremental_output_equals_a_clean_build(project, tmp_path):
    """Runs last in this module, after the edits above: a paragraph added to the largest
    engine page (the author's loop `make bench` times) and a page title changed (every
    page's sidebar shows it, and nav_cache keeps sidebars between builds) are built
    incrementally; then a clean build of the same sources must give the same bytes."""
    out = project / "_build" / "html"
    largest = max((project / "docs" / "engines").glob("*.md"), key=lambda p: p.stat().st_size)
    largest.write_text(largest.read_text(encoding="utf-8") + "\nAn edited paragraph.\n", encoding="utf-8")
    _incremental(project, out)
    sources = project / "docs" / "sources.md"
    text = sources.read_text(encoding="utf-8")
    assert text.startswith("# Sources and accuracy\n")
    sources.write_text(text.replace("# Sources and accuracy", "# Sources and accuracy (edited)", 1), encoding="utf-8")
    _incremental(project, out)
    assert "Sources and accuracy (edited)" in (out / "engines" / "kserve.html").read_text(encoding="utf-8"), \
        "another page's sidebar kept the old title after an incremental build"
    clean = sphinx_build(project, tmp_path / "clean", env={"SOURCE_DATE_EPOCH": "1764115200"})
    assert clean.returncode == 0, clean.output
    differences = site_differences(out, tmp_path / "clean")
    assert not differences, f"incremental and clean builds differ: {differences[:20]}"
