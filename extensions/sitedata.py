"""Shared helpers for the site's structured data (not a Sphinx extension).

Loads YAML files and YAML front matter, validates them with jsonschema, and
turns every schema error into a ``Problem`` that carries the file, the line
and the field, so a bad input is reported as ``path:line: field: message``.

PyYAML gives line numbers only on its node tree, not on the loaded values,
so ``_line_of`` walks that tree along the error's path; jsonschema has no
notion of lines. That small walk is the only hand-written part here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml
from jsonschema import Draft202012Validator, FormatChecker


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
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def parse_yaml(path: Path, text: str | None = None, line_offset: int = 0) -> YamlDoc:
    if text is None:
        text = path.read_text(encoding="utf-8")
    loader = _Loader(text)
    try:
        # One parse: the node tree (for line numbers) is also what the data is built from.
        root = loader.get_single_node()
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
    text = path.read_text(encoding="utf-8")
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


def validator_for(schema: dict) -> Draft202012Validator:
    """A validator to reuse: build it once per schema, not once per document."""
    return Draft202012Validator(schema, format_checker=FormatChecker())


def validate(doc: YamlDoc, schema: dict, validator: Draft202012Validator | None = None) -> list[Problem]:
    """Schema problems, each pointing at the offending field's line."""
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
        elif error.validator == "required":
            message = f"missing required field: {message.split(' is a required')[0]}"
        problems.append(doc.problem(keys, message))
    return problems


# A primary source is cited at a version: a branch or "latest" page changes under
# the citation. Used by the glossary and matrix schemas as {"not": UNPINNED}.
UNPINNED = {"pattern": r"/(latest|stable)/|/(blob|tree)/(main|master)(/|$)"}


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
