"""Render the comparison matrix from ``data/`` (no fact is typed twice).

Directives:

* ``{matrix-table}``: engines as columns, dimensions as rows; ``:group:``
  picks a dimension group, ``:dimensions:`` a list, ``:engines:`` platform,
  neighbour or all. Every cell shows its value, detail, as-of release and a
  link to its source.
* ``{engine-summary} <id>``: the summary box at the top of an engine page.
* ``{matrix-legend}``: what yes / partial / no / n/a mean.
* ``{matrix-pair} <a> <b>``: two engines side by side; one generated page per
  pair of platforms lives in ``docs/compare/pairs/`` (git-ignored).
* ``{decision-guide}``: scenarios from ``data/decision-guide.yaml``; the engines
  that fit are derived from the cells, and each reason links to its source.

Bad data (a cell without source or as_of, an unknown dimension, a value
outside the allowed set, a bad or future date, a source on a branch or at
another release than ``as_of``, a duplicate id, a guide rule that does not
fit its dimension, a ``page`` with no file) is a warning at ``file:line``;
glossary_terms stops the build once all data problems are reported. The
build also writes ``matrix.json`` and ``matrix.csv`` into the site.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import matrix_data
import sitedata
import siteext

logger = logging.getLogger(__name__)

PAIRS_DIR = "compare/pairs"
GUIDE_FILE = "decision-guide.yaml"
SUMMARY_DIMENSIONS = ["governance", "license", "language", "latest_release", "maturity", "api_surface",
                      "inference_engines", "pd_disaggregation", "kv_aware_routing", "lora", "autoscaling"]

GUIDE_SCHEMA = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "title", "why", "criteria"],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9-]+$"},
            "title": {"type": "string"},
            "why": {"type": "string"},
            "criteria": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["dimension"],
                    "properties": {
                        "dimension": {"type": "string"},
                        "values": {"type": "array", "items": {"enum": matrix_data.SUPPORT_VALUES}},
                        "mentions": {"type": "string"},
                    },
                },
            },
        },
    },
}


def guide_problems(gdoc: sitedata.YamlDoc, matrix: matrix_data.Matrix) -> list[sitedata.Problem]:
    """Checks of the decision guide against the dimensions (after its schema)."""
    found = []
    first: dict[str, int] = {}
    for i, scenario in enumerate(gdoc.data):
        if scenario["id"] in first:
            found.append(gdoc.problem([i, "id"], f"duplicate scenario id {scenario['id']!r} "
                                      f"(first at line {gdoc.line_of([first[scenario['id']], 'id'])})"))
        first.setdefault(scenario["id"], i)
        for j, crit in enumerate(scenario["criteria"]):
            dim = matrix.dimension(crit["dimension"])
            if dim is None:
                found.append(gdoc.problem([i, "criteria", j, "dimension"],
                                          f"unknown dimension {crit['dimension']!r}"))
            elif "values" in crit and dim["kind"] != "support":
                found.append(gdoc.problem([i, "criteria", j, "values"],
                                          f"'values' tests a support value, but {dim['id']!r} is a "
                                          f"{dim['kind']} dimension: use 'mentions'"))
            elif "values" not in crit and "mentions" not in crit:
                found.append(gdoc.problem([i, "criteria", j], "a criterion needs 'values' or 'mentions'"))
    return found


def load_matrix(app: Sphinx) -> None:
    data_dir = Path(app.config.matrix_data_dir)
    matrix = matrix_data.load(data_dir, docs_dir=Path(app.srcdir))
    guide = []
    try:
        gdoc = sitedata.parse_yaml(data_dir / GUIDE_FILE)
        found = sitedata.validate(gdoc, GUIDE_SCHEMA)
        if not found and matrix.dimensions:
            found = guide_problems(gdoc, matrix)
        matrix.problems.extend(found)
        guide = gdoc.data if not found else []
    except sitedata.DataError as err:
        matrix.problems.extend(err.problems)
    matrix.guide = guide
    siteext.loaded(app.env)["matrix.matrix"] = matrix
    for problem in matrix.problems:
        logger.warning("%s", problem, location=problem.location(), type="matrix", subtype="data")
    if not matrix.problems:
        _generate_pair_pages(app, matrix)


def current(env) -> matrix_data.Matrix:
    """The matrix loaded for this build (siteext.loaded)."""
    return siteext.loaded(env)["matrix.matrix"]


def _generate_pair_pages(app: Sphinx, matrix: matrix_data.Matrix) -> None:
    pairs_dir = Path(app.srcdir, PAIRS_DIR)
    keep = set()
    entries = []
    for a, b in itertools.combinations(matrix.ordered("platform"), 2):
        name = f"{a['id']}-vs-{b['id']}"
        text = f"# {a['name']} vs {b['name']}\n\n```{{matrix-pair}} {a['id']} {b['id']}\n```\n"
        sitedata.write_if_changed(pairs_dir / f"{name}.md", text)
        keep.add(f"{name}.md")
        entries.append(name)
    index = ("# Compare two platforms\n\nEach page puts two platforms side by side, dimension by dimension, "
             "from the same data as the full matrix.\n\n```{matrix-pairs}\n```\n\n"
             "```{toctree}\n:hidden:\n\n" + "\n".join(entries) + "\n```\n")
    sitedata.write_if_changed(pairs_dir / "index.md", index)
    keep.add("index.md")
    sitedata.remove_stale(pairs_dir, keep)


# --- rendering helpers -------------------------------------------------------

def doc_link(env, docname: str, text: str) -> addnodes.pending_xref:
    xref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget="/" + docname,
                                 refexplicit=True, refwarn=True, refdoc=env.docname)
    xref += nodes.inline(text, text)
    return xref


def _cell_nodes(cell: dict, kind: str, compact: bool = False) -> list[nodes.Node]:
    """A cell's value, detail, release and source; ``compact`` drops detail and note."""
    value = str(cell["value"])
    para = nodes.paragraph(classes=["mx-cell"])
    if kind == "support":
        css = "mx-" + value.replace("/", "")
        para += nodes.inline(value, value, classes=["mx-value", css])
    else:
        para += nodes.strong(value, value, classes=["mx-text"])
    if compact:
        para += nodes.Text(f" (as of {cell['as_of']}{', ' + cell['date'] if 'date' in cell else ''}, ")
        para += nodes.reference("source", "source", refuri=cell["source"])
        para += nodes.Text(")")
        return [para]
    para += nodes.Text(" " + cell["detail"])
    meta = nodes.paragraph(classes=["mx-meta"])
    meta += nodes.Text(f"as of {cell['as_of']}")
    if "date" in cell:
        meta += nodes.Text(f" ({cell['date']})")
    meta += nodes.Text(" · ")
    meta += nodes.reference("source", "source", refuri=cell["source"])
    out = [para, meta]
    if cell.get("note"):
        out.append(nodes.paragraph(cell["note"], "Note: " + cell["note"], classes=["mx-note"]))
    return out


def _table(header: list[list[nodes.Node]], rows: list[list[list[nodes.Node]]], classes: list[str],
           widths: list[int]) -> nodes.table:
    table = nodes.table(classes=["mx-table", *classes])
    group = nodes.tgroup(cols=len(widths))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)

    def row_of(cells: list[list[nodes.Node]], head: bool) -> nodes.row:
        row = nodes.row()
        for i, content in enumerate(cells):
            entry = nodes.entry(classes=["mx-stub"] if i == 0 else [])
            entry.extend(content)
            row += entry
        return row

    thead = nodes.thead()
    thead += row_of(header, True)
    group += thead
    tbody = nodes.tbody()
    for cells in rows:
        tbody += row_of(cells, False)
    group += tbody
    return table


class MatrixDirective(SphinxDirective):
    def matrix(self) -> matrix_data.Matrix:
        matrix = current(self.env)
        data_dir = Path(self.config.matrix_data_dir)
        for path in [data_dir / "dimensions.yaml", data_dir / GUIDE_FILE, *matrix.files()]:
            self.env.note_dependency(str(path))
        return matrix

    def engine(self, matrix: matrix_data.Matrix, engine_id: str) -> dict:
        if engine_id not in matrix.engines:
            raise self.error(f"unknown engine {engine_id!r} (no valid data/engines/{engine_id}.yaml)")
        return matrix.engines[engine_id]

    def dim_label(self, dim: dict) -> list[nodes.Node]:
        return [nodes.paragraph(dim["label"], dim["label"], ids=[])]


class MatrixTable(MatrixDirective):
    option_spec = {  # noqa: RUF012 - docutils' class-level convention
        "group": directives.unchanged,
        "dimensions": directives.unchanged,
        "engines": lambda arg: directives.choice(arg, ("platform", "neighbour", "all")),
    }

    def run(self) -> list[nodes.Node]:
        matrix = self.matrix()
        dims = matrix.dimensions
        if "group" in self.options:
            if self.options["group"] not in matrix.groups:
                raise self.error(f"unknown dimension group {self.options['group']!r}")
            dims = [d for d in dims if d["group"] == self.options["group"]]
        if "dimensions" in self.options:
            wanted = [d.strip() for d in self.options["dimensions"].split(",") if d.strip()]
            unknown = [d for d in wanted if matrix.dimension(d) is None]
            if unknown:
                raise self.error(f"unknown dimension(s): {', '.join(unknown)}")
            dims = [matrix.dimension(d) for d in wanted]
        which = self.options.get("engines", "platform")
        engines = matrix.ordered(None if which == "all" else which)
        header = [[nodes.paragraph(text="Dimension")]]
        header += [[nodes.paragraph("", "", doc_link(self.env, e["page"], e["name"]))] for e in engines]
        rows = [[self.dim_label(d)] + [_cell_nodes(e["cells"][d["id"]], d["kind"]) for e in engines]
                for d in dims]
        container = nodes.container(classes=["mx-scroll"])
        container += _table(header, rows, ["mx-matrix"], [18] + [20] * len(engines))
        return [container]


class EngineSummary(MatrixDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        matrix = self.matrix()
        engine = self.engine(matrix, self.arguments[0])
        rows = []
        for dim_id in SUMMARY_DIMENSIONS:
            dim = matrix.dimension(dim_id)
            if dim is not None:
                rows.append([self.dim_label(dim), _cell_nodes(engine["cells"][dim_id], dim["kind"], compact=True)])
        box = nodes.container(classes=["mx-summary", "no-search"])  # the page's prose says it too
        title = nodes.paragraph(classes=["mx-summary-title"])
        title += nodes.strong("At a glance", "At a glance")
        title += nodes.Text(f" (facts checked {engine['checked']}; full row in the ")
        title += doc_link(self.env, "compare/matrix", "comparison matrix")
        title += nodes.Text(")")
        box += title
        box += _table([[nodes.paragraph(text="Dimension")], [nodes.paragraph(text=engine["name"])]],
                      rows, ["mx-summary-table"], [30, 70])
        return [box]


class MatrixLegend(MatrixDirective):
    def run(self) -> list[nodes.Node]:
        matrix = self.matrix()
        dlist = nodes.definition_list(classes=["mx-legend"])
        for value in matrix_data.SUPPORT_VALUES:
            item = nodes.definition_list_item()
            term = nodes.term()
            term += nodes.inline(value, value, classes=["mx-value", "mx-" + value.replace("/", "")])
            item += term
            definition = nodes.definition()
            definition += nodes.paragraph(text=matrix.legend[value])
            item += definition
            dlist += item
        return [dlist]


class MatrixPair(MatrixDirective):
    required_arguments = 2

    def run(self) -> list[nodes.Node]:
        matrix = self.matrix()
        a, b = (self.engine(matrix, x) for x in self.arguments)
        header = [[nodes.paragraph(text="Dimension")]]
        header += [[nodes.paragraph("", "", doc_link(self.env, e["page"], e["name"]))] for e in (a, b)]
        rows, same = [], 0
        for dim in matrix.dimensions:
            ca, cb = a["cells"][dim["id"]], b["cells"][dim["id"]]
            same += ca["value"] == cb["value"] and dim["kind"] == "support"
            rows.append([self.dim_label(dim), _cell_nodes(ca, dim["kind"]), _cell_nodes(cb, dim["kind"])])
        support = sum(d["kind"] == "support" for d in matrix.dimensions)
        intro = nodes.paragraph(text=(
            f"{a['name']} and {b['name']} give the same answer on {same} of the {support} capability "
            "dimensions; the rows below show how each does it, as of the release named in each cell."))
        # The pair pages repeat the matrix; keep them out of the search index so a
        # search lands on the matrix and the engine pages, not on 15 copies.
        container = nodes.container(classes=["mx-scroll", "no-search"])
        container += _table(header, rows, ["mx-pair"], [20, 40, 40])
        return [intro, container]


class MatrixPairs(MatrixDirective):
    def run(self) -> list[nodes.Node]:
        matrix = self.matrix()
        blist = nodes.bullet_list()
        for a, b in itertools.combinations(matrix.ordered("platform"), 2):
            li = nodes.list_item()
            li += nodes.paragraph("", "", doc_link(self.env, f"{PAIRS_DIR}/{a['id']}-vs-{b['id']}",
                                                    f"{a['name']} vs {b['name']}"))
            blist += li
        return [blist]


def scenario_fits(matrix: matrix_data.Matrix, scenario: dict, engine: dict) -> list[tuple[dict, dict]] | None:
    """The (dimension, cell) reasons an engine fits a scenario, or None."""
    reasons = []
    for crit in scenario["criteria"]:
        dim = matrix.dimension(crit["dimension"])
        cell = engine["cells"][dim["id"]]
        if "values" in crit and cell["value"] not in crit["values"]:
            return None
        if "mentions" in crit:
            text = f"{cell['value']} {cell['detail']}".lower()
            if crit["mentions"].lower() not in text:
                return None
        reasons.append((dim, cell))
    return reasons


class DecisionGuide(MatrixDirective):
    def run(self) -> list[nodes.Node]:
        matrix = self.matrix()
        out: list[nodes.Node] = []
        for scenario in matrix.guide:
            section = nodes.container(classes=["mx-scenario"], ids=[f"scenario-{scenario['id']}"])
            section += nodes.rubric(scenario["title"], scenario["title"])
            section += nodes.paragraph(text=scenario["why"])
            rule = "; ".join(
                f"{matrix.dimension(c['dimension'])['label']}"
                + (f" is {' or '.join(c['values'])}" if "values" in c else "")
                + (f" mentions “{c['mentions']}”" if "mentions" in c else "")
                for c in scenario["criteria"])
            section += nodes.paragraph(text=f"Derived from the matrix: {rule}.", classes=["mx-rule"])
            fits = nodes.bullet_list()
            for engine in matrix.ordered():
                reasons = scenario_fits(matrix, scenario, engine)
                if reasons is None:
                    continue
                para = nodes.paragraph()
                para += doc_link(self.env, engine["page"], engine["name"])
                if engine["group"] == "neighbour":
                    para += nodes.Text(" (neighbour)")
                para += nodes.Text(": ")
                for i, (_dim, cell) in enumerate(reasons):
                    if i:
                        para += nodes.Text("; ")
                    para += nodes.Text(f"{cell['detail']} (as of {cell['as_of']}, ")
                    para += nodes.reference("source", "source", refuri=cell["source"])
                    para += nodes.Text(")")
                li = nodes.list_item()
                li += para
                fits += li
            if not fits.children:
                fits += nodes.list_item("", nodes.paragraph(text="No engine in the matrix fits every criterion."))
            section += fits
            out.append(section)
        return out


# --- exports -------------------------------------------------------------------

def write_exports(app: Sphinx, env) -> None:
    """``matrix.json`` and ``matrix.csv``, written after reading like every generated file."""
    if app.builder.format != "html":
        return
    matrix = current(env)
    engines = matrix.ordered()
    payload = {
        "legend": matrix.legend,
        "dimensions": matrix.dimensions,
        "engines": [{k: e[k] for k in ("id", "name", "group", "repo", "checked", "cells")}
                    | {"page": app.builder.get_target_uri(e["page"])} for e in engines],
    }
    out = Path(app.outdir)
    out.mkdir(parents=True, exist_ok=True)
    sitedata.write_if_changed(out / "matrix.json",
                              json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["engine", "group", "dimension", "value", "detail", "as_of", "date", "source", "note"])
    for e in engines:
        for dim in matrix.dimensions:
            c = e["cells"][dim["id"]]
            writer.writerow([e["id"], e["group"], dim["id"], c["value"], c["detail"], c["as_of"],
                             c.get("date", ""), c["source"], c.get("note", "")])
    sitedata.write_if_changed(out / "matrix.csv", buf.getvalue())


def setup(app: Sphinx) -> dict:
    app.add_config_value("matrix_data_dir", "data", "env", types=[str])
    siteext.add_static(app, __file__, css=("matrix.css",))
    app.add_directive("matrix-table", MatrixTable)
    app.add_directive("engine-summary", EngineSummary)
    app.add_directive("matrix-legend", MatrixLegend)
    app.add_directive("matrix-pair", MatrixPair)
    app.add_directive("matrix-pairs", MatrixPairs)
    app.add_directive("decision-guide", DecisionGuide)
    # Before glossary_terms (priority 500), which reads the engine pages from here.
    app.connect("builder-inited", load_matrix, priority=400)
    app.connect("env-updated", write_exports)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
