"""Keep search index entries of unchanged pages across incremental builds.

Sphinx 9.0 records a page's index entries (which is how glossary terms and
their aliases are found by the site search) while writing that page, after the
environment has been pickled, and does not read them back from the previous
``searchindex.js``. So an incremental build that does not rewrite the glossary
page silently drops every term from search (331 entries -> 0, measured).

This extension notes, before writing, which pages had index entries in the
previous index (and their titles there); after writing, it feeds each of those
that this build did not rewrite to the search indexer again, through the public
``builder.indexer.feed``. It does not feed the whole page: the indexer already
holds the page's words from the previous index, so it feeds a small stand-in
document with the page's titles (with their anchors, in order) and its index
entries, made when the page is read (``StandInCollector``). That gives the
same index as rewriting the page, for a fraction of the cost (resolving and
re-stemming the glossary page took about 2 s per build). A test guards it.

Order: Sphinx lists an entry's pages in the order pages were fed, which in a
clean build is docname order. So that an incremental build gives the same
order (an entry such as "lws" is on several pages; ties in the results keep
it), the index entries of every page that had some are fed first, in docname
order, just before the first page is written (its ``doctree-resolved``);
writing a page then replaces its entries in place.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from docutils.utils import new_document
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment.collectors import EnvironmentCollector

import siteext

KEY = "search_index_keep.state"


def note_previous_entries(app: Sphinx, builder) -> None:
    if builder.format != "html" or not getattr(builder, "search", False):
        return
    path = Path(builder.outdir, builder.searchindex_filename)
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    try:
        frozen = json.loads(text[text.index("(") + 1: text.rindex(")")])
    except ValueError:
        return
    names, titles = frozen.get("docnames", []), frozen.get("titles", [])
    with_entries = {names[file_index]: titles[file_index] for hits in frozen.get("indexentries", {}).values()
                    for file_index, _anchor, _main in hits}
    siteext.loaded(app.env)[KEY] = {"with_entries": with_entries, "written": set(), "ordered": False}


def feed_entries_in_order(app: Sphinx, doctree, docname: str) -> None:
    """Before the first page is fed to the index, feed every page's index entries in docname order.

    Only the entries (no titles, no words): a page that is written next gets its
    whole content from Sphinx, and one that is not gets its titles back from
    ``feed_unwritten``.
    """
    state = siteext.loaded(app.env).get(KEY)
    indexer = getattr(app.builder, "indexer", None)
    if state is None or indexer is None or state["ordered"]:
        return
    state["ordered"] = True
    env = app.env
    stand_ins = _stand_ins(env)
    for name, title in sorted(state["with_entries"].items()):
        if name not in env.all_docs:
            continue
        stand_in = stand_ins.get(name) or _stand_in(env.get_doctree(name))
        entries_only = new_document("")
        entries_only.extend(node.deepcopy() for node in stand_in.findall(addnodes.index))
        indexer.feed(name, str(env.doc2path(name, base=False)), title, entries_only)


def note_written(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    state = siteext.loaded(app.env).get(KEY)
    if doctree is not None and state is not None:
        state["written"].add(pagename)


def feed_unwritten(app: Sphinx):
    state = siteext.loaded(app.env).pop(KEY, None)
    indexer = getattr(app.builder, "indexer", None)
    if state is None or indexer is None:
        return []
    env = app.env
    stand_ins = _stand_ins(env)
    for docname, title in sorted(state["with_entries"].items()):
        if docname in state["written"] or docname not in env.all_docs:
            continue
        stand_in = stand_ins.get(docname) or _stand_in(env.get_doctree(docname))
        indexer.feed(docname, str(env.doc2path(docname, base=False)), title, stand_in)
    return []


def _stand_ins(env) -> dict[str, nodes.document]:
    """docname -> its stand-in, made when the page is read (kept with the environment)."""
    return siteext.kept(env).setdefault("search_index_keep.stand_ins", {})


class StandInCollector(EnvironmentCollector):
    """Makes each page's stand-in while it is read, so that a later build that does not
    rewrite the page needs not unpickle its doctree (the glossary's: 2.5 MB, ~0.25 s)."""

    def clear_doc(self, app, env, docname):
        _stand_ins(env).pop(docname, None)

    def merge_other(self, app, env, docnames, other):
        for docname in docnames:
            if docname in _stand_ins(other):
                _stand_ins(env)[docname] = _stand_ins(other)[docname]

    def process_doc(self, app, doctree):
        if doctree.next_node(addnodes.index) is not None:
            _stand_ins(app.env)[app.env.docname] = _stand_in(doctree)


def _stand_in(doctree: nodes.document) -> nodes.document:
    """The page's titles, each under an element with its section's ids, and its index entries."""
    document = new_document("")
    for node in doctree.findall(lambda n: isinstance(n, (nodes.title, addnodes.index))):
        if isinstance(node, nodes.title):
            holder = nodes.section(ids=list(node.parent.get("ids", [])))
            holder += node.deepcopy()
            document += holder
        else:
            document += node.deepcopy()
    return document


def setup(app: Sphinx) -> dict:
    app.connect("write-started", note_previous_entries)
    app.connect("doctree-resolved", feed_entries_in_order)
    app.connect("html-page-context", note_written)
    # html-collect-pages runs in the finishing phase, before the index is dumped.
    app.connect("html-collect-pages", feed_unwritten)
    app.add_env_collector(StandInCollector)
    return {"version": "2.2", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
