"""Fail the build on a Mermaid syntax error, with ``file:line``.

sphinxcontrib-mermaid's raw mode stores the diagram text verbatim, so a
broken diagram builds cleanly and only shows an error bomb in the browser.
This extension collects every diagram read in this build and runs
``tools/mermaid-lint.mjs`` (``mermaid.parse`` under node with jsdom) once.

Errors are reported at the ``.mmd`` file and line for included diagrams,
or at the page line for inline fences. Documents with a failing diagram are
re-read on the next build, so an unchanged broken diagram keeps failing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.mermaid import mermaid

logger = logging.getLogger(__name__)

MODES = ("require", "auto", "off")


def _pending(env) -> dict[str, list[dict]]:
    if not hasattr(env, "mermaid_lint_pending"):
        env.mermaid_lint_pending = {}
    return env.mermaid_lint_pending


def _failed(env) -> set[str]:
    if not hasattr(env, "mermaid_lint_failed"):
        env.mermaid_lint_failed = set()
    return env.mermaid_lint_failed


def collect(app: Sphinx, doctree) -> None:
    docname = app.env.docname
    items = []
    for node in doctree.findall(mermaid):
        code = node["code"]
        items.append({
            "code": code,
            "file": node.get("mermaid_file"),
            "source": node.source or app.env.doc2path(docname),
            "line": node.line or 0,
            "inline": not node.get("mermaid_file"),
        })
    if items:
        _pending(app.env)[docname] = items


def purge(app: Sphinx, env, docname: str) -> None:
    _pending(env).pop(docname, None)
    _failed(env).discard(docname)


def merge(app: Sphinx, env, docnames, other) -> None:
    for docname in docnames:
        if docname in _pending(other):
            _pending(env)[docname] = _pending(other)[docname]


def reread_failed(app: Sphinx, env, added, changed, removed) -> list[str]:
    return sorted(_failed(env) - set(removed))


def _location(item: dict, line: int | None) -> str:
    code_lines = item["code"].count("\n") + 1
    rel = min(line, code_lines) if line else None
    if item["file"]:
        return f"{item['file']}:{rel or 1}"
    # Inline fence: the code starts on the line after the opening fence.
    return f"{item['source']}:{item['line'] + (rel or 1)}"


def lint(app: Sphinx, env) -> None:
    mode = app.config.mermaid_lint
    if mode not in MODES:
        logger.warning("mermaid_lint must be one of %s, not %r", MODES, mode, type="mermaid", subtype="config")
        return
    pending = _pending(env)
    if mode == "off" or not pending:
        return
    script = Path(app.config.mermaid_lint_script)
    node = shutil.which("node")
    if not node or not script.is_file():
        if mode == "require":
            logger.warning("mermaid lint unavailable (node on PATH: %s, script %s exists: %s)",
                           bool(node), script, script.is_file(), type="mermaid", subtype="lint")
        return
    jobs, index = [], {}
    for docname in sorted(pending):
        for n, item in enumerate(pending[docname]):
            key = f"{docname}#{n}"
            jobs.append({"id": key, "code": item["code"]})
            index[key] = (docname, item)
    proc = subprocess.run([node, str(script)], input=json.dumps(jobs), capture_output=True,
                          text=True, cwd=Path(script).parent.parent, check=False)
    if proc.returncode != 0:
        logger.warning("mermaid lint failed to run: %s", proc.stderr.strip()[-2000:],
                       type="mermaid", subtype="lint")
        return
    failed = _failed(env)
    for result in json.loads(proc.stdout):
        if result["ok"]:
            continue
        docname, item = index[result["id"]]
        failed.add(docname)
        where = "" if item["inline"] else f" (included from {item['source']}:{item['line']})"
        logger.warning("mermaid syntax error%s: %s", where, result["error"],
                       location=_location(item, result.get("line")), type="mermaid", subtype="syntax")
    logger.info("mermaid lint: checked %d diagram(s) in %d document(s)", len(jobs), len(pending))
    # Lint only what this build read; the next build starts from its own reads.
    pending.clear()


def setup(app: Sphinx) -> dict:
    app.setup_extension("mermaid_offline")
    app.add_config_value("mermaid_lint", "auto", "env", types=[str])
    app.add_config_value("mermaid_lint_script", "", "env", types=[str])
    app.connect("doctree-read", collect)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-get-outdated", reread_failed)
    app.connect("env-updated", lint)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
