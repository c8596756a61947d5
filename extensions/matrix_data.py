"""Load and validate the comparison matrix data (not a Sphinx extension).

``data/dimensions.yaml`` names the dimensions; ``data/engines/<id>.yaml``
gives one engine's cells. The schema for an engine file is generated from
the dimensions, so adding a dimension or an engine is a data change only.
"""

from __future__ import annotations

import calendar
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
        "as_of": {"type": "string", "minLength": 2, "pattern": r"^\S+$"},
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

    def dimension(self, dim_id: str) -> dict | None:
        return next((d for d in self.dimensions if d["id"] == dim_id), None)

    def ordered(self, group: str | None = None) -> list[dict]:
        """Engines sorted by name, optionally of one group."""
        chosen = [e for e in self.engines.values() if group in (None, e["group"])]
        return sorted(chosen, key=lambda e: e["name"].lower())

    def files(self) -> list[Path]:
        return list(self.paths.values())


def load(data_dir: Path) -> Matrix:
    matrix = Matrix()
    dims_path = data_dir / "dimensions.yaml"
    try:
        doc = sitedata.parse_yaml(dims_path)
    except sitedata.DataError as err:
        matrix.problems.append(err.problem)
        return matrix
    found = sitedata.validate(doc, DIMENSIONS_SCHEMA)
    for i, dim in enumerate((doc.data or {}).get("dimensions", []) if not found else []):
        if dim["group"] not in doc.data["groups"]:
            found.append(doc.problem(["dimensions", i, "group"], f"unknown group {dim['group']!r}"))
    matrix.problems.extend(found)
    if found:
        return matrix
    matrix.legend, matrix.groups, matrix.dimensions = doc.data["legend"], doc.data["groups"], doc.data["dimensions"]

    schema = engine_schema(matrix.dimensions)
    for path in sorted((data_dir / "engines").glob("*.yaml")):
        try:
            edoc = sitedata.parse_yaml(path)
        except sitedata.DataError as err:
            matrix.problems.append(err.problem)
            continue
        if not isinstance(edoc.data, dict):
            matrix.problems.append(edoc.problem([], "an engine file must be a mapping"))
            continue
        found = sitedata.validate(edoc, schema)
        if edoc.data.get("id") not in (None, path.stem):
            found.append(edoc.problem(["id"], f"id {edoc.data['id']!r} differs from the file name {path.stem!r}"))
        matrix.problems.extend(found)
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
