"""Load sphinx-design's CSS and JS only on pages that use sphinx-design.

sphinx-design adds its stylesheet (~55 KB) and tab script to every page.
Most pages here are plain text; a page that never uses a grid, card or tab
set does not need them, and dropping them keeps text pages light.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

DESIGN_ASSETS = ("sphinx-design", "design-tabs")


def _uses_design(doctree) -> bool:
    return any(cls.startswith("sd-") for node in doctree.findall(nodes.Element) for cls in node.get("classes", ()))


def drop_unused(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None and _uses_design(doctree):
        return
    for key in ("css_files", "script_files"):
        files = context.get(key)
        if files is not None:
            files[:] = [f for f in files if not any(name in str(f.filename or "") for name in DESIGN_ASSETS)]


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_design")
    app.connect("html-page-context", drop_unused, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
