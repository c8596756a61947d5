"""Site search that ranks the right page first and shows clean snippets.

Sphinx's ``searchtools.js`` stays in charge of finding, ordering and
de-duplicating results; this extension changes four things through Sphinx's
public APIs only (no private JavaScript member is read, called or wrapped; a
unit test, ``tests/unit/test_public_sphinx_api.py``, fails if one is):

1. Ranking (``html_search_scorer``): ``static/search-scorer.js`` is Sphinx's
   documented ``Scorer`` with a ``score(result)`` function, which reads the
   query from the search box. Exact matches of a glossary term or one of its
   aliases, and exact (or same-stem) matches of a page title, outrank the
   word-frequency scores, so "LWS" lists the LeaderWorkerSet entry and page
   first, and "kv cache" the KV caching page. Sphinx then orders the results
   by that score and title itself.

2. What the index holds, set at build time (``doctree-read``, before
   ``search_index_keep`` copies a page's index entries):

   * A page titled with a glossary term (or the same words once stemmed)
     carries index entries (``addnodes.index``) for the term's other names, so
     "GIE" finds the Gateway API Inference Extension page although its text
     never says "GIE"; ``score()`` ranks that result (kind "index") as the
     title match it stands for. A page is read again when its term's names
     change (``env-get-outdated``).
   * A glossary entry is listed once: its term and aliases are index entries of
     their own (``{term}`` anchors such as ``#term-LWS``), and the names of one
     entry that a single query can both match ("Mooncake", "Mooncake Store")
     point at one anchor, so Sphinx's own duplicate removal keeps one result.

3. Snippets without fetching pages (``html_show_search_summary = False``):
   Sphinx builds each snippet by ``fetch()``-ing the result's page, which a
   browser refuses for pages opened from disk (one console error per result)
   and which puts every character of the page, Mermaid source included, into
   the snippet. Instead, each page's prose is written at build time to
   ``_static/search-text/<page>.js`` (a plain script, so it loads from disk),
   and ``static/search-results.js`` loads only the pages in the results.
   Glossary hits show the term's name and its short definition.

4. Non-prose out of the index: Mermaid diagrams (and anything else with the
   ``no-search`` class) are marked ``no-search``, the class Sphinx's indexer
   skips; the snippet text skips the same nodes.

Why hand-written: Sphinx has no option for any of these, and no search
library fits an offline, file:// site better than the index Sphinx already builds.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish
from sphinxcontrib.mermaid import mermaid

import glossary_terms
import search_stem_cache
import sitedata
import siteext

HERE = Path(__file__).resolve().parent
TEXT_DIR = "_static/search-text"
WHITESPACE = re.compile(r"\s+")
NON_WORD = re.compile(r"[\W_]+")
ALIASES_KEY = "site_search.aliases"
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


def _lcs(a: str, b: str) -> int:
    """The length of the longest common substring of ``a`` and ``b``."""
    best, previous = 0, [0] * (len(b) + 1)
    for x in a:
        current = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            if x == y:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def one_query_matches_both(a: str, b: str) -> bool:
    """Whether one query can match both index entries ``a`` and ``b``.

    ``searchtools.js`` lists an index entry when the lowercased query is part of
    it and at least half as long as it; a query can do that for both exactly
    when they share a run of characters at least half as long as the longer one
    ("mooncake" is in "mooncake store"; "sl" in "isl" and "osl").
    """
    a, b = a.lower(), b.lower()
    return 2 * _lcs(a, b) >= max(len(a), len(b))


def shared_groups(names: list[str]) -> list[int]:
    """For each name, the first name it is linked to by a chain of names one query can both match."""
    first = list(range(len(names)))

    def group(k: int) -> int:
        while first[k] != k:
            k = first[k]
        return k

    for k in range(len(names)):
        for j in range(k):
            if one_query_matches_both(names[j], names[k]):
                a, b = group(j), group(k)
                first[max(a, b)] = min(a, b)
    return [group(k) for k in range(len(names))]


def list_glossary_entries_once(app: Sphinx, doctree) -> None:
    """One search result per glossary entry, however many of its names a query matches.

    A glossary entry has one index entry per name (term and aliases), each
    pointing at that name's anchor (``#term-Mooncake``, ``#term-Mooncake-Store``).
    Names that one query can both match ("Mooncake", "Mooncake Store"; "GAIE",
    "GIE") point at the entry's first anchor, the term's; Sphinx's search then
    lists the entry once, since it drops results with the same page and anchor.
    Every other name keeps its own anchor ("LWS" still finds ``#term-LWS``). The
    anchors themselves (``{term}`` targets) stay.
    """
    for glossary in doctree.findall(addnodes.glossary):
        for item in glossary.findall(nodes.definition_list_item):
            entries = [(index, i) for term in item.children if isinstance(term, nodes.term)
                       for index in term.findall(addnodes.index) for i in range(len(index["entries"]))]
            names = [index["entries"][i][1] for index, i in entries]
            anchors = [index["entries"][i][2] for index, i in entries]
            groups = shared_groups(names)
            for k, (index, i) in enumerate(entries):
                kind, value, _anchor, main, key = index["entries"][i]
                anchor = anchors[0] if groups.count(groups[k]) > 1 else anchors[k]
                index["entries"][i] = (kind, value, anchor, main, key)


@functools.cache
def _english() -> SearchEnglish:
    # The build's remembering English (search_stem_cache): the same stems as Sphinx's,
    # and most of the ~1,000 glossary names' words are already known from earlier builds.
    return search_stem_cache.RememberingEnglish({})


def stems(text: str) -> str:
    """Words lowercased and stemmed, as ``SiteRank.stems`` in search-scorer.js does."""
    return " ".join(_english().stem(word) for word in NON_WORD.sub(" ", text.lower()).split())


def alias_table(env) -> dict[str, list[str]]:
    """Stemmed glossary name -> every name of its term ("gateway api infer extens" -> [..., "GIE"])."""
    table: dict[str, list[str]] = {}
    try:
        reg = glossary_terms.registry(env)
    except KeyError:  # a project without the glossary
        return table
    for term in sorted(reg.terms.values(), key=lambda t: t.id):
        for name in term.names:
            names = table.setdefault(stems(name), [])
            names.extend(n for n in term.names if n not in names)
    return table


def _aliases(env) -> dict[str, list[str]]:
    state = siteext.loaded(env)
    if ALIASES_KEY not in state:
        state[ALIASES_KEY] = alias_table(env)
    return state[ALIASES_KEY]


def _page_title(doctree) -> str | None:
    section = doctree.next_node(nodes.section)
    title = section.next_node(nodes.title) if section is not None else None
    return title.astext() if title is not None else None


def add_alias_entries(app: Sphinx, doctree) -> None:
    """Index the other names of the glossary term a page is titled with, on that page.

    The Gateway API Inference Extension page gets index entries "GIE", "GAIE",
    ..., so Sphinx's search lists the page for "GIE" even where its text never
    says "GIE" (a result of kind "index" with the page's title, which
    ``Scorer.score`` ranks as a title match).
    """
    title = _page_title(doctree)
    if title is None:
        return
    key = stems(title)
    names = [n for n in _aliases(app.env).get(key, []) if stems(n) != key]
    if not names:
        return
    index = addnodes.index(entries=[("single", name, "", "main", None) for name in names])
    section = doctree.next_node(nodes.section)
    section.insert(1, index)


def outdated_alias_pages(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Re-read the pages whose alias entries change when a glossary name does."""
    table = alias_table(env)
    siteext.loaded(env)[ALIASES_KEY] = table
    previous = siteext.kept(env).get(ALIASES_KEY)
    siteext.kept(env)[ALIASES_KEY] = table
    if previous is None or previous == table:
        return []
    moved = {k for k in previous.keys() | table.keys() if previous.get(k) != table.get(k)}
    return sorted(docname for docname, title in env.titles.items()
                  if docname not in added | changed and stems(title.astext()) in moved)


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
    # Before search_index_keep's collector copies the page's index entries.
    app.connect("doctree-read", list_glossary_entries_once, priority=400)
    app.connect("doctree-read", add_alias_entries, priority=400)
    app.connect("env-get-outdated", outdated_alias_pages)
    app.connect("html-page-context", write_page_text)
    # env_version: doctrees read before the index entries changed are read again.
    return {"version": "2.0", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
