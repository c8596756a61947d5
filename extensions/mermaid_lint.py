"""Fail the build on a Mermaid syntax error, with ``file:line``.

sphinxcontrib-mermaid's raw mode stores the diagram text verbatim, so a
broken diagram builds cleanly and only shows an error bomb in the browser.
This extension collects every diagram read in this build and runs
``tools/mermaid-lint.mjs`` (``mermaid.parse`` under node with jsdom) once.

Errors are reported at the ``.mmd`` file and line for included diagrams,
or at the page line for inline fences. A diagram whose SVG is in
``mermaid_prerender``'s cache is not parsed again (drawing it proved that it
parses), so an edit that leaves every diagram cached starts no Node process.

It also fails a diagram that has no text alternative (``mermaid_lint_text_alternative``):
Mermaid's ``accTitle`` and ``accDescr`` (which become the SVG's ``<title>`` and
``<desc>``, read by screen readers) and a visible ``:caption:``. A regular
expression over the source is enough here: both are single statements that
Mermaid only accepts at the start of a line, and a misspelt one is a syntax
error that the parse above reports. Documents with a failing diagram are
re-read on the next build, so an unchanged broken diagram keeps failing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import ENUM
from sphinx.util import logging
from sphinxcontrib.mermaid import mermaid

import siteext

logger = logging.getLogger(__name__)

MODES = ("require", "auto", "off")

_ACC_TITLE = re.compile(r"^\s*accTitle\s*:\s*\S", re.M)
_ACC_DESCR = re.compile(r"^\s*accDescr\s*(:\s*\S|\{\s*\S)", re.M)


def missing_text_alternative(item: dict) -> list[str]:
    """What a diagram lacks of its text alternative: accTitle, accDescr, a caption."""
    missing = []
    if not _ACC_TITLE.search(item["code"]):
        missing.append("accTitle")
    if not _ACC_DESCR.search(item["code"]):
        missing.append("accDescr")
    if not item.get("caption", True):
        missing.append(":caption:")
    return missing


def _pending(env) -> dict[str, list[dict]]:
    """docname -> diagrams read and not linted yet (kept: a worker's reads reach the main process)."""
    return siteext.kept(env).setdefault("mermaid_lint.pending", {})


def _failed_file(app: Sphinx) -> Path:
    # The environment is pickled before the write phase, when the lint results
    # are not in yet, so failures are remembered in a file beside the doctrees.
    return Path(app.doctreedir, "mermaid-lint-failed.json")


def collect(app: Sphinx, doctree) -> None:
    docname = app.env.docname
    items = []
    for node in doctree.findall(mermaid):
        code = node["code"]
        parent = node.parent
        items.append({
            "code": code,
            "file": node.get("mermaid_file"),
            "source": node.source or app.env.doc2path(docname),
            "line": node.line or 0,
            "inline": not node.get("mermaid_file"),
            "caption": isinstance(parent, nodes.figure) and any(isinstance(c, nodes.caption) for c in parent.children),
        })
    if items:
        _pending(app.env)[docname] = items


def purge(app: Sphinx, env, docname: str) -> None:
    _pending(env).pop(docname, None)


def merge(app: Sphinx, env, docnames, other) -> None:
    for docname in docnames:
        if docname in _pending(other):
            _pending(env)[docname] = _pending(other)[docname]


def reread_failed(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Documents whose diagrams failed last time are read (and linted) again."""
    path = _failed_file(app)
    if not path.is_file():
        return []
    failed = set(json.loads(path.read_text(encoding="utf-8")))
    path.unlink()
    return sorted(d for d in failed - set(removed) if d in env.found_docs)


def _location(item: dict, line: int | None) -> str:
    code_lines = item["code"].count("\n") + 1
    rel = min(line, code_lines) if line else None
    if item["file"]:
        return f"{item['file']}:{rel or 1}"
    # Inline fence: the code starts on the line after the opening fence.
    return f"{item['source']}:{item['line'] + (rel or 1)}"


def _report_text_alternatives(app: Sphinx, checked: list[tuple[str, dict]]) -> set[str]:
    """Warn, at file:line, about each diagram without accTitle, accDescr or caption."""
    if not app.config.mermaid_lint_text_alternative:
        return set()
    failed = set()
    for docname, item in checked:
        missing = missing_text_alternative(item)
        if missing:
            failed.add(docname)
            where = "" if item["inline"] else f" (included from {item['source']}:{item['line']})"
            logger.warning("mermaid diagram without a text alternative%s: add %s", where, ", ".join(missing),
                           location=_location(item, 1), type="mermaid", subtype="a11y")
    return failed


def _remember_failed(app: Sphinx, failed: set[str]) -> None:
    if failed:
        path = _failed_file(app)
        before = set(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else set()
        path.write_text(json.dumps(sorted(failed | before)), encoding="utf-8")


def start_lint(app: Sphinx, env) -> None:
    """Start node on every diagram read in this build; it runs while Sphinx writes."""
    mode = app.config.mermaid_lint
    pending = _pending(env)
    if not pending:
        return
    # A diagram whose SVG is in mermaid_prerender's cache parsed when it was drawn:
    # only its text alternative is checked, and Node is not started for it.
    drawn = siteext.loaded(env).get("mermaid_prerender.cached_codes", set())
    cached = [(d, item) for d in sorted(pending) for item in pending[d] if item["code"] in drawn]
    if cached:
        logger.info("mermaid lint: %d diagram(s) parsed when drawn (cached SVG), not run through node",
                    len(cached))
    jobs, index = [], {}
    for docname in sorted(pending):
        for n, item in enumerate(pending[docname]):
            if item["code"] not in drawn:
                key = f"{docname}#{n}"
                jobs.append({"id": key, "code": item["code"]})
                index[key] = (docname, item)
    # Lint only what this build read; the next build starts from its own reads.
    pending.clear()
    _remember_failed(app, _report_text_alternatives(app, cached))
    if not jobs:
        return
    script = Path(app.config.mermaid_lint_script)
    node = shutil.which("node")
    if mode == "off" or not node or not script.is_file():
        if mode == "require":
            logger.warning("mermaid lint unavailable (node on PATH: %s, script %s exists: %s)",
                           bool(node), script, script.is_file(), type="mermaid", subtype="lint")
        # No parse: check the text alternatives now.
        _remember_failed(app, _report_text_alternatives(app, list(index.values())))
        return
    # Closed in finish_lint, after node has read it while Sphinx wrote the pages.
    stdin = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
    json.dump(jobs, stdin)
    stdin.seek(0)
    proc = subprocess.Popen([node, str(script)], stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=script.parent.parent)
    # The node process of this build, awaited at the end.
    siteext.loaded(env)["mermaid_lint.running"] = (proc, stdin, index, len(jobs))


def finish_lint(app: Sphinx, exception: Exception | None) -> None:
    """Collect the lint results and report each syntax error at file:line."""
    running = siteext.loaded(app.env).pop("mermaid_lint.running", None)
    if running is None:
        return
    proc, stdin, index, count = running
    out, err = proc.communicate()
    stdin.close()
    if proc.returncode != 0:
        logger.warning("mermaid lint failed to run: %s", err.strip()[-2000:], type="mermaid", subtype="lint")
        return
    failed: set[str] = set()
    docs = set()
    parsed = []
    for result in json.loads(out):
        docname, item = index[result["id"]]
        docs.add(docname)
        if result["ok"]:
            parsed.append((docname, item))
            continue
        failed.add(docname)
        where = "" if item["inline"] else f" (included from {item['source']}:{item['line']})"
        logger.warning("mermaid syntax error%s: %s", where, result["error"],
                       location=_location(item, result.get("line")), type="mermaid", subtype="syntax")
    # After the syntax errors: a diagram that does not parse is reported once, as broken.
    failed |= _report_text_alternatives(app, parsed)
    logger.info("mermaid lint: checked %d diagram(s) in %d document(s)", count, len(docs))
    _remember_failed(app, failed)


def setup(app: Sphinx) -> dict:
    app.setup_extension("mermaid_offline")
    app.add_config_value("mermaid_lint", "auto", "env", types=ENUM(*MODES))
    app.add_config_value("mermaid_lint_script", "", "env", types=[str])
    # Every diagram needs accTitle, accDescr and a :caption: (issue 15).
    app.add_config_value("mermaid_lint_text_alternative", True, "env", types=[bool])
    app.connect("doctree-read", collect)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-get-outdated", reread_failed)
    app.connect("env-updated", start_lint)
    app.connect("build-finished", finish_lint)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
