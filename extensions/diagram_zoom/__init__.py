"""Pan and zoom for diagrams in the full-screen view, from a pinned, vendored library.

sphinxcontrib-mermaid's full-screen button only fits a diagram to the window, and
its own zoom (``mermaid_d3_zoom``) loads d3 from a CDN, so it is off. On pages with
a diagram this extension loads ``@panzoom/panzoom`` (pinned in package.json, copied
from ``node_modules`` into ``_static/vendor/panzoom/`` like the Mermaid bundle; a
classic UMD script, so it also works from ``file://``) and ``diagram-zoom.js``,
which attaches it to the diagram each time the full-screen view opens: mouse
wheel, drag, pinch, the keys ``+``, ``-``, ``0`` and the arrows, buttons for the
same, and Escape (sphinxcontrib-mermaid's) to close. The same script keeps a
diagram from being drawn below the scale at which its labels are 11 px on a
narrow screen: the diagram's box scrolls sideways instead (never the page).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinxcontrib.mermaid import mermaid

import siteext

BUNDLE_TARGET = "_static/vendor/panzoom/panzoom.min.js"


def copy_bundle(app: Sphinx) -> None:
    bundle = Path(app.config.diagram_zoom_bundle)
    siteext.copy_vendored(app, "panzoom bundle", bundle, BUNDLE_TARGET, bundle.parent.parent / "MIT-License.txt")


def page_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html" or doctree is None or doctree.next_node(mermaid) is None:
        return
    app.add_js_file(BUNDLE_TARGET.removeprefix("_static/"), priority=460)
    app.add_js_file("diagram-zoom.js", priority=470)
    app.add_css_file("diagram-zoom.css")


def setup(app: Sphinx) -> dict:
    app.setup_extension("mermaid_offline")
    app.add_config_value("diagram_zoom_bundle", "", "html", types=[str])
    siteext.add_static(app, __file__)
    app.connect("builder-inited", copy_bundle)
    app.connect("html-page-context", page_scripts, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
