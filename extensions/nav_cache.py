"""Furo's sidebar navigation, kept per page while the site's structure is unchanged.

For every page it writes, Furo asks Sphinx for the whole table of contents
(``toctree(collapse=False, titles_only=True, maxdepth=-1, includehidden=True)``) and
rewrites it with BeautifulSoup. Sphinx copies every page's full section tree before
it keeps only the titles, so this costs about 0.05 s a page here, a tenth of a
one-page rebuild (Sphinx also rewrites the edited page's parent, the search page
and the 404 page, each with its own sidebar).

The sidebar of a page depends only on that page and on the site's structure: which
pages exist, their tables of contents (titles and toctrees) and which page includes
which. This extension keeps each page's sidebar in ``<doctreedir>/site-cache/nav/``
under a digest of exactly that (and of Furo's version), and hands it to Furo's
template instead of having Furo compute it again. Any change to a heading or a
toctree anywhere changes the digest, and every sidebar is computed afresh.

It also closes a gap of Sphinx's incremental builds: after a page's title or a
toctree changes, Sphinx rewrites only the changed pages and their parents, so every
other page kept a sidebar with the old title until a clean build. When the digest
differs from the previous build's, every page is written again (``env-updated``),
and an incremental build gives what a clean build gives
(tests/build_checks/test_incremental_and_parallel.py).

How, with public APIs only: two ``html-page-context`` handlers around Furo's own
(priority 500). The first (400) finds a kept sidebar and takes Sphinx's ``toctree``
function out of the page context, so Furo computes an empty tree; the second (600)
puts the function back and the kept sidebar in ``furo_navigation_tree``, or keeps the
one Furo just computed. Each page is written by one process, also under ``-j``, so
each writes its own file.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

from sphinx.application import Sphinx

import siteext

_STASH = "nav_cache.toctree"
_KEPT = "nav_cache.html"


def structure_digest(env) -> str:
    """A digest of everything a page's sidebar is made from, computed once per process."""
    state = siteext.loaded(env)
    if "nav_cache.digest" not in state:
        digest = hashlib.sha256(f"furo {version('furo')}\n{env.config.root_doc}\n".encode())
        for docname in sorted(env.found_docs):
            toc = env.tocs.get(docname)
            digest.update(f"{docname}\0{toc.pformat() if toc is not None else ''}\0".encode())
        for parent, children in sorted(env.toctree_includes.items()):
            digest.update(f"{parent}\0{children!r}\0".encode())
        state["nav_cache.digest"] = digest.hexdigest()
    return state["nav_cache.digest"]


def _path(app: Sphinx, pagename: str) -> Path:
    name = hashlib.sha256(pagename.encode()).hexdigest()[:32]
    return Path(app.doctreedir, "site-cache", "nav", f"{name}.txt")  # not .html: no page


def _key(app: Sphinx, pagename: str) -> str:
    return f"<!-- {structure_digest(app.env)} {pagename} -->\n"


def before_furo(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html" or "toctree" not in context:
        return
    try:
        text = _path(app, pagename).read_text(encoding="utf-8")
    except OSError:
        return
    key = _key(app, pagename)
    if text.startswith(key):
        context[_KEPT] = text[len(key):]
        context[_STASH] = context.pop("toctree")


def after_furo(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if _STASH in context:
        context["toctree"] = context.pop(_STASH)
        context["furo_navigation_tree"] = context.pop(_KEPT)
    elif "toctree" in context and "furo_navigation_tree" in context:
        siteext.write_atomic(_path(app, pagename),
                             (_key(app, pagename) + context["furo_navigation_tree"]).encode("utf-8"))


def rewrite_all_on_change(app: Sphinx, env) -> list[str]:
    """Every page, when the structure differs from the previous build's; else none."""
    kept = siteext.kept(env)
    digest, previous = structure_digest(env), kept.get("nav_cache.digest")
    kept["nav_cache.digest"] = digest
    return sorted(env.found_docs) if previous is not None and previous != digest else []


def setup(app: Sphinx) -> dict:
    app.connect("env-updated", rewrite_all_on_change)
    app.connect("html-page-context", before_furo, priority=400)
    app.connect("html-page-context", after_furo, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
