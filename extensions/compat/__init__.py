"""Render the version compatibility matrix from ``data/compatibility.yaml``.

One directive, ``{compat-table}``, with ``:group:`` (a column group of the data
file): platforms as rows (in the comparison matrix's order, each linked to its
page, with the release the row is about), components as columns. Each cell
shows the value and a link to its source whose text names the file and the
release, derived from the URL. The build also writes ``compatibility.json``
and ``compatibility.csv`` next to ``matrix.json``.

Bad data fails the build at ``file:line`` with the field path: schema errors,
an unpinned source, an unknown platform, a platform of the matrix without a
row, a row that lacks a column.
"""

from __future__ import annotations

import re
from pathlib import Path

import citations
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import matrix
import sitedata
import siteext

logger = logging.getLogger(__name__)

DATA_FILE = "compatibility.yaml"
SPECIAL = {"not documented": "cx-undoc", "n/a": "cx-na"}
_URL = {"type": "string", "pattern": r"^https://", "not": sitedata.UNPINNED}
_CELL = {
    "type": "object",
    "additionalProperties": False,
    "required": ["value", "source"],
    "properties": {
        "value": {"type": "string", "minLength": 1},
        "detail": {"type": "string"},
        "as_of": {"type": "string"},
        "source": _URL,
        "note": {"type": "string"},
    },
}
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["checked", "columns", "platforms"],
    "properties": {
        "checked": {"type": "string", "format": "date"},
        "columns": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "label", "group"],
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                    "label": {"type": "string"},
                    "group": {"type": "string", "pattern": "^[a-z]+$"},
                },
            },
        },
        "platforms": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["platform", "release", "cells"],
                "properties": {
                    "platform": {"type": "string"},
                    "release": {"type": "string"},
                    "note": {"type": "string"},
                    "cells": {"type": "object", "additionalProperties": _CELL},
                },
            },
        },
    },
}


def load(path: Path, engine_ids: set[str]) -> tuple[dict | None, list[sitedata.Problem]]:
    """The validated data, or None and the problems (each with file, line and field)."""
    try:
        doc = sitedata.parse_yaml(path)
    except sitedata.DataError as err:
        return None, [err.problem]
    problems = sitedata.validate(doc, SCHEMA)
    if problems:
        return None, problems
    data = doc.data
    columns = [c["id"] for c in data["columns"]]
    seen: set[str] = set()
    for i, row in enumerate(data["platforms"]):
        pid = row["platform"]
        if pid not in engine_ids:
            problems.append(doc.problem(["platforms", i, "platform"],
                                        f"unknown platform {pid!r} (no data/engines/{pid}.yaml)"))
        if pid in seen:
            problems.append(doc.problem(["platforms", i, "platform"], f"duplicate platform {pid!r}"))
        seen.add(pid)
        for col in columns:
            if col not in row["cells"]:
                problems.append(doc.problem(["platforms", i, "cells"], f"missing column {col!r}"))
        for col in row["cells"]:
            if col not in columns:
                problems.append(doc.problem(["platforms", i, "cells", col], f"unknown column {col!r}"))
    for pid in sorted(engine_ids - seen):
        problems.append(doc.problem(["platforms"], f"no row for platform {pid!r}"))
    return (None if problems else data), problems


def current(env) -> dict | None:
    return siteext.loaded(env).get("compat.data")


def load_data(app: Sphinx) -> None:
    path = Path(app.config.matrix_data_dir) / DATA_FILE
    mx = matrix.current(app.env)
    # Every engine file is known, even one that failed to load (reported at that file).
    engine_ids = set(mx.pages) or set(mx.engines)
    data, problems = load(path, engine_ids)
    siteext.loaded(app.env)["compat.data"] = data
    for problem in problems:
        logger.warning("%s", problem, location=problem.location(), type="compat", subtype="data")


def _ordered_rows(env, data: dict) -> list[tuple[dict, dict]]:
    """(engine, row) pairs: the six platforms, then the neighbours, each by name as in the matrix."""
    rows = {r["platform"]: r for r in data["platforms"]}
    engines = matrix.current(env).ordered("platform") + matrix.current(env).ordered("neighbour")
    return [(e, rows[e["id"]]) for e in engines if e["id"] in rows]


class CompatTable(SphinxDirective):
    option_spec = {"group": directives.unchanged_required}  # noqa: RUF012 - docutils' convention

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(Path(self.config.matrix_data_dir) / DATA_FILE))
        data = current(self.env)
        if data is None:
            return [nodes.paragraph(text="(compatibility data invalid; see the build warnings)")]
        group = self.options.get("group")
        columns = [c for c in data["columns"] if group in (None, c["group"])]
        if not columns:
            raise self.error(f"no columns in group {group!r}")
        table = nodes.table(classes=["cx-table"])
        tgroup = nodes.tgroup(cols=len(columns) + 1)
        table += tgroup
        for width in [16] + [14] * len(columns):
            tgroup += nodes.colspec(colwidth=width)
        thead, tbody = nodes.thead(), nodes.tbody()
        head = nodes.row()
        head += nodes.entry("", nodes.paragraph(text="Platform, release"))
        for col in columns:
            head += nodes.entry("", nodes.paragraph(text=col["label"]))
        thead += head
        for engine, row in _ordered_rows(self.env, data):
            tr = nodes.row()
            stub = nodes.entry(classes=["cx-stub"])
            name = nodes.paragraph()
            name += matrix.doc_link(self.env, engine["page"], engine["name"])
            stub += name
            stub += nodes.paragraph(text=row["release"], classes=["cx-release"])
            tr += stub
            for col in columns:
                tr += self.cell(row, row["cells"][col["id"]], col["label"])
            tbody += tr
        tgroup += thead
        tgroup += tbody
        container = nodes.container(classes=["cx-scroll"])
        container += table
        return [container]

    @staticmethod
    def cell(row: dict, cell: dict, label: str) -> nodes.entry:
        entry = nodes.entry()
        value = nodes.paragraph(classes=["cx-value"])
        # The column's name, shown only where narrow screens stack the cells (compat.css).
        value += nodes.inline(label + ": ", label + ": ", classes=["cx-label"])
        value += nodes.strong(cell["value"], cell["value"], classes=[SPECIAL.get(cell["value"], "cx-text")])
        entry += value
        if cell.get("detail"):
            entry += nodes.paragraph(text=cell["detail"], classes=["cx-detail"])
        meta = nodes.paragraph(classes=["cx-meta"])
        if cell.get("as_of", row["release"]) != row["release"]:
            meta += nodes.Text(f"as of {cell['as_of']} · ")
        meta += nodes.reference(citations.short_label(cell["source"]), citations.short_label(cell["source"]),
                                refuri=cell["source"])
        entry += meta
        if cell.get("note"):
            entry += _note(cell["note"])
        return entry


def _note(text: str) -> nodes.paragraph:
    """A note whose URLs become links named like the sources (no raw URL to overflow a cell)."""
    para = nodes.paragraph(classes=["cx-detail"])
    para += nodes.Text("Note: ")
    pos = 0
    for match in re.finditer(r"https://\S+[^\s.,;)]", text):
        para += nodes.Text(text[pos:match.start()])
        url = match.group(0)
        para += nodes.reference(citations.short_label(url), citations.short_label(url), refuri=url)
        pos = match.end()
    para += nodes.Text(text[pos:])
    return para


def write_exports(app: Sphinx, env) -> None:
    """``compatibility.json`` and ``compatibility.csv`` beside ``matrix.json``."""
    if app.builder.format != "html":
        return
    data = current(env)
    if data is None:
        return
    rows = _ordered_rows(env, data)
    payload = {
        "checked": data["checked"],
        "columns": data["columns"],
        "platforms": [{"platform": e["id"], "name": e["name"], "release": r["release"],
                       "page": app.builder.get_target_uri(e["page"]),
                       "cells": {cid: {"as_of": c.get("as_of", r["release"])} | c
                                 for cid, c in r["cells"].items()}}
                      | ({"note": r["note"]} if "note" in r else {})
                      for e, r in rows],
    }
    rows = ([e["id"], r["release"], col["id"], c["value"], c.get("detail", ""), c.get("as_of", r["release"]),
             c["source"], c.get("note", "")]
            for e, r in rows for col in data["columns"] for c in [r["cells"][col["id"]]])
    sitedata.write_exports(Path(app.outdir), "compatibility", payload,
                           ["platform", "release", "component", "value", "detail", "as_of", "source", "note"], rows)


def setup(app: Sphinx) -> dict:
    app.setup_extension("matrix")
    siteext.add_static(app, __file__, css=("compat.css",))
    app.add_directive("compat-table", CompatTable)
    # After matrix (400), whose engine list checks the platform ids.
    app.connect("builder-inited", load_data, priority=450)
    app.connect("env-updated", write_exports)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
