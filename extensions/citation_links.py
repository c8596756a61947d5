"""Citation links say what they point at, not "code", "docs" or "source".

Pages and data cite primary sources with short link texts such as ``[code](url)``
(about 2,000 of them: the matrix's "source" after every cell, "code"/"docs" in
the engine and topic pages). Out of context, as in a screen reader's list of
links, they all read the same. This replaces the text of each external link
whose whole text is one of those words with the label ``citations.label`` makes
from the URL: ``owner/repo path @ release`` for GitHub, host and path otherwise
(the same labels the release tracker uses). The URL is pinned to a release, so
the label names it. ``tests/site/test_link_text.py`` fails on any bare text left.

Done on the doctree when a page is read (``doctree-read``), so it is cached with
the page and costs nothing when pages are written.
"""

from __future__ import annotations

import citations
from docutils import nodes
from sphinx.application import Sphinx

# Link texts that say nothing on their own (compared lowercased, whole text).
BARE = frozenset({"code", "docs", "doc", "source", "sources", "src", "here", "link", "crd"})


def describe_links(app: Sphinx, doctree) -> None:
    for ref in list(doctree.findall(nodes.reference)):
        url = ref.get("refuri", "")
        if not url.startswith(("https://", "http://")):
            continue
        if ref.astext().strip().lower() not in BARE:
            continue
        text = citations.label(url)
        ref.children = []
        ref += nodes.Text(text)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", describe_links)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
