"""Which release each page describes, how current that is, and what is deprecated.

Data (all in ``data/``, validated with file:line:field errors):

* ``tracked.yaml``: the projects watched. A platform's pinned release comes
  from its matrix file (``engine: <id>`` -> cell ``latest_release``); a
  building block names ``pinned`` and ``pinned_date`` itself.
* ``releases.yaml``: what the registries answered, written by
  ``make freshness`` (tools/freshness.py); the build only reads it, so it
  needs no network.
* ``deprecations.yaml``: the deprecations ledger.

Directives:

* ``{checked-against} <id>``: "Checked against v0.8.0 (released 2026-10-12)",
  with the day it was re-checked and how the newest release was found.
* ``{release-tracker}``: every tracked project, pinned vs latest, and whether
  the pin is current, behind (and by how much) or could not be compared.
* ``{deprecations}``: the ledger, or with ``:project: <id>`` one project's rows.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import citations
from docutils import nodes
from docutils.parsers.rst import directives
from packaging.version import InvalidVersion, Version
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import matrix
import sitedata
import siteext

logger = logging.getLogger(__name__)

KEY = "release_tracker.data"
DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
REGISTRIES = ("pypi", "npm", "github")
REGISTRY_NAMES = {"pypi": "PyPI", "npm": "npm", "github": "GitHub releases"}

TRACKED_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["projects"],
    "properties": {"projects": {"type": "array", "minItems": 1, "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["id"],
        "properties": {
            "id": ID,
            "engine": ID,
            "name": {"type": "string"},
            "page": {"type": "string", "pattern": r"^[a-z0-9/_-]+$"},
            "pinned": {"type": "string", "pattern": r"^\S+$"},
            "pinned_date": DATE,
            "pypi": {"type": "string"}, "npm": {"type": "string"},
            "github": {"type": "string", "pattern": r"^[\w.-]+/[\w.-]+$"},
            # newest_tag: the newest tag the snapshot shows; release_commit instead where the
            # snapshot has no tag and the release was read at the commit that prepared it.
            # tag_date is the date of either.
            "repo_check": {"type": "object", "additionalProperties": False,
                           "required": ["tag_date", "head_date", "read_on"],
                           "oneOf": [{"required": ["newest_tag"]}, {"required": ["release_commit"]}],
                           "properties": {"newest_tag": {"type": "string"},
                                          "release_commit": {"type": "string", "pattern": r"^[0-9a-f]{7,40}$"},
                                          "tag_date": DATE, "head_date": DATE, "read_on": DATE}},
            "note": {"type": "string", "minLength": 10},
        },
        # Either a platform of the matrix, or a building block with its own pin.
        "oneOf": [{"required": ["engine"], "not": {"anyOf": [{"required": ["pinned"]}, {"required": ["name"]}]}},
                  {"required": ["name", "pinned", "pinned_date"], "not": {"required": ["engine"]}}],
    }}},
}

ANSWER = {"type": "object", "additionalProperties": False, "required": ["latest", "date", "checked_on"],
          "properties": {"latest": {"type": "string"}, "date": DATE, "checked_on": DATE}}
RELEASES_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["checked_on", "answers"],
    "properties": {
        "checked_on": DATE,
        "answers": {"type": "object", "additionalProperties": {
            "type": "object", "additionalProperties": False,
            "properties": dict.fromkeys(REGISTRIES, ANSWER)}},
        "unanswered": {"type": "object", "additionalProperties": {
            "type": "object", "additionalProperties": False,
            "properties": {r: {"type": "object", "additionalProperties": False, "required": ["checked_on", "error"],
                               "properties": {"checked_on": DATE, "error": {"type": "string"}}}
                           for r in REGISTRIES}}},
    },
}

DEPRECATIONS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["project", "feature", "deprecated_in", "removed_in", "replacement", "source"],
        "properties": {
            "project": ID,
            "feature": {"type": "string", "minLength": 3},
            "deprecated_in": {"type": "string", "minLength": 1},
            "removed_in": {"type": "string", "minLength": 1},
            "replacement": {"type": "string", "minLength": 1},
            "source": {"type": "string", "pattern": r"^https://\S+$", "not": sitedata.UNPINNED},
        },
    },
}


def _load(path: Path, schema: dict, problems: list):
    if not path.is_file():
        problems.append(sitedata.Problem(path, 1, "", "missing file: the release tracker needs it "
                                                      "(see docs/contributing.md, 'Keep a release current')"))
        return None, None
    try:
        doc = sitedata.parse_yaml(path)
    except sitedata.DataError as err:
        problems.append(err.problem)
        return None, None
    found = sitedata.validate(doc, schema)
    problems.extend(found)
    return (None if found else doc.data), doc


def load(app: Sphinx) -> None:
    data_dir = Path(app.config.matrix_data_dir)
    mx = matrix.current(app.env)
    problems: list[sitedata.Problem] = []
    tracked, tdoc = _load(data_dir / "tracked.yaml", TRACKED_SCHEMA, problems)
    releases, _ = _load(data_dir / "releases.yaml", RELEASES_SCHEMA, problems)
    ledger, ldoc = _load(data_dir / "deprecations.yaml", DEPRECATIONS_SCHEMA, problems)
    projects: dict[str, dict] = {}
    broken: set[str] = set()
    for i, project in enumerate((tracked or {}).get("projects", [])):
        if project["id"] in projects:
            problems.append(tdoc.problem(["projects", i, "id"], f"duplicate project id {project['id']!r}"))
            continue
        if "engine" in project:
            engine = mx.engines.get(project["engine"])
            if engine is None:
                # An engine file that exists but is broken was reported at that file already.
                if project["engine"] not in mx.pages:
                    problems.append(tdoc.problem(["projects", i, "engine"],
                                                 f"no matrix engine {project['engine']!r} (data/engines/)"))
                broken.update((project["id"], project["engine"]))
                continue
            cell = engine["cells"]["latest_release"]
            project = {**project, "name": engine["name"], "page": engine["page"], "pinned": cell["value"],
                       "pinned_date": cell["date"], "checked": engine["checked"]}
        projects[project["id"]] = project
    for i, row in enumerate(ledger or []):
        if row["project"] not in projects and row["project"] not in broken:
            problems.append(ldoc.problem([i, "project"], f"unknown project {row['project']!r} "
                                                         "(ids: data/tracked.yaml)"))
    for problem in problems:
        logger.warning("%s", problem, location=problem.location(), type="release_tracker", subtype="data")
    siteext.loaded(app.env)[KEY] = {
        "projects": projects,
        "answers": (releases or {}).get("answers", {}),
        "unanswered": (releases or {}).get("unanswered", {}),
        "asked_on": (releases or {}).get("checked_on"),
        "ledger": ledger or [],
        "broken": broken,
        "files": [str(data_dir / n) for n in ("tracked.yaml", "releases.yaml", "deprecations.yaml")],
    }


def _version(text: str) -> Version | None:
    """A comparable version from a tag: v1.2.3, 1.2.3, vllm-stack-0.1.12, v0.1.0-alpha.11."""
    match = re.search(r"\d+(\.\d+)*([.-]?(alpha|beta|rc|a|b|post|dev)[.-]?\d*)*", text)
    if not match:
        return None
    try:
        return Version(match.group(0))
    except InvalidVersion:
        return None


def _days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def status(project: dict, answers: dict, unanswered: dict | None = None) -> tuple[str, str]:
    """("current" | "behind" | "unknown", a sentence saying why)."""
    unanswered = unanswered or {}
    pinned = _version(project["pinned"])
    newer = []
    for registry, answer in sorted(answers.items()):
        latest = _version(answer["latest"])
        if pinned is not None and latest is not None and latest > pinned and not latest.is_prerelease:
            newer.append(f"{REGISTRY_NAMES[registry]} has {answer['latest']} ({answer['date']}, "
                         f"{_days(project['pinned_date'], answer['date'])} days newer)")
    if newer:
        return "behind", "; ".join(newer) + "."
    if answers:
        asked = max(a["checked_on"] for a in answers.values())
        return "current", f"No newer release on {', '.join(REGISTRY_NAMES[r] for r in sorted(answers))} " \
                          f"when asked on {asked}."
    failed = ", ".join(f"{REGISTRY_NAMES[r]} (asked {f['checked_on']})" for r, f in sorted(unanswered.items()))
    asked = f"No answer from {failed}" if failed else "No registry answer recorded"
    check = project.get("repo_check")
    if check:
        return "unknown", (f"{asked}; the repository snapshot read on {check['read_on']} (newest commit "
                           f"{check['head_date']}) shows {_snapshot_seen(check)}. A later release may exist.")
    return "unknown", f"{asked}."


def _snapshot_seen(check: dict) -> str:
    """What a repository snapshot showed of the release: its newest tag, or (no tag) the
    commit that prepared the release."""
    if "newest_tag" in check:
        return f"newest tag {check['newest_tag']} ({check['tag_date']})"
    return f"no release tag; the release was read at commit {check['release_commit']} ({check['tag_date']})"


def _text_para(text: str, classes: list[str] | None = None) -> nodes.paragraph:
    return nodes.paragraph(text, text, classes=classes or [])


# The page that renders the tracker and the ledger.
TRACKER_PAGE = "compare/releases"


class TrackerDirective(SphinxDirective):
    def data(self) -> dict:
        state = siteext.loaded(self.env)[KEY]
        for path in state["files"]:
            self.env.note_dependency(path)
        return state


class CheckedAgainst(TrackerDirective):
    """One project's line; with several ids (a pair page) a list of them; with ``*`` a list
    with every platform of the matrix."""

    required_arguments = 1
    optional_arguments = 10

    def run(self) -> list[nodes.Node]:
        state = self.data()
        if self.arguments == ["*"]:
            chosen = [p for p in state["projects"].values() if "engine" in p]
        else:
            # A tracked project's id, or a matrix engine's id (the generated pair pages use those).
            by_engine = {p["engine"]: p for p in state["projects"].values() if "engine" in p}
            # A project whose tracker entry is broken was reported at data/tracked.yaml already.
            wanted = [a for a in self.arguments if a not in state["broken"]]
            unknown = [a for a in wanted if a not in state["projects"] and a not in by_engine]
            if unknown:
                raise self.error(f"unknown tracked project {unknown[0]!r} (ids: data/tracked.yaml)")
            chosen = [state["projects"].get(a) or by_engine[a] for a in wanted]
            if not chosen:
                return []
            if len(chosen) == 1 and len(self.arguments) == 1:
                return [self.line(state, chosen[0])]
        blist = nodes.bullet_list(classes=["checked-list"])
        for project in sorted(chosen, key=lambda p: p["name"].lower()):
            li = nodes.list_item()
            li += self.line(state, project, with_name=True)
            blist += li
        return [blist]

    def line(self, state: dict, project: dict, with_name: bool = False) -> nodes.paragraph:
        kind, why = status(project, state["answers"].get(project["id"], {}),
                           state["unanswered"].get(project["id"], {}))
        para = nodes.paragraph(classes=["checked-against", f"rt-{kind}"])
        if with_name:
            para += matrix.doc_link(self.env, project["page"], project["name"])
            para += nodes.Text(": checked against ")
        else:
            para += nodes.Text("Checked against ")
        para += nodes.strong(project["pinned"], project["pinned"])
        para += nodes.Text(f" (released {project['pinned_date']})")
        if "checked" in project:
            para += nodes.Text(f", facts re-checked on {project['checked']}")
        para += nodes.Text(". " + why)
        if TRACKER_PAGE in self.env.found_docs:  # a small site (the test fixture) may have none
            para += nodes.Text(" See the ")
            para += matrix.doc_link(self.env, TRACKER_PAGE, "release tracker")
            para += nodes.Text(".")
        return para


class ReleaseTracker(TrackerDirective):
    def run(self) -> list[nodes.Node]:
        state = self.data()
        table = nodes.table(classes=["rt-table"])
        group = nodes.tgroup(cols=4)
        table += group
        for width in (18, 18, 30, 34):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        row = nodes.row()
        for label in ("Project", "Pinned (described on the site)", "Latest, per registry", "Status"):
            entry = nodes.entry()
            entry += _text_para(label)
            row += entry
        head += row
        group += head
        body = nodes.tbody()
        counts = {"current": 0, "behind": 0, "unknown": 0}
        for project in sorted(state["projects"].values(), key=lambda p: p["name"].lower()):
            answers = state["answers"].get(project["id"], {})
            kind, why = status(project, answers, state["unanswered"].get(project["id"], {}))
            counts[kind] += 1
            row = nodes.row(ids=[f"release-{project['id']}"])
            name = nodes.entry()
            para = nodes.paragraph()
            para += (matrix.doc_link(self.env, project["page"], project["name"]) if project.get("page")
                     else nodes.Text(project["name"]))
            name += para
            pinned = nodes.entry()
            pinned += _text_para(f"{project['pinned']} ({project['pinned_date']})")
            latest = nodes.entry()
            if answers:
                for registry, answer in sorted(answers.items()):
                    latest += _text_para(f"{REGISTRY_NAMES[registry]}: {answer['latest']} ({answer['date']}; "
                                         f"asked {answer['checked_on']})")
            else:
                latest += _text_para("No registry answered.")
            if project.get("repo_check"):
                check = project["repo_check"]
                latest += _text_para(f"Repository snapshot read {check['read_on']}: {_snapshot_seen(check)}, "
                                     f"newest commit {check['head_date']}.", ["rt-meta"])
            verdict = nodes.entry()
            label = {"current": "Current", "behind": "Behind", "unknown": "Not comparable"}[kind]
            para = nodes.paragraph(classes=[f"rt-{kind}"])
            para += nodes.strong(label, label)
            para += nodes.Text(" " + why)
            verdict += para
            if project.get("note"):
                verdict += _text_para(project["note"], ["rt-meta"])
            cells = ((name, "rt-name"), (pinned, "rt-pinned"), (latest, "rt-latest"), (verdict, "rt-status"))
            for cell, cls in cells:
                cell["classes"].append(cls)
                row += cell
            body += row
        group += body
        summary = _text_para(
            f"{len(state['projects'])} projects: {counts['current']} current, {counts['behind']} behind, "
            f"{counts['unknown']} not comparable with a registry. Registries last asked on "
            f"{state['asked_on'] or 'never'}.")
        return [summary, table]


# deprecated_in for a feature a project removed outright (data/deprecations.yaml).
NOT_DEPRECATED_FIRST = "not deprecated first"


class Deprecations(TrackerDirective):
    option_spec = {"project": directives.unchanged}  # noqa: RUF012 - docutils' class-level convention

    def run(self) -> list[nodes.Node]:
        state = self.data()
        only = self.options.get("project")
        if only is not None and only not in state["projects"]:
            raise self.error(f"unknown tracked project {only!r} (ids: data/tracked.yaml)")
        rows = [r for r in state["ledger"] if only in (None, r["project"])]
        if not rows:
            return [_text_para("No deprecations recorded.")]
        blist = nodes.bullet_list(classes=["rt-ledger"])
        for r in sorted(rows, key=lambda r: (state["projects"][r["project"]]["name"].lower(), r["feature"])):
            li = nodes.list_item()
            para = nodes.paragraph()
            if only is None:
                para += nodes.strong(state["projects"][r["project"]]["name"] + ": ",
                                     state["projects"][r["project"]]["name"] + ": ")
            para += nodes.literal(r["feature"], r["feature"]) if re.fullmatch(r"[\w./:-]+", r["feature"]) \
                else nodes.Text(r["feature"])
            if r["deprecated_in"] == NOT_DEPRECATED_FIRST:
                when = f"Removed without a deprecation first; removal: {r['removed_in']}"
            else:
                when = f"Deprecated in {r['deprecated_in']}; removal: {r['removed_in']}"
            para += nodes.Text(f". {when}; instead: {r['replacement']} (")
            label = citations.label(r["source"])
            para += nodes.reference(label, label, refuri=r["source"])
            para += nodes.Text(").")
            li += para
            blist += li
        return [blist]


def setup(app: Sphinx) -> dict:
    app.setup_extension("matrix")
    siteext.add_static(app, __file__, css=("release-tracker.css",))
    app.add_directive("checked-against", CheckedAgainst)
    app.add_directive("release-tracker", ReleaseTracker)
    app.add_directive("deprecations", Deprecations)
    app.connect("builder-inited", load, priority=450)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 3}
