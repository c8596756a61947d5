"""Reader conveniences on every page: where to report an error, edit, cite.

* The repository URL lives in one config value, ``site_repository`` (conf.py).
* Each page ends with "Edit this page" (its source file; for pages generated
  from data, the data folder) and "Report an error on this page" (a new-issue
  link prefilled with the page's title and address; ``static/report-link.js``
  adds the section the reader is in when the link is followed).
* The footer gives the site's version and build date. The date comes from
  ``SOURCE_DATE_EPOCH`` (the Makefile sets it to the last commit's time), never
  from the clock, so two builds of one commit are byte-identical; without it
  the footer shows the version alone.
* A favicon (``static/favicon.svg``, our own) and a 404 page (``404.html``,
  for static hosts that serve it for missing paths).

Templates: ``templates/page.html`` extends Furo's page and only appends to its
``content`` and ``footer`` blocks.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from urllib.parse import urlencode

from sphinx.application import Sphinx

import siteext

HERE = Path(__file__).resolve().parent
# Pages generated at build time (git-ignored) -> the data they come from.
GENERATED = {
    "glossary/tags/": "glossary",
    "compare/pairs/": "data/engines",
}


def configure(app: Sphinx, config) -> None:
    templates = str(HERE / "templates")
    if templates not in config.templates_path:
        config.templates_path.append(templates)
    if not config.html_favicon:
        config.html_favicon = str(HERE / "static" / "favicon.svg")
    config.html_additional_pages.setdefault("404", "404.html")


def build_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return ""
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).strftime("%Y-%m-%d")


def source_link(app: Sphinx, pagename: str) -> tuple[str, str]:
    """(URL, label) of what to edit to change ``pagename``."""
    repo = app.config.site_repository.rstrip("/")
    branch = app.config.site_repository_branch
    if pagename == app.config.glossary_docname:
        return f"{repo}/tree/{branch}/glossary", "Edit the glossary's term files"
    for prefix, data in GENERATED.items():
        if pagename.startswith(prefix):
            return f"{repo}/tree/{branch}/{data}", "Edit the data this page is made from"
    path = Path(app.env.doc2path(pagename)).resolve()
    try:
        relative = path.relative_to(Path(app.confdir).resolve()).as_posix()
    except ValueError:
        relative = path.name
    return f"{repo}/edit/{branch}/{relative}", "Edit this page"


def report_link(app: Sphinx, pagename: str, title: str) -> str:
    repo = app.config.site_repository.rstrip("/")
    page = app.builder.get_target_uri(pagename)
    body = (f"Page: {page} ({title})\nSection: \n\nWhat is wrong:\n\n"
            "What is right, with a primary source (a release tag or commit):\n")
    return f"{repo}/issues/new?" + urlencode({"title": f"Error on '{title}'", "body": body})


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html":
        return
    context["site_repository"] = app.config.site_repository.rstrip("/")
    context["site_build_date"] = build_date()
    context["site_version"] = app.config.release
    context["site_404_root"] = app.config.site_404_root
    if doctree is None or pagename not in app.env.all_docs:
        context["site_page_links"] = None
        return
    title = app.env.titles[pagename].astext() if pagename in app.env.titles else pagename
    edit_url, edit_label = source_link(app, pagename)
    context["site_page_links"] = {"edit": edit_url, "edit_label": edit_label,
                                  "report": report_link(app, pagename, title)}


def setup(app: Sphinx) -> dict:
    app.add_config_value("site_repository", "https://github.com/llm-k8s-reference/llm-k8s-reference",
                         "html", types=[str])
    app.add_config_value("site_repository_branch", "main", "html", types=[str])
    # The path the site is served under; the 404 page resolves its links from it.
    app.add_config_value("site_404_root", "/", "html", types=[str])
    siteext.add_static(app, __file__, css=("furniture.css",), js=(("report-link.js", {"defer": "defer"}),))
    app.connect("config-inited", configure)
    app.connect("html-page-context", page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
