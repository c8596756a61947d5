"""Both directions of the glossary links.

* Every resolved ``{term}`` link gets the term's short definition as its
  ``title`` (hover text, also exposed to screen readers as the link's
  description; ``static/term-popup.js`` shows it as a popup on hover/focus).
  Links from one glossary entry to another on the A-Z page are the exception:
  the popup takes the definition from the linked entry on the same page.
* An environment collector records which terms each page uses (merged across
  ``-j`` workers), and the glossary's "Referenced on" slots list those pages.
* A term that no page outside the glossary references is an orphan: a
  warning at the term file, so the build fails.
* Incremental builds: when the set of pages using a term changes, the
  glossary page is rewritten; when a term's short definition changes, every
  page that links to it is rewritten (its hover text changed).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging

import glossary_terms
import siteext

logger = logging.getLogger(__name__)


def _uses(env) -> dict[str, set[str]]:
    """docname -> lowercased term names it references (kept for incremental builds)."""
    return siteext.kept(env).setdefault("term_links.uses", {})


class TermUseCollector(EnvironmentCollector):
    def clear_doc(self, app, env, docname):
        _uses(env).pop(docname, None)

    def merge_other(self, app, env, docnames, other):
        for docname in docnames:
            if docname in _uses(other):
                _uses(env)[docname] = _uses(other)[docname]

    def process_doc(self, app, doctree):
        found = {
            node["reftarget"].strip().lower()
            for node in doctree.findall(addnodes.pending_xref)
            if node.get("refdomain") == "std" and node.get("reftype") == "term"
        }
        if found:
            _uses(app.env)[app.env.docname] = found


def backlinks(app: Sphinx, env) -> dict[str, list[str]]:
    """term id -> sorted pages (outside the glossary) that reference it."""
    reg = glossary_terms.registry(env)
    result: dict[str, set[str]] = {tid: set() for tid in reg.terms}
    for docname, names in _uses(env).items():
        if glossary_terms.is_glossary_page(app.config, docname) or docname not in env.all_docs:
            continue
        for name in names:
            term = reg.by_name(name)
            if term is not None:
                result[term.id].add(docname)
    return {tid: sorted(docs) for tid, docs in result.items()}


def check_orphans(app: Sphinx, env) -> None:
    reg = glossary_terms.registry(env)
    for tid, docs in sorted(backlinks(app, env).items()):
        if not docs:
            term = reg.terms[tid]
            logger.warning("orphan term %r: no page outside the glossary links to it with {term}",
                           term.term, location=f"{term.path}:{term.doc.line_of(['term'])}",
                           type="glossary", subtype="orphan")


def outdated_by_terms(app: Sphinx, env) -> list[str]:
    """Pages to rewrite because term data they show changed (env-get-updated)."""
    reg = glossary_terms.registry(env)
    current_links = backlinks(app, env)
    current_shorts = {tid: t.short for tid, t in reg.terms.items()}
    kept = siteext.kept(env)
    previous_links = kept.get("term_links.backlinks")
    previous_shorts = kept.get("term_links.shorts", {})
    kept["term_links.backlinks"] = current_links
    kept["term_links.shorts"] = current_shorts
    rewrite: set[str] = set()
    if previous_links is not None and previous_links != current_links:
        rewrite.add(app.config.glossary_docname)
    changed = {tid for tid, short in current_shorts.items() if previous_shorts.get(tid) != short}
    if previous_shorts and changed:
        names = {n.lower() for tid in changed for n in reg.terms[tid].names}
        rewrite.update(doc for doc, used in _uses(env).items() if used & names)
    return sorted(doc for doc in rewrite if doc in env.all_docs)


def _term_for_anchor(app: Sphinx) -> dict[str, glossary_terms.Term]:
    """Anchor -> term, made once per build (pages are resolved after all are read)."""
    loaded = siteext.loaded(app.env)
    if "term_links.by_anchor" not in loaded:
        domain_terms = glossary_terms.term_anchors(app.env)
        loaded["term_links.by_anchor"] = {
            domain_terms[name.lower()][1]: term
            for term in glossary_terms.registry(app.env).terms.values()
            for name in term.names if name.lower() in domain_terms}
    return loaded["term_links.by_anchor"]


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    by_anchor = _term_for_anchor(app)
    for ref in doctree.findall(nodes.reference):
        inner = ref.next_node(nodes.inline)
        if inner is None or "std-term" not in inner.get("classes", []):
            continue
        anchor = ref.get("refid") or ref.get("refuri", "").rpartition("#")[2]
        term = by_anchor.get(anchor)
        if term is not None:
            ref["classes"].append("term-link")
            # On the A-Z page the definition is on the page already: term-popup.js
            # reads it from the entry, which keeps ~190 KB of repeated hover text
            # out of the largest page.
            same_page = ref.get("refid") or ref.get("refuri", "").startswith("#")
            if not (same_page and docname == app.config.glossary_docname):
                ref["reftitle"] = term.short

    slots = list(doctree.findall(glossary_terms.backlinks_slot))
    if not slots:
        return
    links = backlinks(app, app.env)
    for slot in slots:
        docs = sorted(links.get(slot["term_id"], []),
                      key=lambda d: app.env.titles[d].astext().lower() if d in app.env.titles else d)
        # "no-search": page titles repeated under 214 entries would only add noise
        # (and stemming time) to the search index.
        para = nodes.paragraph(classes=["glossary-field", "glossary-backlinks", "no-search"])
        para += nodes.strong("Referenced on:", "Referenced on:")
        para += nodes.Text(" ")
        for i, target in enumerate(docs):
            if i:
                para += nodes.Text(", ")
            title = app.env.titles[target].astext() if target in app.env.titles else target
            uri = app.builder.get_relative_uri(docname, target)
            para += nodes.reference(title, title, internal=True, refuri=uri)
        slot.replace_self(para)


def setup(app: Sphinx) -> dict:
    app.setup_extension("glossary_terms")
    siteext.add_static(app, __file__, css=("term-links.css",), js=(("term-popup.js", {"defer": "defer"}),))
    app.add_env_collector(TermUseCollector)
    app.connect("env-check-consistency", check_orphans)
    app.connect("env-get-updated", outdated_by_terms)
    app.connect("doctree-resolved", resolve)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 3}
