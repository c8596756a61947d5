"""Render the comparison matrix from ``data/`` (no fact is typed twice).

Directives:

* ``{matrix-table}``: engines as columns, dimensions as rows; ``:group:``
  picks a dimension group, ``:dimensions:`` a list, ``:engines:`` platform,
  neighbour or all; ``:controls:`` lets the reader narrow it (matrix.js).
  Each cell shows its value as a badge or short text; its detail, note,
  release and labelled source open in a <details> disclosure. Every row has
  an anchor (``:anchor-prefix:`` + dimension id) and links to it.
* ``{engine-summary} <id>``: the summary box at the top of an engine page.
* ``{matrix-legend}``: what yes / partial / no / n/a mean.
* ``{matrix-pair} <a> <b>``: two engines in the matrix's layout, a pre-set
  narrowed view; one generated page per pair of platforms lives in
  ``docs/compare/pairs/`` (git-ignored).
* ``{decision-guide}``: scenarios from ``data/decision-guide.yaml``; the engines
  that fit are derived from the cells; each shows the cells that justify it
  and its project activity (a warning when it has not released in 9 months).

Bad data (a cell without source or as_of, an unknown dimension, a value
outside the allowed set, a bad or future date, a source on a branch or at
another release than ``as_of``, a duplicate id, a guide rule that does not
fit its dimension, a ``page`` with no file) is a warning at ``file:line``;
glossary_terms stops the build once all data problems are reported. The
build also writes ``matrix.json`` and ``matrix.csv`` into the site.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path

import citations
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
                        "value_mentions": {"oneOf": [
                            {"type": "string"},
                            {"type": "array", "minItems": 1, "items": {"type": "string"}}]},
                        "requires_none_of": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                        "released_within_days": {"type": "integer", "minimum": 1},
                    },
                },
            },
        },
    },
}


TESTS = {"values", "mentions", "value_mentions", "requires_none_of", "released_within_days"}


def guide_problems(gdoc: sitedata.YamlDoc, matrix: matrix_data.Matrix) -> list[sitedata.Problem]:
    """Checks of the decision guide against the dimensions (after its schema)."""
    found = []
    first: dict[str, int] = {}
    for i, scenario in enumerate(gdoc.data):
        if scenario["id"] in first:
            found.append(gdoc.problem([i, "id"], f"duplicate scenario id {scenario['id']!r} "
                                      f"(first at line {gdoc.line_of([first[scenario['id']], 'id'])})"))
        first.setdefault(scenario["id"], i)
        # A criterion with only a dimension is context (shown, not tested); a scenario
        # made only of context would list every platform.
        if not any(TESTS & set(crit) for crit in scenario["criteria"]):
            found.append(gdoc.problem([i, "criteria"], "no criterion tests anything: give at least one of "
                                      + ", ".join(sorted(TESTS))))
        for j, crit in enumerate(scenario["criteria"]):
            dim = matrix.dimension(crit["dimension"])
            if dim is None:
                found.append(gdoc.problem([i, "criteria", j, "dimension"],
                                          f"unknown dimension {crit['dimension']!r}"))
            elif "values" in crit and dim["kind"] != "support":
                found.append(gdoc.problem([i, "criteria", j, "values"],
                                          f"'values' tests a support value, but {dim['id']!r} is a "
                                          f"{dim['kind']} dimension: use 'mentions'"))

    return found


def load_matrix(app: Sphinx) -> None:
    data_dir, docs_dir = Path(app.config.matrix_data_dir), Path(app.srcdir)
    # Kept between builds (siteext.cached), keyed by the data files, the code that
    # checks them, which pages exist (engine files name their page) and today's date
    # (a date in the future is a problem).
    engines_dir = data_dir / "engines"
    inputs = [data_dir / "dimensions.yaml", data_dir / GUIDE_FILE, Path(__file__), Path(matrix_data.__file__),
              Path(sitedata.__file__), *(engines_dir.iterdir() if engines_dir.is_dir() else ())]
    key = siteext.fingerprint(inputs, (date.today().isoformat(), siteext.page_names(app)))
    matrix = siteext.cached(app, "matrix", key, lambda: _load(data_dir, docs_dir))
    siteext.loaded(app.env)["matrix.matrix"] = matrix
    for problem in matrix.problems:
        logger.warning("%s", problem, location=problem.location(), type="matrix", subtype="data")
    if not matrix.problems:
        _generate_pair_pages(app, matrix)


def _load(data_dir: Path, docs_dir: Path) -> matrix_data.Matrix:
    """The matrix and the decision guide, checked."""
    matrix = matrix_data.load(data_dir, docs_dir=docs_dir)
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
    return matrix


def current(env) -> matrix_data.Matrix:
    """The matrix loaded for this build (siteext.loaded)."""
    return siteext.loaded(env)["matrix.matrix"]


def _generate_pair_pages(app: Sphinx, matrix: matrix_data.Matrix) -> None:
    pairs_dir = Path(app.srcdir, PAIRS_DIR)
    keep = set()
    entries = []
    for a, b in itertools.combinations(matrix.ordered("platform"), 2):
        name = f"{a['id']}-vs-{b['id']}"
        # Which release each side was checked against, when the release tracker is on.
        checked = (f"```{{checked-against}} {a['id']} {b['id']}\n```\n\n"
                   if "release_tracker" in app.extensions else "")
        text = f"# {a['name']} vs {b['name']}\n\n{checked}```{{matrix-pair}} {a['id']} {b['id']}\n```\n"
        sitedata.write_if_changed(pairs_dir / f"{name}.md", text)
        keep.add(f"{name}.md")
        entries.append(name)
    index = ("# Compare two platforms\n\nEach page puts two platforms side by side, dimension by dimension, "
             "from the same data as the full matrix.\n\n```{matrix-pairs}\n```\n\n"
             "```{toctree}\n:hidden:\n\n" + "\n".join(entries) + "\n```\n")
    sitedata.write_if_changed(pairs_dir / "index.md", index)
    keep.add("index.md")
    sitedata.remove_stale(pairs_dir, keep)


# --- HTML elements ---------------------------------------------------------------
# The matrix needs markup docutils has no node for: <details>/<summary>
# disclosures, row and column headers with scope, one <tbody> per dimension
# group and data-* attributes for the narrowing script. Two small generic
# nodes carry a tag name and attributes; their HTML visitor writes them.

class mx_block(nodes.General, nodes.Element):
    """A block element (table, row, details, ...) written as ``node['tag']``."""


class mx_inline(nodes.Inline, nodes.TextElement):
    """An element that holds text and links (summary, span, p, th, td)."""


def _visit_mx(self, node: nodes.Element) -> None:
    attrs = {k.replace("_", "-"): v for k, v in node.get("attrs", {}).items()}
    self.body.append(self.starttag(node, node["tag"], suffix="", **attrs))


def _depart_mx(self, node: nodes.Element) -> None:
    self.body.append(f"</{node['tag']}>")


def _skip_mx(self, node: nodes.Element) -> None:
    pass


def el(tag: str, *children: nodes.Node | str, cls: str = "", ids: list[str] | None = None,
       inline: bool = True, **attrs: str) -> nodes.Element:
    kind = mx_inline if inline else mx_block
    node = kind("", tag=tag, attrs=attrs, classes=cls.split(), ids=list(ids or []))
    for child in children:
        node += nodes.Text(child) if isinstance(child, str) else child
    return node


# --- rendering helpers -------------------------------------------------------

ICONS = {"yes": "✓", "partial": "◐", "no": "✕", "n/a": "–"}


def doc_link(env, docname: str, text: str) -> addnodes.pending_xref:
    xref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget="/" + docname,
                                 refexplicit=True, refwarn=True, refdoc=env.docname)
    xref += nodes.inline(text, text)
    return xref


def source_link(url: str) -> nodes.reference:
    """A citation link whose text says what it points at (repository, file, release)."""
    text = citations.label(url)
    return nodes.reference(text, text, refuri=url)


URL = re.compile(r"https?://[A-Za-z0-9.-]+\.[a-z]{2,}[^\s]*")


def linkify(text: str) -> list[nodes.Node]:
    """Text with each URL in it replaced by a labelled link (no raw URL is printed)."""
    out: list[nodes.Node] = []
    pos = 0
    for match in URL.finditer(text):
        url = match.group(0)
        trail = len(url) - len(url.rstrip(".,;:)"))
        if url.count("(") < url.count(")") and url.endswith(")"):
            trail = max(trail, 1)
        url = url[: len(url) - trail] if trail else url
        out.append(nodes.Text(text[pos:match.start()]))
        out.append(source_link(url))
        pos = match.start() + len(url)
    out.append(nodes.Text(text[pos:]))
    return [n for n in out if not (isinstance(n, nodes.Text) and not n.astext())]


def badge(value: str) -> nodes.Element:
    """yes / partial / no / n/a as text with an icon, never colour alone."""
    return el("span", el("span", ICONS[value], cls="mx-icon", aria_hidden="true"), value,
              cls=f"mx-badge mx-{value.replace('/', '')}")


def short_value(cell: dict, kind: str) -> nodes.Element:
    value = str(cell["value"])
    return badge(value) if kind == "support" else el("span", value, cls="mx-text")


def cell_more(cell: dict) -> nodes.Element:
    """The explanation, note, release and source of a cell."""
    more = el("div", el("p", *linkify(cell["detail"]), cls="mx-detail"), cls="mx-more", inline=False)
    if cell.get("note"):
        more += el("p", "Note: ", *linkify(cell["note"]), cls="mx-note")
    meta = el("p", f"As of {cell['as_of']}" + (f" (released {cell['date']})" if "date" in cell else "")
              + ". Source: ", cls="mx-meta")
    meta += source_link(cell["source"])
    more += meta
    return more


def disclosure(cell: dict, kind: str) -> nodes.Element:
    """The value at a glance; the rest opens on demand (keyboard: Enter or Space on the summary)."""
    summary = el("summary", short_value(cell, kind), cls="mx-sum")
    return el("details", summary, cell_more(cell), cls="mx-d", inline=False)


def _cell_nodes(cell: dict, kind: str) -> list[nodes.Node]:
    """A cell in the engine summary box: value, release and a labelled source link."""
    para = nodes.paragraph(classes=["mx-cell"])
    para += short_value(cell, kind)
    para += nodes.Text(f" (as of {cell['as_of']}{', ' + cell['date'] if 'date' in cell else ''}; ")
    para += source_link(cell["source"])
    para += nodes.Text(")")
    return [para]


def activity_tag(engine: dict, today, long: bool = False) -> nodes.Element:
    act = matrix_data.activity(engine, today)
    text = act.sentence() if long else f"{act.word}, {act.released.isoformat()}"
    icon = {"active": "●", "quiet": "○", "stale": "⚠"}[act.word]
    return el("span", el("span", icon, cls="mx-icon", aria_hidden="true"), text,
              cls=f"mx-act mx-act-{act.word}")


def activity_key(matrix: matrix_data.Matrix) -> str:
    today = matrix_data.as_of(matrix)
    return (f"Beside each name, project activity on {today}: active, a release in the last "
            f"{matrix_data.RECENT_DAYS} days; quiet, none in {matrix_data.RECENT_DAYS} days; "
            f"stale, none in {matrix_data.STALE_MONTHS} months.")


def _table(header: list[list[nodes.Node]], rows: list[list[list[nodes.Node]]], classes: list[str],
           widths: list[int]) -> nodes.table:
    table = nodes.table(classes=["mx-table", *classes])
    group = nodes.tgroup(cols=len(widths))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)

    def row_of(cells: list[list[nodes.Node]]) -> nodes.row:
        row = nodes.row()
        for i, content in enumerate(cells):
            entry = nodes.entry(classes=["mx-stub"] if i == 0 else [])
            entry.extend(content)
            row += entry
        return row

    thead = nodes.thead()
    thead += row_of(header)
    group += thead
    tbody = nodes.tbody()
    for cells in rows:
        tbody += row_of(cells)
    group += tbody
    return table


def compact_matrix(env, matrix: matrix_data.Matrix, engines: list[dict], dims: list[dict], *,
                   prefix: str, controls: bool, caption: str) -> nodes.Element:
    """Engines as columns, dimensions as rows, one <tbody> per dimension group.

    Each row has a stable id (``prefix`` + dimension id) and its label links to
    it; each column header carries the engine's activity. ``controls`` marks the
    table the narrowing script (matrix.js) works on; without JavaScript the
    whole table stays as it is.
    """
    today = matrix_data.as_of(matrix)
    attrs = {"data_mx_controls": "1"} if controls else {}
    wrap = el("div", cls="mx-wrap", inline=False, **attrs)
    table = el("table", cls=f"mx-table mx-matrix mx-cols-{len(engines)}", inline=False)
    table += el("caption", caption, cls="mx-caption")
    head_row = el("tr", inline=False)
    head_row += el("th", "Dimension", cls="mx-stub", scope="col")
    for e in engines:
        th = el("th", el("span", doc_link(env, e["page"], e["name"]), cls="mx-ename"),
                scope="col", data_e=e["id"], data_name=e["name"])
        th += activity_tag(e, today)
        head_row += th
    table += el("thead", head_row, inline=False)
    groups = [g for g in matrix.groups if any(d["group"] == g for d in dims)]
    for g in groups:
        body = el("tbody", inline=False, data_g=g, data_name=matrix.groups[g])
        if len(groups) > 1:
            body += el("tr", el("th", matrix.groups[g], colspan=str(len(engines) + 1), scope="colgroup",
                                cls="mx-group"), cls="mx-grouprow", inline=False)
        for d in (d for d in dims if d["group"] == g):
            anchor = prefix + d["id"].replace("_", "-")
            row = el("tr", ids=[anchor], inline=False, data_d=d["id"])
            stub = el("th", scope="row", cls="mx-stub")
            stub += el("a", d["label"], cls="mx-rowlink", href=f"#{anchor}",
                       title="Link to this row")
            row += stub
            for e in engines:
                cell = e["cells"][d["id"]]
                row += el("td", disclosure(cell, d["kind"]), data_e=e["id"], data_v=str(cell["value"]),
                          data_label=e["name"])
            body += row
        table += body
    wrap += table
    return wrap


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

    def prefix(self, wanted: str) -> str:
        """Row anchors: ``wanted`` for the first table on a page, numbered after it."""
        serial = self.env.new_serialno("matrix-table")
        return wanted if serial == 0 else f"{wanted.rstrip('-')}{serial + 1}-"


class MatrixTable(MatrixDirective):
    option_spec = {  # noqa: RUF012 - docutils' class-level convention
        "group": directives.unchanged,
        "dimensions": directives.unchanged,
        "engines": lambda arg: directives.choice(arg, ("platform", "neighbour", "all")),
        "controls": directives.flag,
        "anchor-prefix": directives.unchanged,
        "caption": directives.unchanged,
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
        kind = {"platform": "platforms", "neighbour": "neighbours", "all": "projects"}[which]
        groups = len({d["group"] for d in dims})
        caption = self.options.get("caption", (
            f"{len(engines)} {kind}, {len(dims)} dimensions" + (f" in {groups} groups" if groups > 1 else "")
            + ". A dimension's name links to its row; a cell opens to its explanation and source. "
            + activity_key(matrix)))
        return [compact_matrix(self.env, matrix, engines, dims, controls="controls" in self.options,
                               prefix=self.prefix(self.options.get("anchor-prefix", "dim-")), caption=caption)]


class EngineSummary(MatrixDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        matrix = self.matrix()
        engine = self.engine(matrix, self.arguments[0])
        rows = []
        for dim_id in SUMMARY_DIMENSIONS:
            dim = matrix.dimension(dim_id)
            if dim is not None:
                rows.append([self.dim_label(dim), _cell_nodes(engine["cells"][dim_id], dim["kind"])])
        box = nodes.container(classes=["mx-summary", "no-search"])  # the page's prose says it too
        title = nodes.paragraph(classes=["mx-summary-title"])
        title += nodes.strong("At a glance", "At a glance")
        title += nodes.Text(f" (facts checked {engine['checked']}; full row in the ")
        title += doc_link(self.env, "compare/matrix", "comparison matrix")
        title += nodes.Text("). Project activity: ")
        title += activity_tag(engine, matrix_data.as_of(matrix), long=True)
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
            term += badge(value)
            item += term
            definition = nodes.definition()
            definition += nodes.paragraph(text=matrix.legend[value])
            item += definition
            dlist += item
        today = matrix_data.as_of(matrix)
        for word, icon, text in (
                ("active", "●", f"a release in the {matrix_data.RECENT_DAYS} days before {today}"),
                ("quiet", "○", f"no release in those {matrix_data.RECENT_DAYS} days, but one in the "
                               f"{matrix_data.STALE_MONTHS} months before {today}"),
                ("stale", "⚠", f"no release in the {matrix_data.STALE_MONTHS} months before {today}: "
                               "check that the project is still maintained")):
            item = nodes.definition_list_item()
            term = nodes.term()
            term += el("span", el("span", icon, cls="mx-icon", aria_hidden="true"), word,
                       cls=f"mx-act mx-act-{word}")
            item += term
            definition = nodes.definition()
            definition += nodes.paragraph(text=(
                f"Project activity, beside each platform's name: {text}. Measured from the "
                f"date of the latest release cell to {today}, the newest date the facts were checked."))
            item += definition
            dlist += item
        return [dlist]


class MatrixPair(MatrixDirective):
    """Two platforms in the matrix's layout: a pre-set narrowed view of it."""
    required_arguments = 2

    def run(self) -> list[nodes.Node]:
        matrix = self.matrix()
        a, b = (self.engine(matrix, x) for x in self.arguments)
        same = sum(a["cells"][d["id"]]["value"] == b["cells"][d["id"]]["value"]
                   for d in matrix.dimensions if d["kind"] == "support")
        support = sum(d["kind"] == "support" for d in matrix.dimensions)
        intro = nodes.paragraph(text=(
            f"{a['name']} and {b['name']} give the same answer on {same} of the {support} capability "
            "dimensions. Open a cell for its explanation, the release it is true for and its source. "))
        # A relative link (not a doc reference) so that the query survives.
        intro += nodes.reference("", "", nodes.Text("The same two in the full matrix"),
                                 refuri=f"../matrix.html?p={a['id']},{b['id']}")
        intro += nodes.Text(", where other platforms can be added.")
        # The pair pages repeat the matrix; keep them out of the search index so a
        # search lands on the matrix and the engine pages, not on 15 copies.
        table = compact_matrix(self.env, matrix, [a, b], matrix.dimensions, prefix=self.prefix("dim-"),
                               controls=True, caption=f"{a['name']} and {b['name']}, one row per dimension. "
                               + activity_key(matrix))
        table["classes"].append("no-search")
        return [intro, table]


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


def _mentions(text: str, needle: str) -> bool:
    return needle.lower() in text.lower()


def _words(needles: str | list[str]) -> list[str]:
    """A ``value_mentions`` criterion: one word or a list of alternatives."""
    return [needles] if isinstance(needles, str) else needles


def _names(value: str, needles: str | list[str]) -> bool:
    """The value names one of the needles as a whole word: "v1" is named by
    "ray.io/v1" and "v1 Model API" but not by "v1beta1" or "v1alpha1"."""
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", value, re.IGNORECASE) for w in _words(needles))


def criterion_holds(crit: dict, cell: dict, today) -> bool:
    """One rule of a scenario against one cell (see data/decision-guide.yaml)."""
    value = str(cell["value"])
    if "values" in crit and value not in crit["values"]:
        return False
    if "mentions" in crit and not _mentions(f"{value} {cell['detail']}", crit["mentions"]):
        return False
    if "value_mentions" in crit and not _names(value, crit["value_mentions"]):
        return False
    # The part of a value before ";" is what must be installed; after it, options.
    required = value.split(";", 1)[0]
    if any(_mentions(required, word) for word in crit.get("requires_none_of", [])):
        return False
    if "released_within_days" in crit:
        if "date" not in cell:
            return False
        if (today - date.fromisoformat(cell["date"])).days > crit["released_within_days"]:
            return False
    return True


def scenario_fits(matrix: matrix_data.Matrix, scenario: dict, engine: dict) -> list[tuple[dict, dict]] | None:
    """The (dimension, cell) reasons an engine fits a scenario, or None."""
    today = matrix_data.as_of(matrix)
    reasons = []
    for crit in scenario["criteria"]:
        dim = matrix.dimension(crit["dimension"])
        cell = engine["cells"][dim["id"]]
        if not criterion_holds(crit, cell, today):
            return None
        reasons.append((dim, cell))
    return reasons


def rule_text(matrix: matrix_data.Matrix, crit: dict) -> str:
    label = matrix.dimension(crit["dimension"])["label"]
    parts = []
    if "values" in crit:
        parts.append(f"is {' or '.join(crit['values'])}")
    if "mentions" in crit:
        parts.append(f"mentions “{crit['mentions']}”")
    if "value_mentions" in crit:
        parts.append("names " + " or ".join(f"“{w}”" for w in _words(crit["value_mentions"])))
    if "requires_none_of" in crit:
        parts.append("needs none of " + ", ".join(f"“{w}”" for w in crit["requires_none_of"]))
    if "released_within_days" in crit:
        parts.append(f"is dated within {crit['released_within_days']} days of {matrix_data.as_of(matrix)}")
    return f"{label} {' and '.join(parts)}" if parts else f"{label} (shown, not a condition)"


class DecisionGuide(MatrixDirective):
    def run(self) -> list[nodes.Node]:
        matrix = self.matrix()
        today = matrix_data.as_of(matrix)
        # A jump list first: the scenarios are rubrics, which the page's own contents
        # list does not show, and a reader looks for their situation by title.
        fits_of = {s["id"]: [(e, r) for e in matrix.ordered() if (r := scenario_fits(matrix, s, e)) is not None]
                   for s in matrix.guide}
        index = el("ul", cls="mx-scenario-index", inline=False)
        for scenario in matrix.guide:
            ref = nodes.reference("", scenario["title"], refuri=f"#scenario-{scenario['id']}", internal=True)
            index += el("li", el("p", ref, f" ({len(fits_of[scenario['id']])})"), inline=False)
        out: list[nodes.Node] = [nodes.paragraph(text="Jump to a scenario (the number of platforms that fit it):"),
                                 index]
        for scenario in matrix.guide:
            section = nodes.container(classes=["mx-scenario"], ids=[f"scenario-{scenario['id']}"])
            section += nodes.rubric(scenario["title"], scenario["title"])
            section += nodes.paragraph(text=scenario["why"])
            rule = "; ".join(rule_text(matrix, c) for c in scenario["criteria"])
            section += nodes.paragraph(text=f"Derived from the matrix: {rule}.", classes=["mx-rule"])
            fits = el("ul", cls="mx-fits", inline=False)
            for engine, reasons in fits_of[scenario["id"]]:
                head = el("p", cls="mx-fit-head")
                head += doc_link(self.env, engine["page"], engine["name"])
                if engine["group"] == "neighbour":
                    head += nodes.Text(" (neighbour)")
                head += nodes.Text(" ")
                head += activity_tag(engine, today, long=True)
                why = el("ul", cls="mx-why", inline=False)
                for dim, cell in reasons:
                    li = el("li", inline=False)
                    line = el("p", el("span", dim["label"] + ": ", cls="mx-why-dim"), short_value(cell, dim["kind"]),
                              " ", *linkify(cell["detail"]), f" (as of {cell['as_of']}; ",
                              source_link(cell["source"]), ")")
                    li += line
                    why += li
                fits += el("li", head, why, inline=False)
            if not fits.children:
                fits += el("li", el("p", "No engine in the matrix fits every criterion."), inline=False)
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
    rows = ([e["id"], e["group"], dim["id"], c["value"], c["detail"], c["as_of"], c.get("date", ""), c["source"],
             c.get("note", "")]
            for e in engines for dim in matrix.dimensions for c in [e["cells"][dim["id"]]])
    sitedata.write_exports(Path(app.outdir), "matrix", payload,
                           ["engine", "group", "dimension", "value", "detail", "as_of", "date", "source", "note"], rows)


def page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """matrix.js only where a table has narrowing controls."""
    if doctree is not None and any(n.get("attrs", {}).get("data_mx_controls") for n in doctree.findall(mx_block)):
        app.add_js_file("matrix.js", defer="defer")


def setup(app: Sphinx) -> dict:
    app.add_config_value("matrix_data_dir", "data", "env", types=[str])
    siteext.add_static(app, __file__, css=("matrix.css",))
    app.add_node(mx_block, html=(_visit_mx, _depart_mx), text=(_skip_mx, _skip_mx))
    app.add_node(mx_inline, html=(_visit_mx, _depart_mx), text=(_skip_mx, _skip_mx))
    app.connect("html-page-context", page_assets)
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
