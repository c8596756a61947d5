"""The benchmark's content-equivalent baseline really has the same content.

``make bench`` judges the extensions' overhead against a build in which our
extensions are off and their directives replay the nodes they produced
(devkit/bench_replay.py). That figure only means something if the replayed
site reads the same as the real one. Here both are built and compared page by
page: the same pages, the same visible text, the same link targets, the same
glossary anchors. The known differences (hover text, which term_links adds at
resolve time, and the aria/tabindex touches of html_a11y) are attributes, so
they do not show in what is compared.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, sphinx_build
from devkit.bench_baseline import baseline_confs

# What our transforms and page handlers add outside any directive, which the replay
# (our extensions off) cannot have: the page actions (site_furniture), the labels of
# stacked table cells (stacked_tables) and the readable texts of citation links
# (citation_links, compared by their targets instead). Diagrams too: the real site has
# them drawn at build time (mermaid_prerender: SVG), the replay as Mermaid source that
# the browser draws (and gives its full-screen button); the same diagram, not the same text.
NOT_REPLAYED = "nav.page-actions, .stack-label, pre.mermaid, .mermaid-fullscreen-btn"


def _page(path):
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    for el in article.select(NOT_REPLAYED):
        el.decompose()
    for a in article.select("a[href^='https://']"):
        a.string = a["href"]
    text = " ".join(article.get_text(" ").split())
    links = [a.get("href") for a in article.find_all("a")]
    anchors = sorted(el["id"] for el in article.find_all(id=True))
    return text, links, anchors


@pytest.fixture(scope="module")
def capture_and_replay(tmp_path_factory):
    work = tmp_path_factory.mktemp("bench-baseline")
    project = copy_project(work / "project")
    confs = baseline_confs(work, project)
    builds = {}
    for name in ("capture", "replay"):
        build = sphinx_build(project, work / name, conf=confs[name])
        assert build.returncode == 0, build.output[-3000:]
        builds[name] = build.outdir
    return builds


@pytest.mark.slow
def test_replay_builds_the_same_pages_with_the_same_content(capture_and_replay):
    real, replay = capture_and_replay["capture"], capture_and_replay["replay"]
    # 404.html is made by site_furniture (html-collect-pages), not by a directive: the
    # replay, with our extensions off, has no such page to compare.
    pages = sorted(p.relative_to(real) for p in real.rglob("*.html") if p.name != "404.html")
    assert pages == sorted(p.relative_to(replay) for p in replay.rglob("*.html"))
    differing = [str(page) for page in pages if _page(real / page) != _page(replay / page)]
    assert not differing, f"replayed pages differ from the real ones: {differing}"


@pytest.mark.slow
def test_replay_keeps_the_glossary_whole(capture_and_replay):
    text, _links, anchors = _page(capture_and_replay["replay"] / "glossary" / "index.html")
    # Every term file is an entry, with the backlinks that term_links adds at resolve time.
    term_files = list((ROOT / "glossary").glob("*.md"))
    assert sum(a.startswith("term-") for a in anchors) >= len(term_files)
    assert text.count("Referenced on:") == len(term_files)
