"""Site search that ranks the right page first and shows clean snippets.

Sphinx's ``searchtools.js`` stays in charge of finding results; this extension
changes three things through Sphinx's public hooks:

1. Ranking (``html_search_scorer``): ``static/search-scorer.js`` is Sphinx's
   documented ``Scorer`` with a ``score()`` function. Exact matches of a
   glossary term or one of its aliases, and exact (or same-stem) matches of a
   page title, outrank the word-frequency scores, so "LWS" lists the
   LeaderWorkerSet entry and page first, and "kv cache" the KV caching page.

2. Snippets without fetching pages (``html_show_search_summary = False``):
   Sphinx builds each snippet by ``fetch()``-ing the result's page, which a
   browser refuses for pages opened from disk (one console error per result)
   and which puts every character of the page, Mermaid source included, into
   the snippet. Instead, each page's prose is written at build time to
   ``_static/search-text/<page>.js`` (a plain script, so it loads from disk),
   and ``static/search-results.js`` loads only the pages in the results.
   Glossary hits show the term's name and its short definition.

3. Non-prose out of the index: Mermaid diagrams (and anything else with the
   ``no-search`` class) are marked ``no-search``, the class Sphinx's indexer
   skips; the snippet text skips the same nodes.

Why hand-written: Sphinx has no option for any of the three, and no search
library fits an offline, file:// site better than the index Sphinx already builds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinxcontrib.mermaid import mermaid

import sitedata
import siteext

HERE = Path(__file__).resolve().parent
TEXT_DIR = "_static/search-text"
WHITESPACE = re.compile(r"\s+")
# Elements whose text is not prose: skipped by the index and by snippets.
SKIP = (nodes.comment, nodes.system_message, nodes.substitution_definition, nodes.raw, nodes.target,
        nodes.image)
# Elements that end a run of text (a space keeps words apart in the snippet).
BLOCKS = (nodes.Structural, nodes.TextElement, nodes.Body, nodes.list_item, nodes.entry)


def configure(app: Sphinx, config) -> None:
    if not config.html_search_scorer:
        config.html_search_scorer = str(HERE / "static" / "search-scorer.js")
    config.html_show_search_summary = False


def mark_non_prose(app: Sphinx, doctree) -> None:
    """Mermaid source is not prose: Sphinx's indexer skips nodes with the ``no-search`` class."""
    for node in doctree.findall(mermaid):
        if "no-search" not in node["classes"]:
            node["classes"].append("no-search")


def page_text(doctree) -> tuple[str, dict[str, list[int]]]:
    """The page's prose as one string, and each section's [start, end) in it."""
    parts: list[str] = []
    length = 0
    sections: dict[str, list[int]] = {}

    def add(text: str) -> None:
        nonlocal length
        parts.append(text)
        length += len(text)

    def walk(node) -> None:
        if isinstance(node, SKIP):
            return
        if isinstance(node, nodes.Element) and "no-search" in node["classes"]:
            return
        if isinstance(node, nodes.Text):
            add(WHITESPACE.sub(" ", node.astext()))
            return
        start = length
        for child in node.children:
            walk(child)
        if isinstance(node, BLOCKS) and not isinstance(node, nodes.Inline) and parts \
                and not parts[-1].endswith(" "):
            add(" ")
        if isinstance(node, nodes.section) and node["ids"]:
            for ident in node["ids"]:
                sections[ident] = [start, length]

    walk(doctree)
    return "".join(parts), sections


def write_page_text(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name != "html":
        return
    if pagename == "search":
        app.add_css_file("search.css")
        app.add_js_file("search-results.js", defer="defer")
        return
    if doctree is None:
        return
    text, sections = page_text(doctree)
    payload = json.dumps({"text": text, "sections": sections}, ensure_ascii=False, sort_keys=True,
                         separators=(",", ":"))
    script = f"window.siteSearchText({json.dumps(pagename)},{payload});\n"
    sitedata.write_if_changed(Path(app.outdir, TEXT_DIR, pagename + ".js"), script)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.mermaid")
    siteext.add_static(app, __file__)
    app.connect("config-inited", configure)
    app.connect("doctree-read", mark_non_prose)
    app.connect("html-page-context", write_page_text)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
