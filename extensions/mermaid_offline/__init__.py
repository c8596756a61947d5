"""Serve Mermaid from the pinned local bundle, also when a page is opened from disk.

sphinxcontrib-mermaid renders in the browser with an inline ES module that
imports mermaid. Chromium blocks ES-module imports of ``file://`` URLs, so a
reader who opens ``index.html`` from disk would see raw diagram text. On pages
with a diagram this extension therefore loads mermaid's classic (UMD) bundle
and adds an import map that resolves the module specifier to that global;
over http and over file:// only ``mermaid.min.js`` is ever fetched.

It also copies the bundle from ``node_modules`` (installed by ``npm ci`` from
package-lock.json) into the built site before any page is written (pages link
it with a checksum of its content, so it must exist when the first page is
written, in every process of a parallel build), removes the mermaid module from
pages without a diagram (search, genindex), and records each diagram's source
location for mermaid_lint. Its stylesheet, ``static/mermaid-site.css``, is
loaded only on pages with a diagram. A page whose diagrams were all drawn at
build time (``mermaid_prerender``) loads neither the bundle nor the import map.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinxcontrib.mermaid import Mermaid, mermaid

import siteext

BUNDLE_TARGET = "_static/vendor/mermaid/mermaid.min.js"
# Set by mermaid_prerender on each diagram of a page whose diagrams all come from its SVG cache.
PRERENDERED = "mermaid_prerender"


class LocatedMermaid(Mermaid):
    """The mermaid directive, with the source location kept on the node.

    Also used for ```mermaid fences (myst_fence_as_directive). The location
    lets mermaid_lint report ``file:line`` for a syntax error.
    """

    def run(self, **kwargs):
        result = super().run(**kwargs)
        source, line = self.state_machine.get_source_and_line(self.lineno)
        env = self.state.document.settings.env
        for node in result:
            for diagram in node.findall(mermaid):
                diagram.source, diagram.line = source, line
                if self.arguments:
                    _, path = env.relfn2path(self.arguments[0])
                    diagram["mermaid_file"] = path
        return result


def copy_bundle(app: Sphinx) -> None:
    """Put the pinned bundle (and its licence) into the site before any page is written."""
    bundle = Path(app.config.mermaid_bundle)
    siteext.copy_vendored(app, "mermaid bundle", bundle, BUNDLE_TARGET, bundle.parent.parent / "LICENSE")


def _module_specifier(app: Sphinx, context: dict) -> str:
    """The specifier sphinxcontrib-mermaid's inline module imports mermaid by, on this page.

    The same rule as sphinxcontrib-mermaid's (private) resolver: a page-relative
    URL that always starts with ``./`` or ``../``, as an ES module specifier must.
    """
    resolved = context["pathto"](f"_static/{app.config.mermaid_use_local}", resource=True)
    return resolved if resolved.startswith(("./", "../", "/")) else "./" + resolved


def page_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html" or app.config.mermaid_output_format != "raw":
        return
    scripts = context.get("script_files", [])
    if doctree is None or doctree.next_node(mermaid) is None:
        # sphinxcontrib-mermaid adds its module to pages without a doctree too.
        scripts[:] = [js for js in scripts if "import mermaid" not in (js.attributes.get("body") or "")]
        return
    app.add_css_file("mermaid-site.css")
    if all(node.get(PRERENDERED) for node in doctree.findall(mermaid)):
        # Every diagram is a pre-drawn SVG (mermaid_prerender): no bundle, no import map.
        scripts[:] = [js for js in scripts if "import mermaid" not in (js.attributes.get("body") or "")]
        return
    specifier = _module_specifier(app, context)
    importmap = {"imports": {specifier: "data:text/javascript,export default globalThis.mermaid;"}}
    app.add_js_file(None, body=json.dumps(importmap), type="importmap", priority=400)
    app.add_js_file(BUNDLE_TARGET.removeprefix("_static/"), priority=450)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_config_value("mermaid_bundle", "", "html", types=[str])
    app.add_directive("mermaid", LocatedMermaid, override=True)
    siteext.add_static(app, __file__)
    app.connect("builder-inited", copy_bundle)
    # After sphinxcontrib-mermaid's own handler (priority 500) has added its module.
    app.connect("html-page-context", page_scripts, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
