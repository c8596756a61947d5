"""Load and validate the comparison matrix data (not a Sphinx extension).

``data/dimensions.yaml`` names the dimensions; ``data/engines/<id>.yaml``
gives one engine's cells. The schema for an engine file is generated from
the dimensions, so adding a dimension or an engine is a data change only.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sitedata

SUPPORT_VALUES = ["yes", "partial", "no", "n/a"]
GROUPS = ["platform", "neighbour"]

DIMENSIONS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["legend", "groups", "dimensions"],
    "properties": {
        "legend": {"type": "object", "required": SUPPORT_VALUES, "additionalProperties": False,
                   "properties": {v: {"type": "string"} for v in SUPPORT_VALUES}},
        "groups": {"type": "object", "additionalProperties": {"type": "string"}},
        "dimensions": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "label", "group", "kind"],
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                    "label": {"type": "string"},
                    "group": {"type": "string"},
                    "kind": {"enum": ["support", "text"]},
                    "needs_date": {"type": "boolean"},
                },
            },
        },
    },
}


def engine_schema(dimensions: list[dict]) -> dict:
    cell_base = {
        "detail": {"type": "string", "minLength": 5, "maxLength": 360},
        "as_of": {"type": "string", "pattern": sitedata.RELEASE},
        "source": {"type": "string", "pattern": r"^https://\S+$", "not": sitedata.UNPINNED},
        "note": {"type": "string", "minLength": 3},
        "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    }
    cells = {}
    for dim in dimensions:
        if dim["kind"] == "support":
            value = {"enum": SUPPORT_VALUES}
        else:
            value = {"type": "string", "minLength": 1, "maxLength": 80}
        required = ["value", "detail", "as_of", "source"] + (["date"] if dim.get("needs_date") else [])
        cells[dim["id"]] = {
            "type": "object",
            "additionalProperties": False,
            "required": required,
            "properties": {"value": value, **cell_base},
        }
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "name", "group", "page", "repo", "checked", "cells"],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
            "name": {"type": "string"},
            "group": {"enum": GROUPS},
            "page": {"type": "string", "pattern": r"^[a-z0-9/_-]+$"},
            "repo": {"type": "string", "pattern": r"^[\w.-]+/[\w.-]+$"},
            "checked": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
            "cells": {
                "type": "object",
                "additionalProperties": False,
                "required": [d["id"] for d in dimensions],
                "properties": cells,
            },
        },
    }


@dataclass
class Matrix:
    legend: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    dimensions: list[dict] = field(default_factory=list)
    engines: dict[str, dict] = field(default_factory=dict)   # id -> engine data
    paths: dict[str, Path] = field(default_factory=dict)     # id -> file
    guide: list[dict] = field(default_factory=list)          # decision-guide scenarios
    problems: list[sitedata.Problem] = field(default_factory=list)
    # id -> {name, page} of every engine file, valid or not: the glossary's
    # `engines` fields are checked against it, so one bad cell in an engine
    # file is one problem, not one more per term that names the engine.
    pages: dict[str, dict] = field(default_factory=dict)

    def dimension(self, dim_id: str) -> dict | None:
        return next((d for d in self.dimensions if d["id"] == dim_id), None)

    def ordered(self, group: str | None = None) -> list[dict]:
        """Engines sorted by name, optionally of one group."""
        chosen = [e for e in self.engines.values() if group in (None, e["group"])]
        return sorted(chosen, key=lambda e: e["name"].lower())

    def files(self) -> list[Path]:
        return list(self.paths.values())


def page_problem(doc: sitedata.YamlDoc, keys: list, page: object, docs_dir: Path | None) -> list[sitedata.Problem]:
    """A ``page`` field that names no ``docs/<page>.md``."""
    if docs_dir is None or not isinstance(page, str) or (docs_dir / f"{page}.md").is_file():
        return []
    return [doc.problem(keys, f"page {page!r} does not exist (no docs/{page}.md)")]


def _dimension_problems(doc: sitedata.YamlDoc) -> list[sitedata.Problem]:
    found = []
    first: dict[str, int] = {}
    for i, dim in enumerate(doc.data["dimensions"]):
        if dim["group"] not in doc.data["groups"]:
            found.append(doc.problem(["dimensions", i, "group"], f"unknown group {dim['group']!r}"))
        if dim["id"] in first:
            found.append(doc.problem(["dimensions", i, "id"], f"duplicate dimension id {dim['id']!r} "
                                     f"(first at line {doc.line_of(['dimensions', first[dim['id']], 'id'])})"))
        first.setdefault(dim["id"], i)
    return found


def _engine_problems(doc: sitedata.YamlDoc, path: Path, docs_dir: Path | None,
                     today: datetime.date | None, reported: set[str]) -> list[sitedata.Problem]:
    """Rules across fields of one engine file that JSON schema cannot express.

    Fields in ``reported`` already have a schema problem: one mistake, one message.
    """
    data = doc.data
    found = []
    if data.get("id") not in (None, path.stem):
        found.append(doc.problem(["id"], f"id {data['id']!r} differs from the file name {path.stem!r}"))
    found += page_problem(doc, ["page"], data.get("page"), docs_dir)
    if isinstance(data.get("checked"), str) and (why := sitedata.future_date_problem(data["checked"], today)):
        found.append(doc.problem(["checked"], why))
    repo = data.get("repo") if isinstance(data.get("repo"), str) else None
    for dim_id, cell in (data.get("cells") or {}).items() if isinstance(data.get("cells"), dict) else ():
        if not isinstance(cell, dict):
            continue
        fields = {f"cells.{dim_id}.source", f"cells.{dim_id}.as_of"}
        if isinstance(cell.get("source"), str) and isinstance(cell.get("as_of"), str) and not fields & reported:
            for why in sitedata.source_problems(cell["source"], cell["as_of"], repo):
                field_name = "as_of" if why.startswith("as_of") else "source"
                found.append(doc.problem(["cells", dim_id, field_name], why))
        if isinstance(cell.get("date"), str) and (why := sitedata.future_date_problem(cell["date"], today)):
            found.append(doc.problem(["cells", dim_id, "date"], why))
    return found


def load(data_dir: Path, docs_dir: Path | None = None, today: datetime.date | None = None) -> Matrix:
    """Load and check the matrix; ``docs_dir`` also checks that each engine's page exists."""
    matrix = Matrix()
    engines_dir = data_dir / "engines"
    engine_files = sorted(engines_dir.iterdir()) if engines_dir.is_dir() else []
    # Every engine file is a known page id from the start, even one that cannot
    # be read (see Matrix.pages); its name and page are filled in once read.
    matrix.pages = {path.stem: {"name": path.stem, "page": ""} for path in engine_files if path.suffix == ".yaml"}
    dims_path = data_dir / "dimensions.yaml"
    try:
        doc = sitedata.parse_yaml(dims_path)
    except sitedata.DataError as err:
        matrix.problems.extend(err.problems)
        return matrix
    found = sitedata.validate(doc, DIMENSIONS_SCHEMA)
    if not found:
        found = _dimension_problems(doc)
    matrix.problems.extend(found)
    if found:
        return matrix
    matrix.legend, matrix.groups, matrix.dimensions = doc.data["legend"], doc.data["groups"], doc.data["dimensions"]

    schema = engine_schema(matrix.dimensions)
    for path in engine_files:
        if path.name.startswith("."):
            continue
        if path.suffix != ".yaml" or not path.is_file():
            matrix.problems.append(sitedata.Problem(
                path, 1, "", f"engine files must be named <id>.yaml: {path.name!r} would be ignored"))
            continue
        try:
            edoc = sitedata.parse_yaml(path)
        except sitedata.DataError as err:
            matrix.problems.extend(err.problems)
            continue
        if not isinstance(edoc.data, dict):
            matrix.problems.append(edoc.problem([], "an engine file must be a mapping"))
            continue
        if all(isinstance(edoc.data.get(k), str) for k in ("name", "page")):
            matrix.pages[path.stem] = {"name": edoc.data["name"], "page": edoc.data["page"]}
        found = sitedata.validate(edoc, schema)
        found += _engine_problems(edoc, path, docs_dir, today, {p.field for p in found})
        matrix.problems.extend(sorted(found, key=lambda p: p.line))
        if not found:
            matrix.engines[edoc.data["id"]] = edoc.data
            matrix.paths[edoc.data["id"]] = path
    return matrix


# --- project activity ---------------------------------------------------------
# Measured against the newest ``checked`` date in the data, never the build
# machine's clock, so that two builds of the same sources are identical.

RECENT_DAYS = 90
STALE_MONTHS = 9


def as_of(matrix: Matrix) -> date:
    """The date the data speaks for: the newest ``checked`` date of any engine."""
    return max(date.fromisoformat(e["checked"]) for e in matrix.engines.values())


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (clamped to the month's end)."""
    month0 = day.year * 12 + day.month - 1 - months
    year, month = divmod(month0, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


@dataclass(frozen=True)
class Activity:
    release: str      # the latest_release cell's value
    released: date    # its date
    as_of: date       # the newest checked date
    days: int         # days between them
    recent: bool      # a release in the RECENT_DAYS before as_of
    stale: bool       # no release in the STALE_MONTHS before as_of

    @property
    def word(self) -> str:
        return "stale" if self.stale else "active" if self.recent else "quiet"

    def sentence(self) -> str:
        when = f"latest release {self.release} on {self.released.isoformat()}, {self.days} days before {self.as_of}"
        if self.recent:
            return f"{when}: a release in the last {RECENT_DAYS} days."
        if self.stale:
            return (f"{when}: no release in more than {STALE_MONTHS} months. "
                    "Check that the project is still maintained before relying on it.")
        return f"{when}: no release in the last {RECENT_DAYS} days."


def activity(engine: dict, today: date) -> Activity:
    cell = engine["cells"]["latest_release"]
    released = date.fromisoformat(cell["date"])
    return Activity(release=str(cell["value"]), released=released, as_of=today,
                    days=(today - released).days,
                    recent=(today - released).days <= RECENT_DAYS,
                    stale=released < months_before(today, STALE_MONTHS))
