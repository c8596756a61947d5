"""Shared helpers for the site's structured data (not a Sphinx extension).

Loads YAML files and YAML front matter, validates them with jsonschema, and
turns every schema error into a ``Problem`` that carries the file, the line
and the field, so a bad input is reported as ``path:line: field: message``.

PyYAML gives line numbers only on its node tree, not on the loaded values,
so ``_line_of`` walks that tree along the error's path; jsonschema has no
notion of lines. PyYAML also keeps the last of two equal keys without a word
(YAML 1.2 forbids them; PyYAML has no option to refuse them), so
``_duplicate_keys`` walks the same tree. The source rules (``source_problems``)
are site policy that no library knows. Those walks and rules are the only
hand-written parts here.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available: ~10x faster
    """SafeLoader with YAML 1.2 booleans that keeps dates as strings.

    PyYAML follows YAML 1.1, where ``yes``/``no`` are booleans: the matrix
    values ``yes`` and ``no`` would silently become True and False. And it
    would turn ``2026-13-40`` into a crash without a line number, and a valid
    date into a ``datetime.date`` that JSON schema cannot type. Keeping the
    text lets the schema's ``format: date`` check report bad dates cleanly.
    """


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers
          if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    field: str
    message: str

    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{where}{self.message}"


@dataclass
class YamlDoc:
    """Parsed YAML plus what is needed to point at a line inside it."""

    path: Path
    data: Any
    root: yaml.Node | None
    line_offset: int  # file line of the YAML's first line, minus one

    def line_of(self, keys: Iterable[Any]) -> int:
        return _line_of(self.root, list(keys)) + self.line_offset

    def problem(self, keys: Iterable[Any], message: str) -> Problem:
        keys = list(keys)
        return Problem(self.path, self.line_of(keys), ".".join(map(str, keys)), message)


def _line_of(node: yaml.Node | None, keys: list[Any]) -> int:
    """1-based line (within the YAML text) of the value at ``keys``.

    For a missing key the deepest existing parent's line is returned.
    """
    if node is None:
        return 1
    line = node.start_mark.line + 1
    for key in keys:
        child = None
        if isinstance(node, yaml.MappingNode):
            for knode, vnode in node.value:
                if knode.value == str(key):
                    child, line = vnode, knode.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            child = node.value[key]
            line = child.start_mark.line + 1
        if child is None:
            return line
        node = child
    return line


class DataError(Exception):
    """A file that could not be loaded; ``problems`` lists every reason (at least one)."""

    def __init__(self, problem: Problem, *more: Problem):
        super().__init__(str(problem))
        self.problem = problem
        self.problems = [problem, *more]


_BOM = b"\xef\xbb\xbf"


def read_text(path: Path) -> str:
    """A UTF-8 file's text; a BOM or a byte that is not UTF-8 is a ``DataError`` at its line."""
    raw = path.read_bytes()
    if raw.startswith(_BOM):
        raise DataError(Problem(path, 1, "", "the file starts with a UTF-8 byte order mark (BOM): "
                                             "save it as UTF-8 without BOM"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataError(Problem(path, line, "", f"not UTF-8: byte 0x{raw[exc.start]:02x} at column {column} "
                                                "cannot be decoded; save the file as UTF-8")) from None


def _duplicate_keys(path: Path, root: yaml.Node | None, line_offset: int) -> list[Problem]:
    """Every key that appears twice in one mapping, at the line of its second use."""
    problems = []
    stack: list[tuple[yaml.Node, list[str]]] = [(root, [])] if root is not None else []
    while stack:
        node, keys = stack.pop()
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for knode, vnode in node.value:
                key = str(knode.value) if isinstance(knode, yaml.ScalarNode) else None
                line = knode.start_mark.line + 1 + line_offset
                if key is not None and key in first:
                    problems.append(Problem(path, line, ".".join([*keys, key]),
                                            f"duplicate key {key!r} (first at line {first[key]}): "
                                            "the second value would silently replace the first"))
                elif key is not None:
                    first[key] = line
                stack.append((vnode, [*keys, key or "?"]))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, [*keys, str(i)]) for i, child in enumerate(node.value))
    return sorted(problems, key=lambda p: p.line)


def parse_yaml(path: Path, text: str | None = None, line_offset: int = 0) -> YamlDoc:
    if text is None:
        text = read_text(path)
    loader = _Loader(text)
    try:
        # One parse: the node tree (for line numbers) is also what the data is built from.
        root = loader.get_single_node()
        duplicates = _duplicate_keys(path, root, line_offset)
        if duplicates:
            raise DataError(*duplicates)
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 1 if mark else 1) + line_offset
        raise DataError(Problem(path, line, "", f"malformed YAML: {getattr(exc, 'problem', exc)}")) from exc
    finally:
        loader.dispose()
    return YamlDoc(path, data, root, line_offset)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)


def parse_front_matter(path: Path) -> tuple[YamlDoc, str, int]:
    """Split a Markdown file into (front matter, body, body's first line)."""
    text = read_text(path)
    match = _FRONT_MATTER.match(text)
    if not match:
        raise DataError(Problem(path, 1, "", "missing YAML front matter (a '---' block at the top)"))
    doc = parse_yaml(path, match.group(1), line_offset=1)
    if not isinstance(doc.data, dict):
        raise DataError(Problem(path, 2, "", "front matter must be a mapping of fields"))
    body_line = text[: match.end()].count("\n") + 1
    return doc, text[match.end():], body_line


def parse_yaml_all(path: Path, text: str | None = None) -> list[YamlDoc]:
    """Every document of a multi-document YAML file (``---`` separated), with lines."""
    if text is None:
        text = path.read_text(encoding="utf-8")
    loader = _Loader(text)
    docs = []
    try:
        while loader.check_node():
            root = loader.get_node()
            docs.append(YamlDoc(path, loader.construct_document(root), root, 0))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(Problem(path, mark.line + 1 if mark else 1, "",
                                f"malformed YAML: {getattr(exc, 'problem', exc)}")) from exc
    finally:
        loader.dispose()
    return docs


def validator_for(schema: dict):
    """A validator to reuse: build it once per schema, not once per document."""
    # Imported here: jsonschema takes ~70 ms to import, and a build whose data
    # files are unchanged validates nothing (VALIDATED).
    from jsonschema import Draft202012Validator, FormatChecker
    return Draft202012Validator(schema, format_checker=FormatChecker())


# Digests of (schema, document) pairs that validated without a problem. A document
# whose digest is here needs no validation: the result would be the same. The
# data_cache extension keeps this set between builds, so that a build whose data
# files did not change neither imports jsonschema nor validates anything.
VALIDATED: set[str] = set()


def _validation_digest(data: Any, schema: dict) -> str:
    text = json.dumps([schema, data], sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def validate(doc: YamlDoc, schema: dict, validator=None) -> list[Problem]:
    """Schema problems, each pointing at the offending field's line."""
    digest = _validation_digest(doc.data, schema)
    if digest in VALIDATED:
        return []
    problems = _validate(doc, schema, validator)
    if not problems:
        VALIDATED.add(digest)
    return problems


def _validate(doc: YamlDoc, schema: dict, validator=None) -> list[Problem]:
    validator = validator or validator_for(schema)
    problems = []
    for error in sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))):
        keys = list(error.absolute_path)
        message = error.message
        if error.validator == "additionalProperties":
            # Point at the unexpected key itself, not at its parent mapping.
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            keys, message = keys + extra[:1], f"unknown field {extra[0]!r}" if extra else message
        elif error.validator == "not" and error.schema.get("not") == UNPINNED:
            message = f"{error.instance!r} is not pinned to a version: cite a tag, a commit or versioned docs"
        elif error.validator == "pattern" and error.schema.get("pattern") == RELEASE:
            message = (f"{error.instance!r} does not name a release: as_of must be a version tag "
                       "such as v1.2.3 or name-1.2.3")
        elif error.validator == "required":
            message = f"missing required field: {message.split(' is a required')[0]}"
        problems.append(doc.problem(keys, message))
    return problems


# A primary source is cited at a version: a branch or "latest" page changes under
# the citation. Used by the glossary and matrix schemas as {"not": UNPINNED}; the
# GitHub rule (a tag or a full commit, never a branch) is ``source_problems``.
# Docs sites: a moving version segment (/latest/, /dev/...). GitHub file paths may
# contain such folder names (.../blob/v0.9.0/.../nightly/...), so on GitHub only a
# branch ref counts.
UNPINNED = {"pattern": r"^(?!https://(github\.com|raw\.githubusercontent\.com)/)\S*/(latest|stable|dev|nightly|main|master)/"
                       r"|/(blob|tree)/(main|master)(/|$)"}

# A release tag: x.y.z with an optional project prefix (``vllm-stack-0.1.12``,
# ``knative-v1.23.0``) and pre/post-release suffix (``-alpha.11``, ``rc1``,
# ``.post1``), or a date tag (``2025-11-25``). Branch names (main, dev,
# gh-pages, release-1.0) do not match: a branch moves under the citation.
RELEASE = (r"^(?![Rr][Ee][Ll][Ee][Aa][Ss][Ee])(?:[A-Za-z][\w.]*(?:-[A-Za-z][\w.]*)*-)?"
           r"v?\d+\.\d+\.\d+(?:[-.+_]?[0-9A-Za-z]+)*$|^\d{4}-\d{2}-\d{2}$")
_RELEASE = re.compile(RELEASE)
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
# The git ref in a GitHub file, folder, raw file or release URL.
_GITHUB_REF = re.compile(
    r"^https://(?:github\.com/([^/]+/[^/]+)/(?:blob|tree|raw|releases/tag)/|raw\.githubusercontent\.com/([^/]+/[^/]+)/)"
    r"([^/?#]+)")
_VERSION = re.compile(r"\d+(?:\.\d+)+")


def is_release(ref: str) -> bool:
    return bool(_RELEASE.match(ref))


def github_ref(url: str) -> tuple[str, str] | None:
    """(owner/repo, ref) of a GitHub URL that names a ref, else None."""
    match = _GITHUB_REF.match(url)
    return (match.group(1) or match.group(2), match.group(3)) if match else None


def pin_problem(url: str) -> str | None:
    """Why a GitHub URL is not pinned (a branch, a short commit), or None."""
    found = github_ref(url)
    if found is None:
        return None
    ref = found[1]
    if _COMMIT.match(ref) or is_release(ref):
        return None
    return (f"{url!r} cites {ref!r}, which is not a release tag or a full 40-character commit: "
            "a branch or short hash moves under the citation")


def source_problems(source: str, as_of: str, repo: str | None = None) -> list[str]:
    """The source and release rules for one matrix cell.

    A GitHub source must be pinned (``pin_problem``). At a tag of the engine's
    own ``repo`` the tag must be the release ``as_of`` names (a tag of another
    repository, a neighbour's README, say, cannot name the engine's release);
    at a full commit any ``as_of`` is accepted. Any other source must contain
    the version number of ``as_of`` (docs.example.com/1.6.1/... for v1.6.1),
    also written with dashes as release-note pages do (.../releases/v1-6-0).
    """
    unpinned = pin_problem(source)
    if unpinned:
        return [unpinned]
    if not is_release(as_of):
        return []  # the schema reports the as_of itself
    found = github_ref(source)
    number = _VERSION.search(as_of).group(0)
    if found is not None:
        source_repo, ref = found
        if _COMMIT.match(ref) or (repo and source_repo.lower() != repo.lower()):
            return []
        if ref == as_of or as_of in ref or ref.lstrip("v") == as_of.lstrip("v"):
            return []
        return [f"as_of {as_of!r} differs from the tag {ref!r} the source cites"]
    if number in source or number.replace(".", "-") in source:
        return []
    return [(f"as_of {as_of!r}, but the source {source!r} does not name release {number} "
             "(cite the docs of that release, its tag, or a commit)")]


def future_date_problem(value: str, today: datetime.date | None = None) -> str | None:
    """A ``YYYY-MM-DD`` after today (an invalid date is the schema's to report)."""
    try:
        day = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    today = today or datetime.date.today()
    return f"{value} is in the future (today is {today.isoformat()})" if day > today else None


def write_if_changed(path: Path, text: str) -> bool:
    """Write a generated source file only when its text changes.

    Sphinx decides what to re-read from file mtimes; rewriting identical
    generated pages on every build would defeat incremental builds.
    """
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def remove_stale(directory: Path, keep: set[str], pattern: str = "*.md") -> None:
    """Delete generated files that no longer correspond to any data."""
    if directory.is_dir():
        for path in directory.glob(pattern):
            if path.name not in keep:
                path.unlink()


def write_exports(outdir: Path, stem: str, payload: dict, header: list[str], rows: Iterable[list]) -> None:
    """``<stem>.json`` (the payload) and ``<stem>.csv`` (a header and rows) in the built
    site, each written only when its text changes: the matrix and the compatibility
    table export the same way."""
    outdir.mkdir(parents=True, exist_ok=True)
    write_if_changed(outdir / f"{stem}.json", json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    write_if_changed(outdir / f"{stem}.csv", buf.getvalue())
