"""Worked examples: manifests under ``examples/`` checked against CRD schema digests.

Every ``examples/<platform>/<release>/*.yaml`` is validated at build time
against the schema digests in ``data/crd-schemas/`` (see
``tools/crd_digest.py``): the platform's own folder for that release, then the
folders its entry in ``data/crd-schemas/sources.yaml`` ``uses`` (LeaderWorkerSet,
core Kubernetes kinds). An unknown field, a wrong type, a missing required field
or an apiVersion/kind that is not in those digests is a warning at the
manifest's ``file:line`` with the field path, so the strict build fails.

A platform's example release must equal its pinned release (``latest_release``
in ``data/engines/<id>.yaml``) unless ``data/examples.yaml`` records an
exception with a reason; the pages show that reason.

Cost: digests are read and their validators built once per process, and only
when a manifest needs checking; a manifest whose text and digests are
unchanged since the last build is not validated again (``siteext.kept``).

Directives:

* ``{example-manifest} <platform>/<release>/<file>.yaml``: the file as a YAML
  block with its path, what it was checked against, and a copy button.
* ``{example-unsupported} <task> <platform>``: "not supported as of <release>"
  with the reason and source from ``data/examples.yaml``.
* ``{example-pins}``: each platform's example release, and why where it is
  not the pinned one.
* ``{examples-grid}``: tasks x platforms, supported or not, and the schema
  sources used (the section's closing note).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import matrix
import sitedata
import siteext

logger = logging.getLogger(__name__)
KEY = "worked_examples"
CACHE_KEY = "worked_examples:validated"
INCLUDED_KEY = "worked_examples:included"

URL = {"type": "string", "pattern": r"^https://\S+$", "not": sitedata.UNPINNED}
EXAMPLES_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["platforms", "pins", "tasks"],
    "properties": {
        "platforms": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "pins": {
            "type": "object",
            "additionalProperties": {
                "type": "object", "additionalProperties": False,
                "required": ["release", "reason", "source"],
                "properties": {"release": {"type": "string"}, "reason": {"type": "string", "minLength": 20},
                               "source": URL},
            },
        },
        "tasks": {
            "type": "array", "minItems": 1,
            "items": {
                "type": "object", "additionalProperties": False,
                "required": ["id", "title", "page", "cells"],
                "properties": {
                    "id": {"type": "string", "pattern": r"^[a-z0-9-]+$"},
                    "title": {"type": "string"},
                    "page": {"type": "string"},
                    "cells": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "object", "additionalProperties": False,
                            "properties": {
                                "manifests": {"type": "array", "minItems": 1,
                                              "items": {"type": "string", "pattern": r"^[^/]+/[^/]+/[^/]+\.yaml$"}},
                                "unsupported": {"type": "string", "minLength": 20},
                                "not_shown": {"type": "string", "minLength": 20},
                                "source": URL,
                            },
                            "oneOf": [{"required": ["manifests"]}, {"required": ["unsupported", "source"]},
                                      {"required": ["not_shown", "source"]}],
                        },
                    },
                },
            },
        },
    },
}


# --- schema digests ----------------------------------------------------------

# Per process, while the manifests are validated: digest path -> (mtime_ns, digest,
# {version: validator}), so each digest is parsed at most once. Emptied when the
# validation is done: parsed, the digests take ~15 MB, which every page and every
# -j worker would otherwise carry (the peak-memory budget of issue 21).
_DIGESTS: dict[Path, tuple[int, dict, dict]] = {}


def _digest(path: Path) -> tuple[dict, dict]:
    mtime = path.stat().st_mtime_ns
    cached = _DIGESTS.get(path)
    if cached is None or cached[0] != mtime:
        digest = json.loads(path.read_text(encoding="utf-8"))
        validators = {v: sitedata.validator_for(s) for v, s in digest["versions"].items()}
        cached = _DIGESTS[path] = (mtime, digest, validators)
    return cached[1], cached[2]


class Digests:
    """Which digest folders a platform release may use, from ``sources.yaml``."""

    def __init__(self, root: Path):
        self.root = root
        sources = sitedata.parse_yaml(root / "sources.yaml").data
        self.entries = {e["dir"]: e for e in sources["digests"]}

    def folders(self, platform: str, release: str) -> list[Path]:
        own = f"{platform}/{release}"
        if own not in self.entries:
            return []
        return [self.root / d for d in (own, *self.entries[own].get("uses", ()))]

    def stamp(self, folders: list[Path]) -> str:
        """Changes when any digest a manifest may use changes (stat only, no read)."""
        files = sorted(p for f in folders for p in f.glob("*.json"))
        return ";".join(f"{p.name}:{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in files)

    def find(self, folders: list[Path], api_version: str, kind: str):
        """(digest, version, validator) for apiVersion/kind, or None. Reads only that kind's digest."""
        group, _, version = str(api_version).rpartition("/")
        for folder in folders:
            path = folder / f"{str(kind).lower()}.json"
            if path.exists():
                digest, validators = _digest(path)
                if digest["kind"] == kind and digest["group"] == group and version in validators:
                    return digest, version, validators[version]
        return None

    def known(self, folders: list[Path]) -> list[str]:
        """Every apiVersion/kind in the folders (for the error message only)."""
        out = []
        for path in sorted(p for f in folders for p in f.glob("*.json")):
            digest, _ = _digest(path)
            out += [f"{digest['group']}/{v} {digest['kind']}".lstrip("/") for v in digest["versions"]]
        return out


def check_manifest(path: Path, rel: str, digests: Digests) -> tuple[list[sitedata.Problem], list[dict]]:
    """Problems in one manifest file, and what each document was checked against."""
    platform, release = rel.split("/")[:2]
    folders = digests.folders(platform, release)
    if not folders:
        return [sitedata.Problem(path, 1, "", f"no schema digests for {platform} {release} "
                                 "(data/crd-schemas/sources.yaml)")], []
    try:
        docs = sitedata.parse_yaml_all(path)
    except sitedata.DataError as err:
        return [err.problem], []
    problems, checked = [], []
    for doc in docs:
        if not isinstance(doc.data, dict):
            problems.append(sitedata.Problem(path, doc.line_of([]), "", "a manifest must be a mapping"))
            continue
        api_version, kind = doc.data.get("apiVersion"), doc.data.get("kind")
        found = digests.find(folders, api_version, kind)
        if found is None:
            known = digests.known(folders)
            problems.append(doc.problem(["kind"] if "kind" in doc.data else [],
                                        f"apiVersion {api_version!r} kind {kind!r} is not in the schema digests "
                                        f"for {platform} {release} (known: {', '.join(sorted(set(known)))})"))
            continue
        digest, version, validator = found
        where = f" ({digest['kind']} {digest['group']}/{version} at {digest['release']})"
        problems.extend(sitedata.Problem(p.path, p.line, p.field, p.message + where)
                        for p in sitedata.validate(doc, {}, validator))
        checked.append({"kind": digest["kind"], "apiVersion": api_version, "release": digest["release"],
                        "source": digest["source"]})
    return problems, checked


def check_all(examples: Path, digests: Digests, cache: dict) -> tuple[list[sitedata.Problem], dict, int]:
    """Validate every manifest not validated before with the same text and digests.

    Returns the problems, {rel path: what it was checked against} and how many
    files were validated this time. Only manifests without problems enter the
    cache, so a bad one is reported again on every build.
    """
    problems, checked, validated = [], {}, 0
    stamps: dict[tuple[str, str], str] = {}
    for path in sorted(examples.glob("*/*/*.yaml")):
        rel = path.relative_to(examples).as_posix()
        platform, release = rel.split("/")[:2]
        if (platform, release) not in stamps:
            stamps[platform, release] = digests.stamp(digests.folders(platform, release))
        key = hashlib.sha256(path.read_bytes() + stamps[platform, release].encode()).hexdigest()
        hit = cache.get(rel)
        if hit is not None and hit[0] == key:
            checked[rel] = hit[1]
            continue
        validated += 1
        found, against = check_manifest(path, rel, digests)
        problems.extend(found)
        if found:
            cache.pop(rel, None)
        else:
            cache[rel] = (key, against)
            checked[rel] = against
    for rel in set(cache) - {p.relative_to(examples).as_posix() for p in examples.glob("*/*/*.yaml")}:
        del cache[rel]
    return problems, checked, validated


def check_data(doc, data: dict | None, engines: dict, examples: Path,
               broken: frozenset[str] = frozenset()) -> tuple[list[sitedata.Problem], dict[str, str]]:
    """Problems in data/examples.yaml and the examples/ folders; each platform's example release.

    ``broken``: engine files that exist but failed to load; they were reported at
    their own file, so they cause no follow-on problems here.
    """
    problems: list[sitedata.Problem] = []
    releases: dict[str, str] = {}
    if data is None:
        return problems, releases
    engines = {**dict.fromkeys(broken), **engines}
    for name in data["platforms"]:
        if name not in engines:
            problems.append(doc.problem(["platforms"], f"unknown platform {name!r} (data/engines/)"))
    for name, pin in data["pins"].items():
        if name not in engines:
            problems.append(doc.problem(["pins", name], f"unknown platform {name!r} (data/engines/)"))
        elif name not in broken and pin["release"] == engines[name]["cells"]["latest_release"]["value"]:
            problems.append(doc.problem(["pins", name, "release"],
                                        "equals the pinned release: remove the exception"))
    for folder in sorted(p for p in examples.glob("*/*") if p.is_dir()):
        platform, release = folder.parent.name, folder.name
        if platform in broken:
            continue
        engine = engines.get(platform)
        if engine is None:
            problems.append(sitedata.Problem(folder, 1, "", f"unknown platform {platform!r} (data/engines/)"))
            continue
        pinned = engine["cells"]["latest_release"]["value"]
        allowed = data["pins"].get(platform, {}).get("release", pinned)
        if release != allowed:
            problems.append(sitedata.Problem(
                folder, 1, "", f"examples for {platform} are at {release}, but the platform is pinned to "
                f"{pinned} (data/engines/{platform}.yaml) and data/examples.yaml records "
                + (f"an exception for {allowed} only" if allowed != pinned else "no exception")))
        releases[platform] = release
    for t, task in enumerate(data["tasks"]):
        for platform, cell in task["cells"].items():
            if platform not in data["platforms"]:
                problems.append(doc.problem(["tasks", t, "cells", platform], f"unknown platform {platform!r}"))
            for m, rel in enumerate(cell.get("manifests", ())):
                if not (examples / rel).is_file():
                    problems.append(doc.problem(["tasks", t, "cells", platform, "manifests", m],
                                                f"no such file: examples/{rel}"))
                elif not rel.startswith(f"{platform}/"):
                    problems.append(doc.problem(["tasks", t, "cells", platform, "manifests", m],
                                                f"not a {platform} example"))
    return problems, releases


# --- build hooks ---------------------------------------------------------------

def load(app: Sphinx) -> None:
    examples = Path(app.config.worked_examples_dir)
    data_path = Path(app.config.worked_examples_data)
    digests = Digests(Path(app.config.worked_examples_digests))
    mx = matrix.current(app.env)
    problems: list[sitedata.Problem] = []
    data = None
    try:
        doc = sitedata.parse_yaml(data_path)
        found = sitedata.validate(doc, EXAMPLES_SCHEMA)
        problems.extend(found)
        data = None if found else doc.data
    except sitedata.DataError as err:
        problems.append(err.problem)

    broken = frozenset(set(mx.pages) - set(mx.engines))
    found, releases = check_data(doc if data is not None else None, data, mx.engines, examples, broken)
    problems.extend(found)

    cache = siteext.kept(app.env).setdefault(CACHE_KEY, {})
    if app.config.worked_examples_validate:
        found, checked, validated = check_all(examples, digests, cache)
        _DIGESTS.clear()
        problems.extend(found)
        logger.verbose("worked_examples: validated %d manifest(s), %d unchanged",
                       validated, max(len(checked) - validated, 0))
    else:  # only for the benchmark's "validation off" baseline (tools/bench.py --only examples)
        checked = {}
    for problem in problems:
        logger.warning("%s", problem, location=problem.location(), type="worked_examples", subtype="data")
    listed = {rel for task in (data or {}).get("tasks", ()) for cell in task["cells"].values()
              for rel in cell.get("manifests", ())}
    for path in sorted(examples.glob("*/*/*.yaml")):
        rel = path.relative_to(examples).as_posix()
        if data is not None and rel not in listed:
            logger.warning("manifest not listed under any task in data/examples.yaml", location=f"{path}:1",
                           type="worked_examples", subtype="data")
    siteext.loaded(app.env)[KEY] = {
        "data": data, "checked": checked, "releases": releases, "examples": examples, "digests": digests,
        "engines": mx.engines, "data_path": data_path, "doc": doc if data is not None else None,
    }


def _state(env) -> dict:
    return siteext.loaded(env)[KEY]


def _included(env) -> dict[str, set[str]]:
    return siteext.kept(env).setdefault(INCLUDED_KEY, {})


def purge(app, env, docname) -> None:
    _included(env).pop(docname, None)


def merge(app, env, docnames, other) -> None:
    mine, theirs = _included(env), _included(other)
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]


def check_included(app, env) -> None:
    """Every manifest a task lists is shown on that task's page."""
    state = _state(env)
    if state["data"] is None:
        return
    doc = state["doc"]
    for t, task in enumerate(state["data"]["tasks"]):
        shown = _included(env).get(task["page"], set())
        for platform in state["data"]["platforms"]:
            cell = task["cells"].get(platform)
            if cell is None:
                logger.warning("task %r has no cell for %s: show manifests or say why it is not supported",
                               task["id"], platform, location=doc.problem(["tasks", t, "cells"], "").location(),
                               type="worked_examples", subtype="data")
                continue
            for m, rel in enumerate(cell.get("manifests", ())):
                if rel not in shown:
                    where = doc.problem(["tasks", t, "cells", platform, "manifests", m], "").location()
                    logger.warning("examples/%s is listed for task %r but not shown on %s", rel, task["id"],
                                   task["page"], location=where, type="worked_examples", subtype="data")


# --- directives ----------------------------------------------------------------

def _link(text: str, url: str) -> nodes.reference:
    return nodes.reference("", text, refuri=url, internal=False)


class ExampleManifest(SphinxDirective):
    required_arguments = 1

    def run(self):
        rel = self.arguments[0]
        state = _state(self.env)
        path = state["examples"] / rel
        if not path.is_file():
            logger.warning("no such manifest: examples/%s", rel, location=self.get_location(),
                           type="worked_examples", subtype="page")
            return []
        self.env.note_dependency(str(path))
        _included(self.env).setdefault(self.env.docname, set()).add(rel)
        text = path.read_text(encoding="utf-8")
        box = nodes.container(classes=["example-manifest"])
        caption = nodes.paragraph(classes=["example-manifest-caption"])
        caption += nodes.literal(text=f"examples/{rel}")
        against = state["checked"].get(rel, [])
        if against:
            caption += nodes.Text(" · checked against ")
            seen = []
            for item in against:
                if (item["kind"], item["source"]) in seen:
                    continue
                if seen:
                    caption += nodes.Text(", ")
                seen.append((item["kind"], item["source"]))
                caption += _link(f"{item['kind']} {item['apiVersion']} @ {item['release']}", item["source"])
        box += caption
        block = nodes.literal_block(text, text, language="yaml", classes=["example-manifest-yaml"])
        self.set_source_info(block)
        box += block
        return [box]


def _unsupported_cell(state: dict, task: dict, platform: str) -> dict | None:
    cell = task["cells"].get(platform)
    return cell if cell and ("unsupported" in cell or "not_shown" in cell) else None


class ExampleUnsupported(SphinxDirective):
    required_arguments = 2

    def run(self):
        task_id, platform = self.arguments
        state = _state(self.env)
        self.env.note_dependency(str(state["data_path"]))
        task = next((t for t in (state["data"] or {}).get("tasks", ()) if t["id"] == task_id), None)
        cell = _unsupported_cell(state, task, platform) if task else None
        if cell is None:
            logger.warning("no 'unsupported' or 'not_shown' cell for task %r and platform %r in data/examples.yaml",
                           task_id, platform, location=self.get_location(), type="worked_examples", subtype="page")
            return []
        name = state["engines"][platform]["name"]
        release = state["releases"].get(platform) or state["engines"][platform]["cells"]["latest_release"]["value"]
        box = nodes.container(classes=["example-unsupported"])
        para = nodes.paragraph()
        if "unsupported" in cell:
            para += nodes.strong(text=f"Not supported by {name} as of {release}. ")
            para += nodes.Text(cell["unsupported"] + " Source: ")
        else:
            box["classes"].append("example-not-shown")
            para += nodes.strong(text=f"No manifest shown for {name} {release}. ")
            para += nodes.Text(cell["not_shown"] + " Source: ")
        para += _link(_title(cell["source"]), cell["source"])
        para += nodes.Text(".")
        box += para
        return [box]


def _breakable(kind: str) -> list[nodes.Node]:
    """A kind name that may wrap between its words (``Cluster<wbr>Base<wbr>Model``), not inside them.

    The seven-column grid is narrow; without these, long kinds break mid-word.
    ``<wbr>`` adds no character, so a copied kind name stays intact.
    """
    out: list[nodes.Node] = []
    for w, word in enumerate(re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[^A-Z]+", kind)):
        if w:
            out.append(nodes.raw("", "<wbr>", format="html"))
        out.append(nodes.Text(word))
    return out


def _title(url: str) -> str:
    """Descriptive link text for a GitHub file URL: 'owner/repo path @ ref'."""
    parts = url.split("/")
    if len(parts) > 6 and parts[2] == "github.com" and parts[5] in ("blob", "tree"):
        return f"{parts[3]}/{parts[4]} {'/'.join(parts[7:]) or 'repository'} @ {parts[6]}"
    return url


class ExamplePins(SphinxDirective):
    def run(self):
        state = _state(self.env)
        self.env.note_dependency(str(state["data_path"]))
        data = state["data"] or {"platforms": [], "pins": {}}
        items = nodes.bullet_list()
        for platform in data["platforms"]:
            engine = state["engines"][platform]
            pinned = engine["cells"]["latest_release"]["value"]
            release = state["releases"].get(platform, pinned)
            para = nodes.paragraph()
            para += nodes.strong(text=engine["name"])
            pin = data["pins"].get(platform)
            if pin:
                para += nodes.Text(f": examples at {release}, not at the pinned {pinned}. {pin['reason']} See ")
                para += _link(_title(pin["source"]), pin["source"])
                para += nodes.Text(".")
            else:
                para += nodes.Text(f": examples at {release}, the release this reference pins.")
            items += nodes.list_item("", para)
        return [items]


class ExamplesGrid(SphinxDirective):
    def run(self):
        state = _state(self.env)
        self.env.note_dependency(str(state["data_path"]))
        data = state["data"]
        if data is None:
            return []
        platforms = data["platforms"]
        table = nodes.table(classes=["examples-grid"])
        group = nodes.tgroup(cols=len(platforms) + 1)
        table += group
        for _ in range(len(platforms) + 1):
            group += nodes.colspec(colwidth=1)
        head, body = nodes.thead(), nodes.tbody()
        group += head
        group += body
        row = nodes.row()
        row += nodes.entry("", nodes.paragraph(text="Task"))
        for platform in platforms:
            engine = state["engines"][platform]
            release = state["releases"].get(platform, engine["cells"]["latest_release"]["value"])
            row += nodes.entry("", nodes.paragraph(text=f"{engine['name']} {release}"))
        head += row
        notes = nodes.bullet_list()
        for task in data["tasks"]:
            row = nodes.row()
            first = nodes.paragraph()
            first += self._doc_link(task["page"], task["title"])
            row += nodes.entry("", first)
            for platform in platforms:
                cell = task["cells"].get(platform, {})
                para = nodes.paragraph()
                if "manifests" in cell:
                    kinds = sorted({c["kind"] for rel in cell["manifests"] for c in state["checked"].get(rel, [])})
                    para += nodes.strong(text="yes")
                    para += nodes.Text(": ")
                    for k, kind in enumerate(kinds):
                        para += nodes.Text(", " if k else "")
                        para.extend(_breakable(kind))
                elif cell:
                    # Short cells keep the table within the page width; the reason and
                    # its source are in the list under the table and in the task's tab.
                    para += nodes.strong(text="no" if "unsupported" in cell else "yes")
                    para += nodes.Text("" if "unsupported" in cell else ", not shown")
                    item = nodes.paragraph()
                    what = "not supported. " if "unsupported" in cell else "supported, no manifest shown. "
                    item += nodes.Text(f"{state['engines'][platform]['name']}, {task['title']}: {what}")
                    item += _link(_title(cell["source"]), cell["source"])
                    notes += nodes.list_item("", item)
                row += nodes.entry("", para)
            body += row
        return [table, notes]

    def _doc_link(self, page: str, title: str) -> addnodes.pending_xref:
        ref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget="/" + page,
                                    refexplicit=True, refdoc=self.env.docname)
        ref += nodes.inline(text=title)
        return ref


class SchemaSources(SphinxDirective):
    def run(self):
        state = _state(self.env)
        digests: Digests = state["digests"]
        self.env.note_dependency(str(digests.root / "sources.yaml"))
        items = nodes.bullet_list()
        for folder in sorted(digests.entries):
            for path in sorted((digests.root / folder).glob("*.json")):
                digest = json.loads(path.read_text(encoding="utf-8"))  # once, not kept
                para = nodes.paragraph()
                para += nodes.literal(text=f"data/crd-schemas/{folder}/{path.name}")
                para += nodes.Text(f": {digest['kind']} ({', '.join(digest['versions'])}) from ")
                para += _link(_title(digest["source"]), digest["source"])
                if "pod_template_source" in digest:
                    para += nodes.Text(", pod template from ")
                    para += _link(_title(digest["pod_template_source"]), digest["pod_template_source"])
                para += nodes.Text("; licence ")
                para += _link(digest["licence"], digest["licence_url"])
                para += nodes.Text(".")
                items += nodes.list_item("", para)
        return [items]


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The CSS on pages with an example, manifest or grid; the copy script where a manifest is."""
    if doctree is None:
        return
    classes = {c for n in doctree.findall(nodes.Element) for c in n.get("classes", ()) if c.startswith("example")}
    if classes:
        app.add_css_file("worked-examples.css")
    if "example-manifest" in classes:
        app.add_js_file("copy-manifest.js", defer="defer")


def setup(app: Sphinx) -> dict:
    app.setup_extension("matrix")
    root = Path(app.confdir)
    app.add_config_value("worked_examples_dir", str(root / "examples"), "env", types=[str])
    app.add_config_value("worked_examples_digests", str(root / "data" / "crd-schemas"), "env", types=[str])
    app.add_config_value("worked_examples_data", str(root / "data" / "examples.yaml"), "env", types=[str])
    # Off only in the benchmark's baseline; a real build always validates.
    app.add_config_value("worked_examples_validate", 1, "env", types=[int])
    siteext.add_static(app, __file__)
    app.add_directive("example-manifest", ExampleManifest)
    app.add_directive("example-unsupported", ExampleUnsupported)
    app.add_directive("example-pins", ExamplePins)
    app.add_directive("examples-grid", ExamplesGrid)
    app.add_directive("example-schema-sources", SchemaSources)
    app.connect("builder-inited", load, priority=460)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-check-consistency", check_included)
    app.connect("html-page-context", add_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
