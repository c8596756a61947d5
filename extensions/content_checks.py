"""Checks on what contributors write in pages and term bodies, at file:line.

* Raw HTML is refused unless it is on a short allow-list (``ALLOWED``): no
  ``<script>``, no ``on*=`` event handlers, no remote ``src``; MyST would pass
  it through to the page unescaped.
* An unclosed code fence (it would swallow the rest of the page), a second
  top-level heading in a page (a stray sidebar entry), and an ``{include}``,
  ``{literalinclude}`` or ``{mermaid}`` path outside the repository.
* Encoding: every page and every file of ``content_checks_text_globs`` (the
  diagrams) must be UTF-8 without a BOM. Sphinx and sphinxcontrib-mermaid
  would crash on such a file with a traceback that names no file; checked at
  ``builder-inited``, reported at file and line, and the build stops with the
  data problems (glossary_terms).
* Duplicate labels under ``-j``: Sphinx's standard domain warns about a label
  defined on two pages only when both are read by the same process; its
  ``merge_domaindata`` keeps one silently. A collector records every page's
  labels and reports, after the merge, the duplicates Sphinx did not.

The Markdown is tokenised with markdown-it-py and the colon-fence plugin (the
parser and plugin MyST itself uses), so code spans and fenced code are not
mistaken for HTML; the HTML is read with the standard library's HTMLParser.
The allow-list and the fence and path rules are site policy, written here.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from sphinx.application import Sphinx
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging

import glossary_terms
import sitedata
import siteext

logger = logging.getLogger(__name__)

# tag -> attributes it may carry. <a> only with a relative href (a file of the site).
ALLOWED = {"br": set(), "kbd": set(), "sub": set(), "sup": set(), "abbr": {"title"}, "a": {"href"}}
ALLOWED_TEXT = "<br>, <kbd>, <sub>, <sup>, <abbr title>, <a href> to a file of the site"
# Directives whose content is not Markdown (not searched for HTML or headings).
VERBATIM = {"code-block", "code", "sourcecode", "literalinclude", "mermaid", "math", "csv-table", "raw",
            "include", "graphviz"}
PATH_DIRECTIVES = {"include", "literalinclude", "mermaid"}

_md = MarkdownIt("commonmark", {"html": True}).use(colon_fence_plugin)


class _HtmlCheck(HTMLParser):
    """One message per offending tag, naming every reason it is refused."""

    def __init__(self, seen: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.seen = seen  # start tags met so far in this file (their end tags need no message)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.add(tag)
        reasons = []
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on"):
                reasons.append(f"event handler {name}=")
            elif name in ("src", "srcset", "data", "poster"):
                reasons.append(f"{name}={value!r} (no remote or embedded sources)")
            elif name == "href" and (":" in value.split("/")[0] or value.startswith("//")):
                reasons.append(f"href={value!r} (links outside the site or runs a script: use a Markdown link)")
            elif tag in ALLOWED and name not in ALLOWED[tag]:
                reasons.append(f"attribute {name}=")
        if tag not in ALLOWED:
            what = {"script": "a <script> element", "iframe": "an <iframe>", "style": "a <style> element"}
            message = f"raw HTML {what.get(tag, f'<{tag}>')} is not allowed (allowed: {ALLOWED_TEXT})"
            self.problems.append(message + (f"; it also has {', '.join(reasons)}" if reasons else ""))
        elif reasons:
            self.problems.append(f"raw HTML {', '.join(reasons)} on <{tag}> is not allowed")

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED and tag not in self.seen:
            self.problems.append(f"raw HTML </{tag}> is not allowed (allowed: {ALLOWED_TEXT})")


def _html_problems(html: str, seen: set[str]) -> list[str]:
    checker = _HtmlCheck(seen)
    checker.feed(html)
    checker.close()
    return checker.problems


def _fence_closed(lines: list[str], token) -> bool:
    """Whether a fence's last line closes it (markdown-it runs an open fence to the end)."""
    start, end = token.map
    if end - start < 2:
        return False
    last = lines[end - 1].lstrip(" >").strip()  # in a block quote too
    char, size = token.markup[0], len(token.markup)
    return len(last) >= size and set(last) == {char}


def markdown_problems(text: str, docdir: Path, srcdir: Path, root: Path, page: bool, first_line: int = 1,
                      ) -> list[tuple[int, str]]:
    """(line, message) for every problem in a Markdown text.

    ``docdir`` is the folder relative paths are resolved against (``/x`` is
    ``srcdir/x``, as Sphinx resolves it), ``root`` the repository; ``page``:
    the text is a whole page (one top-level heading).
    """
    problems: list[tuple[int, str]] = []
    lines = text.splitlines()
    h1_lines: list[int] = []
    seen: set[str] = set()

    def walk(tokens, offset: int, top: bool) -> None:
        for token in tokens:
            line = offset + (token.map[0] if token.map else 0)
            if token.type == "html_block":
                problems.extend((line, why) for why in _html_problems(token.content, seen))
            elif token.type == "inline":
                breaks = 0
                for child in token.children or []:
                    if child.type in ("softbreak", "hardbreak"):
                        breaks += 1
                    elif child.type == "html_inline":
                        problems.extend((line + breaks, why) for why in _html_problems(child.content, seen))
            elif token.type == "heading_open" and token.tag == "h1" and top:
                h1_lines.append(line)
            elif token.type in ("fence", "colon_fence"):
                own = lines if top else token_lines.get(id(token), lines)
                if not _fence_closed(own, token):
                    problems.append((line, (f"code fence {token.markup!r} opened here is never closed: "
                                            "it swallows the rest of the file")))
                info = token.info.strip()
                name = info[1:info.index("}")] if info.startswith("{") and "}" in info else ""
                argument = info[info.index("}") + 1:].strip() if name else ""
                if name in PATH_DIRECTIVES and argument:
                    target = (srcdir / argument.lstrip("/")) if argument.startswith("/") else docdir / argument
                    if not target.resolve().is_relative_to(root):
                        problems.append((line, f"{{{name}}} path {argument!r} is outside the repository"))
                if name == "raw" and "html" in argument.split():
                    problems.extend((line, why) for why in _html_problems(token.content, seen))
                elif name and name not in VERBATIM and token.content:
                    inner = token.content.splitlines()
                    sub = _md.parse(token.content)
                    for t in sub:
                        token_lines[id(t)] = inner
                    walk(sub, line + 1, False)

    token_lines: dict[int, list[str]] = {}
    walk(_md.parse(text), first_line, True)
    if page:
        problems.extend((line, "a second top-level (#) heading: a page has one title; use ## for its sections")
                        for line in h1_lines[1:])
    return sorted(problems, key=lambda problem: problem[0])


def _repository(app) -> Path:
    """The project's root: the folder that holds docs/ (also for the benchmark's
    baselines and the fixture site, whose configuration lives elsewhere)."""
    return Path(app.srcdir).resolve().parent


def check_encodings(app: Sphinx) -> None:
    """Pages and diagrams that are not UTF-8 (or have a BOM): data problems, reported before any read."""
    srcdir, root = Path(app.srcdir), _repository(app)
    paths = {path for suffix in app.config.source_suffix for path in srcdir.rglob(f"*{suffix}")}
    paths |= {path for pattern in app.config.content_checks_text_globs for path in root.glob(pattern)}
    problems = []
    for path in sorted(paths):
        try:
            sitedata.read_text(path)
        except sitedata.DataError as err:
            problems.extend(err.problems)
    for problem in problems:
        logger.warning("%s", problem, location=problem.location(), type="content", subtype="encoding")
    siteext.loaded(app.env)["content_checks.unreadable"] = problems


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    path = Path(app.env.doc2path(docname))
    root = _repository(app)
    for line, message in markdown_problems(source[0], path.parent, Path(app.srcdir), root, page=True):
        logger.warning("%s", message, location=f"{path}:{line}", type="content", subtype="check")


def check_terms(app: Sphinx) -> None:
    """Term bodies are parsed into the glossary page: their paths resolve from there."""
    docdir = Path(app.srcdir, app.config.glossary_docname).parent
    root = _repository(app)

    def check() -> list[tuple[str, str]]:
        return [(f"{term.path}:{line}", message)
                for term in glossary_terms.registry(app.env).terms.values()
                for line, message in markdown_problems(term.body, docdir, Path(app.srcdir), root, page=False,
                                                       first_line=term.body_line)]

    # The same terms (siteext.cached, keyed by the registry's inputs) and this code give the same result.
    key = siteext.fingerprint([Path(__file__)], (siteext.loaded(app.env)["glossary_terms.key"], str(docdir), str(root)))
    for location, message in siteext.cached(app, "term-body-checks", key, check):
        logger.warning("%s", message, location=location, type="content", subtype="check")


# --- duplicate labels under -j -----------------------------------------------------

def _labels(env) -> dict[str, dict[str, int]]:
    """docname -> {label: line} (kept: pickled, merged from -j workers)."""
    return siteext.kept(env).setdefault("content_checks.labels", {})


def _reported(env) -> dict[str, set[str]]:
    """docname -> labels whose duplicate Sphinx itself reported when reading it."""
    return siteext.kept(env).setdefault("content_checks.reported", {})


class LabelCollector(EnvironmentCollector):
    def clear_doc(self, app, env, docname):
        _labels(env).pop(docname, None)
        _reported(env).pop(docname, None)

    def merge_other(self, app, env, docnames, other):
        for docname in docnames:
            for store in (_labels, _reported):
                if docname in store(other):
                    store(env)[docname] = store(other)[docname]

    def process_doc(self, app, doctree):
        """Record the explicit labels of a page, as the standard domain registers them.

        The domain warns when a label is already known *in this process*; the
        same test against what this process has recorded tells which
        duplicates it has reported, so none is reported twice.
        """
        env, docname = app.env, app.env.docname
        known = {name for doc, names in _labels(env).items() if doc != docname for name in names}
        found: dict[str, int] = {}
        for name, explicit in doctree.nametypes.items():
            labelid = doctree.nameids.get(name)
            if not explicit or labelid is None:
                continue
            node = doctree.ids[labelid]
            if node.tagname == "footnote" or "refuri" in node or node.tagname.startswith("desc_"):
                continue
            found[name] = node.line or getattr(node.parent, "line", None) or 1
        if found:
            _labels(env)[docname] = found
            if known & set(found):
                _reported(env)[docname] = known & set(found)


def check_labels(app: Sphinx, env) -> None:
    where: dict[str, list[str]] = {}
    for docname in sorted(_labels(env)):
        if docname in env.all_docs:
            for name in _labels(env)[docname]:
                where.setdefault(name, []).append(docname)
    for name, docs in sorted(where.items()):
        if len(docs) < 2 or any(name in _reported(env).get(doc, ()) for doc in docs):
            continue
        for docname in docs[1:]:
            logger.warning("duplicate label %s, other instance in %s", name, env.doc2path(docs[0]),
                           location=f"{env.doc2path(docname)}:{_labels(env)[docname][name]}",
                           type="content", subtype="label")


def setup(app: Sphinx) -> dict:
    app.setup_extension("glossary_terms")
    app.add_config_value("content_checks_text_globs", ["diagrams/**/*.mmd"], "env", types=[list])
    app.connect("builder-inited", check_encodings, priority=300)  # before the data loaders and their stop
    app.connect("source-read", check_page)
    app.connect("builder-inited", check_terms, priority=900)  # after glossary_terms loads them
    app.add_env_collector(LabelCollector)
    app.connect("env-check-consistency", check_labels)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
