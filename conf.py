"""Sphinx configuration for the LLM-serving-on-Kubernetes reference.

The configuration lives at the repository root; pages are in ``docs/``
(build with ``sphinx-build -c . docs _build/html``, or simply ``make html``).
Structured content lives beside it: ``glossary/`` (one file per term),
``diagrams/`` (Mermaid sources) and ``data/`` (the comparison matrix).
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "extensions"))

# Fewer garbage-collector passes. A build allocates millions of short-lived
# docutils nodes; with CPython's default thresholds (700, 10, 10) the collector
# walks the whole growing heap again and again. Measured on the 2-core build
# machine: clean build 9.6 s -> 8.0 s serial, 8.0 s -> 6.6 s with -j auto, for
# +16 MB peak memory. Set here, so sphinx-build, sphinx-autobuild and the
# benchmark's baselines (which run this file) all get it.
gc.set_threshold(50_000, 20, 100)

project = "LLM Serving on Kubernetes"
author = "The LLM Serving on Kubernetes reference authors"
copyright = "2026, " + author
release = "2026.12"  # the site's version: year.month of its content
version = release

needs_sphinx = "9.0"
extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.mermaid",
    # Our own, in extensions/ (each one small and single-purpose):
    "data_cache",        # data files that passed validation are not validated again
    "mermaid_offline",   # local mermaid bundle, file:// support, natural size
    "mermaid_prerender", # diagrams drawn to SVG at build time (committed cache), no bundle on those pages
    "mermaid_lint",      # mermaid.parse() under node: syntax errors fail the build
    "diagram_zoom",      # pan and zoom in the full-screen diagram view (pinned @panzoom/panzoom)
    "glossary_terms",    # glossary/*.md -> real glossary entries, tag pages, glossary.json
    "term_links",        # hover text on every term link, "Referenced on" backlinks, orphans
    "matrix",            # data/engines/*.yaml -> matrix, summaries, pair views, exports
    "compat",            # data/compatibility.yaml -> version compatibility tables, exports
    "stacked_tables",    # tables marked {.stack}: labelled cards on narrow screens
    "search_index_keep", # incremental builds keep glossary terms in the search index
    "html_a11y",         # aria-level on toctree caption headings
    "design_assets",     # sphinx-design's CSS/JS only on pages that use it
    "search_stem_cache", # the search index stems each word once per build
    "nav_cache",         # Furo's sidebar kept per page while headings and toctrees are unchanged
    "release_tracker",   # data/tracked.yaml + releases.yaml -> release tracker, "checked against" lines
    "page_dates",        # "Last updated" on each page from git
    "content_checks",    # raw HTML, fences, headings, include paths; duplicate labels under -j
    "worked_examples",   # examples/*.yaml checked against CRD schema digests, shown with a copy button
    "site_search",       # search ranking (exact term/title first), snippets without fetch, no Mermaid in the index
    "site_furniture",    # report-an-error/edit links, footer version and build date, favicon, 404 page
    "citation_links",    # a link reading "code"/"docs"/"source" gets "owner/repo path @ release" instead
]

root_doc = "index"
exclude_patterns: list[str] = []
nitpicky = True
# Straight quotes stay straight: SmartQuotes cost ~10 % of the build, and code-like
# names (flags, field names) in prose must not be curled.
smartquotes = False
# Warnings are errors (-W in the Makefile); nothing is suppressed here.
suppress_warnings: list[str] = []

# --- MyST -------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline", "attrs_block"]
myst_heading_anchors = 3
# A plain ```mermaid fence becomes the directive, so a file also previews on GitHub.
myst_fence_as_directive = ["mermaid"]

# --- HTML -------------------------------------------------------------------
html_theme = "furo"
html_title = f"LLM Serving on Kubernetes {release}"
# Each of our extensions registers its own static/ folder and files (siteext.add_static).
html_static_path: list[str] = []
html_show_sphinx = False
html_copy_source = False
# No general index page: nothing links to it (Furo shows no index link), the glossary's
# A-Z page is the site's index, and writing it cost ~0.4 s on every build, no-op included.
html_use_index = False
# Sphinx's template loader with a bytecode cache (extensions/template_cache.py).
template_bridge = "template_cache.CachedTemplateLoader"
# Set, so the footer has a "Last updated" slot; page_dates fills it per page from git.
html_last_updated_fmt = "%Y-%m-%d"
# The repository, in one place: "Edit this page", "Report an error on this page",
# the footer and the 404 page link to it (extensions/site_furniture).
site_repository = "https://github.com/llm-k8s-reference/llm-k8s-reference"
site_repository_branch = "main"
html_theme_options = {
    "source_repository": "",
    # Off: with it, the left/right arrow keys jump to another page, also while a
    # reader scrolls a wide table or code block sideways. Tab and the "Next" and
    # "Previous" links at the foot of each page move between pages.
    "navigation_with_keys": False,
}

# --- Mermaid (drawn at build time by mermaid_prerender; in the browser from the ---
# --- pinned local bundle when a diagram is not in the SVG cache) ------------------
mermaid_output_format = "raw"
# The ESM path sphinxcontrib-mermaid imports; mermaid_offline maps it onto the
# UMD bundle with an import map, so no ES-module file is ever fetched.
mermaid_use_local = "vendor/mermaid/mermaid.esm.min.mjs"
mermaid_version = "11.17.2"  # kept equal to package.json by a test
mermaid_d3_zoom = False
mermaid_fullscreen_button = "⤢"
# The Mermaid themes of Furo's light and dark modes (sphinxcontrib-mermaid's defaults,
# written out: mermaid_prerender draws each diagram in both, and they are part of its cache key).
mermaid_light_theme = "default"
mermaid_dark_theme = "dark"
mermaid_height = "auto"
_natural_size = {"useMaxWidth": False}
mermaid_init_config = {
    "startOnLoad": False,
    # Labels are measured when the diagram is drawn (at build time, in headless Chromium)
    # and shown later on the reader's machine: the same font both times keeps each label
    # inside its box. DejaVu Sans is on the build machine (Debian's fonts-dejavu-core, the
    # first choice of fontconfig's dependencies) and on most Linux desktops; Verdana, a
    # font of similar width, on Windows and macOS.
    "fontFamily": "DejaVu Sans, Verdana, sans-serif",
    **dict.fromkeys(
        ("flowchart", "sequence", "state", "class", "er", "gantt", "journey", "requirement", "gitGraph",
         "c4", "mindmap", "timeline", "architecture", "block", "packet", "xyChart", "quadrantChart",
         "sankey", "kanban"),
        _natural_size,
    ),
    # Compact layouts, so that diagrams fit the 736 px text column at a readable size
    # (tests/browser/test_diagram_legibility.py): tighter node and rank gaps, and
    # sequence diagrams with narrower actor boxes and margins.
    "flowchart": {**_natural_size, "nodeSpacing": 30, "rankSpacing": 40, "wrappingWidth": 260},
    "sequence": {**_natural_size, "diagramMarginX": 10, "actorMargin": 30, "width": 120},
}

# --- Our extensions ----------------------------------------------------------
mermaid_bundle = str(ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js")
mermaid_lint_script = str(ROOT / "tools" / "mermaid-lint.mjs")
# One SVG per diagram and theme variant, keyed by source + Mermaid version + init config + theme
# (extensions/mermaid_prerender). Committed: a clone builds from it without Chromium.
mermaid_prerender_cache = str(ROOT / "diagrams" / "rendered")
mermaid_lint = "require"  # "require" | "auto" | "off"
diagram_zoom_bundle = str(ROOT / "node_modules" / "@panzoom" / "panzoom" / "dist" / "panzoom.min.js")
glossary_dir = str(ROOT / "glossary")
glossary_docname = "glossary/index"
glossary_tags_dir = "glossary/tags"
matrix_data_dir = str(ROOT / "data")
worked_examples_dir = str(ROOT / "examples")
worked_examples_digests = str(ROOT / "data" / "crd-schemas")
worked_examples_data = str(ROOT / "data" / "examples.yaml")

# --- linkcheck (make linkcheck; needs the network) ----------------------------
linkcheck_timeout = 20
linkcheck_retries = 2
linkcheck_anchors_ignore_for_url = [
    # GitHub renders file views with JavaScript; line and heading anchors are
    # not in the served HTML, so anchor checks there always fail.
    r"https://github\.com/.*",
]
linkcheck_ignore: list[str] = []
