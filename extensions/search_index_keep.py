"""Keep search index entries of unchanged pages across incremental builds.

Sphinx 9.0 records index entries (which is how glossary terms and their
aliases are found by the site search) while writing, after the environment
has been pickled, and ``IndexBuilder.load`` does not read them back from the
previous ``searchindex.js``. So an incremental build that does not rewrite the
glossary page silently drops every term from search. This extension reads
the entries of the previous index before writing and puts back those of pages
that this build did not rewrite. Sphinx offers no hook for it, hence the use
of the indexer's private ``_index_entries``; a test guards the behaviour.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

_STASH: dict[int, dict[str, list[tuple[str, str, str]]]] = {}
_WRITTEN: dict[int, set[str]] = {}


def stash_previous_entries(app: Sphinx, builder) -> None:
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
    names = frozen.get("docnames", [])
    per_doc: dict[str, list[tuple[str, str, str]]] = {}
    for entry, hits in frozen.get("indexentries", {}).items():
        for file_index, anchor, main in hits:
            per_doc.setdefault(names[file_index], []).append((entry, anchor, "main" if main else ""))
    _STASH[id(app)] = per_doc
    _WRITTEN[id(app)] = set()


def note_written(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None and id(app) in _WRITTEN:
        _WRITTEN[id(app)].add(pagename)


def restore_entries(app: Sphinx):
    per_doc = _STASH.pop(id(app), None)
    written = _WRITTEN.pop(id(app), set())
    indexer = getattr(app.builder, "indexer", None)
    if per_doc and indexer is not None:
        for docname, entries in per_doc.items():
            if docname in app.env.all_docs and docname not in written:
                indexer._index_entries[docname] = sorted(entries)
    return []


def setup(app: Sphinx) -> dict:
    app.connect("write-started", stash_previous_entries)
    app.connect("html-page-context", note_written)
    # html-collect-pages runs in the finishing phase, before the index is dumped.
    app.connect("html-collect-pages", restore_entries)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
