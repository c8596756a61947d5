"""Plant one defect at a time in a copy of the project and build it.

Each defect must fail the strict build with a message that names the file and
the line (or the field). The builds run two at a time (this machine has two
cores) with the dummy builder, which reads and resolves everything the html
builder does but writes no pages, and without --keep-going: the project itself
builds without a warning, so the first warning, which stops the build, is the
one the defect caused.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import Build, copy_project, sphinx_build


def _append(rel: str, text: str) -> Callable[[Path], None]:
    def plant(project: Path) -> None:
        path = project / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return plant


def _replace(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def plant(project: Path) -> None:
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture drifted: {old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return plant


def _write(rel: str, text: str) -> Callable[[Path], None]:
    def plant(project: Path) -> None:
        (project / rel).write_text(text, encoding="utf-8")
    return plant


def _term_file(term_id: str, term: str, extra: str = "", tags: str = "[serving]") -> str:
    return (f"---\nid: {term_id}\nterm: {term}\naka: []\n"
            f"short: A planted term used only by the bad-input tests.\ntags: {tags}\nengines: {{}}\n"
            f"related: []\nsources:\n  - title: planted\n    url: https://example.org/planted\n{extra}---\nBody.\n")


@dataclass(frozen=True)
class Defect:
    name: str
    plant: Callable[[Path], None]
    expect: str  # regex the build output must match


# Files the defects are planted in; the "fixture drifted" assertion fires if one changes shape.
PAGE = "docs/sources.md"
TERM = "glossary/kv-cache.md"
ENGINE = "data/engines/kthena.yaml"
DIAGRAM = "diagrams/kthena-architecture.mmd"

DEFECTS = [
    Defect("unknown term on a page", _append(PAGE, "\nSee {term}`no such term here`.\n"),
           r"docs/sources\.md:\d+: WARNING: term not in glossary: 'no such term here'"),
    Defect("unknown term in a glossary body", _append(TERM, "\nAlso {term}`no such term either`.\n"),
           r"glossary/kv-cache\.md:\d+: WARNING: term not in glossary: 'no such term either'"),
    Defect("dangling doc link", _append(PAGE, "\nSee {doc}`/engines/no-such-engine`.\n"),
           r"docs/sources\.md:\d+: WARNING: unknown document: '/engines/no-such-engine'"),
    Defect("missing label", _append(PAGE, "\nSee {ref}`no-such-label`.\n"),
           r"docs/sources\.md:\d+: WARNING: undefined label: 'no-such-label'"),
    Defect("missing anchor in a page link", _append(PAGE, "\nSee [the matrix](compare/matrix.md#no-such-anchor).\n"),
           r"docs/sources\.md:\d+: WARNING: .*no-such-anchor"),
    Defect("malformed term front matter", _replace(TERM, "\nterm: ", "\nterm: ["),
           r"glossary/kv-cache\.md:\d+: WARNING: malformed YAML"),
    Defect("missing short", _replace(TERM, "\nshort:", "\nshort_text:"),
           r"glossary/kv-cache\.md:\d+: WARNING: .*(unknown field 'short_text'|missing required field: 'short')"),
    Defect("unknown tag", _write("glossary/planted-tag.md", _term_file("planted-tag", "Planted tag", tags="[no-such-tag]")),
           r"glossary/planted-tag\.md:\d+: WARNING: tags\.0: 'no-such-tag' is not one of"),
    Defect("id differs from file name", _write("glossary/planted-id.md", _term_file("other-id", "Planted id")),
           r"glossary/planted-id\.md:2: WARNING: id: id 'other-id' differs from the file name 'planted-id'"),
    Defect("duplicate term or alias", _write("glossary/planted-dup.md", _term_file("planted-dup", "LWS")),
           r"glossary/planted-dup\.md:\d+: WARNING: term: duplicate term or alias 'LWS': already used by leaderworkerset\.md"),
    Defect("unknown related id", _write("glossary/planted-rel.md",
                                        _term_file("planted-rel", "Planted rel").replace("related: []", "related: [no-such-id]")),
           r"glossary/planted-rel\.md:\d+: WARNING: related\.0: unknown related term id 'no-such-id'"),
    Defect("unknown engine page", _write("glossary/planted-eng.md",
                                         _term_file("planted-eng", "Planted eng").replace("engines: {}", "engines: {nosuch: does it somehow}")),
           r"glossary/planted-eng\.md:\d+: WARNING: engines.*nosuch"),
    Defect("orphan term", _write("glossary/planted-orphan.md", _term_file("planted-orphan", "Planted orphan")),
           r"glossary/planted-orphan\.md:\d+: WARNING: orphan term 'Planted orphan'"),
    Defect("broken diagram file", _append(DIAGRAM, "\n  broken[oops --> x\n"),
           r"diagrams/kthena-architecture\.mmd:\d+: WARNING: mermaid syntax error"),
    Defect("broken inline diagram", _append(PAGE, "\n```mermaid\nflowchart LR\n  a[oops --> b\n```\n"),
           r"docs/sources\.md:\d+: WARNING: mermaid syntax error"),
    Defect("diagram without accTitle", _replace(DIAGRAM, "  accTitle: Kthena architecture and request path\n", ""),
           r"diagrams/kthena-architecture\.mmd:1: WARNING: mermaid diagram without a text alternative "
           r"\(included from .*docs/engines/kthena\.md:\d+\): add accTitle"),
    Defect("inline diagram without caption",
           _append(PAGE, "\n```mermaid\nflowchart LR\n  accTitle: Planted\n"
                         "  accDescr: A planted diagram.\n  a --> b\n```\n"),
           r"docs/sources\.md:\d+: WARNING: mermaid diagram without a text alternative: add :caption:"),
    Defect("missing diagram file", _append(PAGE, "\n```{mermaid} ../diagrams/no-such-diagram.mmd\n```\n"),
           r"docs/sources\.md:\d+: WARNING: External Mermaid file .*no-such-diagram\.mmd.* not found"),
    Defect("matrix cell without source", _replace(ENGINE, "    source:", "    sauce:"),
           r"data/engines/kthena\.yaml:\d+: WARNING: cells\.\w+(\.sauce)?: (unknown field 'sauce'|missing required field: 'source')"),
    Defect("matrix cell without as_of", _replace(ENGINE, "    as_of:", "    as-of:"),
           r"data/engines/kthena\.yaml:\d+: WARNING: cells\.\w+.*(as-of|as_of)"),
    Defect("bad as_of", _replace(ENGINE, "as_of: v1.0.0", "as_of: some release"),
           r"data/engines/kthena\.yaml:\d+: WARNING: cells\.\w+\.as_of: 'some release' does not match"),
    Defect("unknown matrix dimension", _replace(ENGINE, "cells:\n", "cells:\n  gpu_magic:\n    value: 'yes'\n    detail: planted\n    as_of: v1\n    source: https://example.org\n"),
           r"data/engines/kthena\.yaml:\d+: WARNING: cells\.gpu_magic: unknown field 'gpu_magic'"),
    Defect("source not pinned to a version",
           _write("glossary/planted-pin.md", _term_file("planted-pin", "Planted pin").replace(
               "https://example.org/planted", "https://github.com/o/r/blob/main/README.md")),
           r"glossary/planted-pin\.md:\d+: WARNING: sources\.0\.url: .* is not pinned to a version"),
    Defect("matrix value outside the allowed set", _replace(ENGINE, 'value: "yes"', "value: maybe"),
           r"data/engines/kthena\.yaml:\d+: WARNING: cells\.\w+\.value: 'maybe' is not one of"),
    Defect("matrix date that is not a date", _replace(ENGINE, "checked: 2026-11-26", "checked: 2026-13-45"),
           r"data/engines/kthena\.yaml:\d+: WARNING: checked: '2026-13-45' is not a 'date'"),
]


@pytest.fixture(scope="session")
def defect_builds(tmp_path_factory):
    def run(defect: Defect):
        project = copy_project(tmp_path_factory.mktemp("defect"))
        try:
            defect.plant(project)
        except AssertionError as err:  # the fixture drifted: report it on that defect only
            return Build(-1, f"could not plant the defect: {err}", project)
        return sphinx_build(project, project / "_build" / "dummy", builder="dummy", keep_going=False)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip([d.name for d in DEFECTS], pool.map(run, DEFECTS)))


@pytest.mark.slow
@pytest.mark.parametrize("defect", DEFECTS, ids=[d.name for d in DEFECTS])
def test_defect_fails_the_build_naming_file_and_line(defect, defect_builds):
    build = defect_builds[defect.name]
    assert build.returncode != 0, f"{defect.name}: the build passed\n{build.output}"
    assert re.search(defect.expect, build.output), f"{defect.name}: expected /{defect.expect}/ in\n{build.output}"


def test_there_are_at_least_twelve_distinct_defects():
    assert len({d.name for d in DEFECTS}) >= 12
