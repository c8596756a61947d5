"""Accessibility fixes for Sphinx's and Furo's HTML output.

1. Sphinx writes toctree captions (in the page and in Furo's sidebar) as
``<p class="caption" role="heading">`` without ``aria-level``; axe-core
reports that as a critical violation (a heading role needs a level).

2. A code block wider than the column scrolls sideways, and a keyboard user
can only scroll it if it can take focus (axe: scrollable-region-focusable).
Highlighted ``<pre>`` blocks and diagrams get ``tabindex="0"``, and so do the wrappers
Furo puts around tables (``div.table-wrapper``, which scroll sideways when a
table is wider than the column), with ``role="region"`` and a name so a
screen reader says what took focus. ``static/a11y.css`` gives every such
region a visible focus ring.

Neither has an option in the writer. Both are applied to the rendered page
fragments in ``html-page-context`` (after Furo has built its navigation
tree), not by replacing the HTML translator: a replaced translator would
collide with any other extension or theme that sets its own, while this
handler composes with them. It only touches these exact start tags.
"""

from __future__ import annotations

from sphinx.application import Sphinx

import siteext

FIXES = (
    ('<p class="caption" role="heading">', '<p class="caption" role="heading" aria-level="2">'),
    ('<div class="highlight"><pre>', '<div class="highlight"><pre tabindex="0">'),
    # A diagram wider than a phone's column scrolls in its own box (mermaid_offline).
    ('<pre  class="mermaid">', '<pre tabindex="0" class="mermaid">'),
    ('<div class="table-wrapper',
     '<div tabindex="0" role="region" aria-label="Table, scrolls sideways" class="table-wrapper'),
)
# The page body, the sidebar's local table of contents and Furo's navigation tree.
FRAGMENTS = ("body", "toc", "furo_navigation_tree")


def fix_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    for key in FRAGMENTS:
        html = context.get(key)
        if not isinstance(html, str):
            continue
        for old, new in FIXES:
            html = html.replace(old, new)
        context[key] = html


def setup(app: Sphinx) -> dict:
    # After Furo's own handler (default priority 500) has computed its navigation tree.
    app.connect("html-page-context", fix_page, priority=800)
    siteext.add_static(app, __file__, css=("a11y.css",))
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
