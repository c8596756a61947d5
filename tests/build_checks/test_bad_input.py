"""Plant one defect at a time in a copy of the fixture site and build it.

The fixture site (tests/fixtures/site) is a small project on the real
configuration and extensions: a few pages, four terms, two engines. Each test
copies it to a temporary folder and plants one mistake there, so a crash in a
test can never leave the live content broken.

Each defect must fail the strict build with a message that names the file,
the line (or the field) and the mistake itself. The builds run two at a time
(this machine has two cores) with the dummy builder, which reads and resolves
everything the html builder does but writes no pages; the duplicate-label
defect builds html with ``-j auto``, as ``make html`` does. The fixture itself
builds without a warning, so every warning is the defect's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import Build, copy_fixture_site, sphinx_build


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


def _bytes(rel: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    def plant(project: Path) -> None:
        path = project / rel
        raw = path.read_bytes()
        assert old in raw, f"fixture drifted: {old!r} not in {rel}"
        path.write_bytes(raw.replace(old, new, 1))
    return plant


def _both(*plants: Callable[[Path], None]) -> Callable[[Path], None]:
    def plant(project: Path) -> None:
        for one in plants:
            one(project)
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
    warnings: int | None = None  # exact number of warnings, where one mistake must give one message
    args: tuple[str, ...] = field(default=("-b", "dummy"))


# Files the defects are planted in; the "fixture drifted" assertion fires if one changes shape.
PAGE = "docs/sources.md"
OTHER_PAGE = "docs/engines/beta.md"
TERM = "glossary/kv-cache.md"
ENGINE = "data/engines/alpha.yaml"
ENGINE_B = "data/engines/beta.yaml"
DIMENSIONS = "data/dimensions.yaml"
GUIDE = "data/decision-guide.yaml"
PAGES = "data/pages.yaml"
DIAGRAM = "diagrams/flow.mmd"
OUTSIDE = "../" * 30  # from any folder of a temporary copy, up to /
COMPAT = "data/compatibility.yaml"

# Each group is one class of mistake from issue 22 (or an earlier one); all are kept.
DEFECTS = [
    # --- references and pages (existing) ---
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
    # --- term files (existing) ---
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
    Defect("source not pinned to a version",
           _write("glossary/planted-pin.md", _term_file("planted-pin", "Planted pin").replace(
               "https://example.org/planted", "https://github.com/o/r/blob/main/README.md")),
           r"glossary/planted-pin\.md:\d+: WARNING: sources\.0\.url: .* is not pinned to a version"),
    # --- diagrams (existing) ---
    Defect("broken diagram file", _append(DIAGRAM, "\n  broken[oops --> x\n"),
           r"diagrams/flow\.mmd:\d+: WARNING: mermaid syntax error"),
    Defect("broken inline diagram", _append(PAGE, "\n```mermaid\nflowchart LR\n  a[oops --> b\n```\n"),
           r"docs/sources\.md:\d+: WARNING: mermaid syntax error"),
    Defect("missing diagram file", _append(PAGE, "\n```{mermaid} ../diagrams/no-such-diagram.mmd\n```\n"),
           r"docs/sources\.md:\d+: WARNING: External Mermaid file .*no-such-diagram\.mmd.* not found"),
    # --- matrix cells (existing) ---
    Defect("matrix cell without source", _replace(ENGINE, "    source:", "    sauce:"),
           r"data/engines/alpha\.yaml:\d+: WARNING: cells\.\w+(\.sauce)?: (unknown field 'sauce'|missing required field: 'source')"),
    Defect("matrix cell without as_of", _replace(ENGINE, "    as_of:", "    as-of:"),
           r"data/engines/alpha\.yaml:\d+: WARNING: cells\.\w+.*(as-of|as_of)"),
    Defect("bad as_of", _replace(ENGINE, "as_of: v1.2.0", "as_of: some release"),
           r"data/engines/alpha\.yaml:11: WARNING: cells\.license\.as_of: 'some release' does not name a release"),
    Defect("unknown matrix dimension", _replace(ENGINE, "cells:\n", "cells:\n  gpu_magic:\n    value: 'yes'\n    detail: planted\n    as_of: v1\n    source: https://example.org\n"),
           r"data/engines/alpha\.yaml:\d+: WARNING: cells\.gpu_magic: unknown field 'gpu_magic'"),
    Defect("matrix value outside the allowed set", _replace(ENGINE, 'value: "yes"', "value: maybe"),
           r"data/engines/alpha\.yaml:\d+: WARNING: cells\.pd_disaggregation\.value: 'maybe' is not one of"),
    Defect("matrix date that is not a date", _replace(ENGINE, "checked: 2026-11-26", "checked: 2026-13-45"),
           r"data/engines/alpha\.yaml:6: WARNING: checked: '2026-13-45' is not a 'date'"),

    # --- 1. duplicate YAML keys ---
    Defect("duplicate key in a term file", _replace(TERM, "\ntags:", "\nshort: A second short definition that replaces the first.\ntags:"),
           r"glossary/kv-cache\.md:6: WARNING: short: duplicate key 'short' \(first at line 5\): "
           r"the second value would silently replace the first", warnings=1),
    Defect("duplicate key in a matrix cell", _replace(ENGINE, '    value: "yes"\n', '    value: "yes"\n    value: "no"\n'),
           r"data/engines/alpha\.yaml:26: WARNING: cells\.pd_disaggregation\.value: duplicate key 'value' \(first at line 25\)",
           warnings=1),
    Defect("duplicate key in the decision guide", _replace(GUIDE, "  why: Splitting", "  title: Again\n  why: Splitting"),
           r"data/decision-guide\.yaml:3: WARNING: 0\.title: duplicate key 'title' \(first at line 2\)", warnings=1),
    # --- 2. sources pinned, as_of matches, no future dates ---
    Defect("matrix source on a release branch", _replace(ENGINE, "blob/v1.2.0/docs/pd.md", "blob/release-1.0/docs/pd.md"),
           r"data/engines/alpha\.yaml:28: WARNING: cells\.pd_disaggregation\.source: '[^']+' cites 'release-1\.0', "
           r"which is not a release tag or a full 40-character commit", warnings=1),
    Defect("matrix source on a short commit", _replace(ENGINE_B, "blob/0123456789abcdef0123456789abcdef01234567/LICENSE",
                                                       "blob/0123456/LICENSE"),
           r"data/engines/beta\.yaml:\d+: WARNING: cells\.license\.source: .* cites '0123456', which is not a release tag",
           warnings=1),
    Defect("glossary source on the gh-pages branch", _replace(TERM, "blob/v1.2.0/docs/kv.md", "blob/gh-pages/docs/kv.md"),
           r"glossary/kv-cache\.md:\d+: WARNING: sources\.0\.url: .* cites 'gh-pages', which is not a release tag", warnings=1),
    Defect("as_of latest", _replace(ENGINE, "    as_of: v1.2.0\n    source: https://github.com/example/alpha/blob/v1.2.0/LICENSE",
                                    "    as_of: latest\n    source: https://github.com/example/alpha/blob/v1.2.0/LICENSE"),
           r"data/engines/alpha\.yaml:11: WARNING: cells\.license\.as_of: 'latest' does not name a release", warnings=1),
    Defect("as_of differs from the source's tag", _replace(ENGINE, "blob/v1.2.0/LICENSE", "blob/v1.1.0/LICENSE"),
           r"data/engines/alpha\.yaml:11: WARNING: cells\.license\.as_of: as_of 'v1\.2\.0' differs from the tag 'v1\.1\.0' "
           r"the source cites", warnings=1),
    Defect("docs source of another release", _replace(ENGINE_B, "archive/0.3.0/", "archive/0.2.0/"),
           r"data/engines/beta\.yaml:\d+: WARNING: cells\.latest_release\.as_of: as_of 'v0\.3\.0', but the source "
           r"'https://docs\.example\.org/beta/archive/0\.2\.0/releases\.html' does not name release 0\.3\.0", warnings=1),
    Defect("checked date in the future", _replace(ENGINE, "checked: 2026-11-26", "checked: 2999-01-01"),
           r"data/engines/alpha\.yaml:6: WARNING: checked: 2999-01-01 is in the future \(today is \d{4}-\d\d-\d\d\)",
           warnings=1),
    Defect("cell date in the future", _replace(ENGINE, "date: 2026-07-16", "date: 2999-07-16"),
           r"data/engines/alpha\.yaml:15: WARNING: cells\.latest_release\.date: 2999-07-16 is in the future", warnings=1),
    # --- 3. cross-file consistency; one bad cell, one error ---
    Defect("dimension listed twice", _append(DIMENSIONS, "  - {id: gateway, label: Gateway again, group: serving, kind: text}\n"),
           r"data/dimensions\.yaml:14: WARNING: dimensions\.4\.id: duplicate dimension id 'gateway' \(first at line 12\)",
           warnings=1),
    Defect("duplicate scenario id", _replace(GUIDE, "- id: small-footprint", "- id: pd"),
           r"data/decision-guide\.yaml:6: WARNING: 1\.id: duplicate scenario id 'pd' \(first at line 1\)", warnings=1),
    Defect("support values on a text dimension", _replace(GUIDE, "{dimension: gateway, mentions: Own router}",
                                                          '{dimension: gateway, values: ["yes"]}'),
           r"data/decision-guide\.yaml:10: WARNING: 1\.criteria\.0\.values: 'values' tests a support value, but 'gateway' "
           r"is a text dimension: use 'mentions'", warnings=1),
    Defect("engine page that does not exist", _replace(ENGINE, "page: engines/alpha", "page: engines/alfa"),
           r"data/engines/alpha\.yaml:4: WARNING: page: page 'engines/alfa' does not exist \(no docs/engines/alfa\.md\)",
           warnings=1),
    Defect("pages.yaml page that does not exist", _replace(PAGES, "building-blocks/lws", "building-blocks/lsw"),
           r"data/pages\.yaml:1: WARNING: lws\.page: page 'building-blocks/lsw' does not exist", warnings=1),
    Defect("one bad cell drops no engine into follow-on warnings", _replace(ENGINE, 'value: "yes"', "value: maybe"),
           r"(?s)alpha\.yaml:\d+: WARNING: cells\.pd_disaggregation\.value: 'maybe' is not one of.*Data error", warnings=1),
    # --- 4. duplicate label under -j auto, html, as make html builds ---
    Defect("duplicate label across pages (-j auto)",
           _both(_append(PAGE, "\n(planted-label)=\n## Planted\n\nText.\n"),
                 _append(OTHER_PAGE, "\n(planted-label)=\n## Planted again\n\nText.\n")),
           r"docs/sources\.md:\d+: WARNING: duplicate label planted-label, other instance in \S*docs/engines/beta\.md",
           warnings=1, args=("-b", "html", "-j", "auto")),
    # --- 5. encoding and file names ---
    Defect("term file that is not UTF-8", _bytes(TERM, b"The cache grows", b"The cach\xe9 grows"),
           r"glossary/kv-cache\.md:14: WARNING: not UTF-8: byte 0xe9 at column 9 cannot be decoded; save the file as UTF-8",
           warnings=1),
    Defect("term file with a BOM", _bytes(TERM, b"---\nid:", b"\xef\xbb\xbf---\nid:"),
           r"glossary/kv-cache\.md:1: WARNING: the file starts with a UTF-8 byte order mark \(BOM\)", warnings=1),
    Defect("data file that is not UTF-8", _bytes(ENGINE, b"name: Alpha", b"name: Alph\xe4"),
           r"data/engines/alpha\.yaml:2: WARNING: not UTF-8: byte 0xe4 at column 11", warnings=1),
    Defect("page that is not UTF-8", _bytes(PAGE, b"Every fact", b"\xc9very fact"),
           r"docs/sources\.md:4: WARNING: not UTF-8: byte 0xc9 at column 1 cannot be decoded", warnings=1),
    Defect("page with a BOM", _bytes(OTHER_PAGE, b"# Beta", b"\xef\xbb\xbf# Beta"),
           r"docs/engines/beta\.md:1: WARNING: the file starts with a UTF-8 byte order mark \(BOM\)", warnings=1),
    Defect("diagram that is not UTF-8", _bytes(DIAGRAM, b'"Router"', b'"R\xf6uter"'),
           r"diagrams/flow\.mmd:4: WARNING: not UTF-8: byte 0xf6 at column \d+ cannot be decoded", warnings=1),
    Defect("term saved as .markdown", _write("glossary/planted.markdown", _term_file("planted", "Planted")),
           r"glossary/planted\.markdown:1: WARNING: term files must be named <id>\.md: 'planted\.markdown' would be ignored",
           warnings=1),
    Defect("term saved as .MD", _write("glossary/planted.MD", _term_file("planted", "Planted")),
           r"glossary/planted\.MD:1: WARNING: term files must be named <id>\.md: 'planted\.MD' would be ignored", warnings=1),
    Defect("engine saved as .yml", _write("data/engines/gamma.yml", "id: gamma\n"),
           r"data/engines/gamma\.yml:1: WARNING: engine files must be named <id>\.yaml: 'gamma\.yml' would be ignored",
           warnings=1),
    # --- 6. content checks ---
    Defect("remote script in a term body", _append(TERM, '\n<script src="https://evil.example/x.js"></script>\n'),
           r"glossary/kv-cache\.md:16: WARNING: raw HTML a <script> element is not allowed \(allowed: [^)]*\); "
           r"it also has src='https://evil\.example/x\.js'", warnings=1),
    Defect("event handler in a page", _append(PAGE, '\nA picture <img src="x.png" onerror="alert(1)"> here.\n'),
           r"docs/sources\.md:10: WARNING: raw HTML <img> is not allowed \(allowed: [^)]*\); it also has "
           r"src='x\.png' \(no remote or embedded sources\), event handler onerror=", warnings=1),
    Defect("unclosed code fence", _append(PAGE, "\n```python\nprint('the rest of the page is code now')\n"),
           r"docs/sources\.md:10: WARNING: code fence '```' opened here is never closed: it swallows the rest of the file",
           warnings=1),
    Defect("second top-level heading", _append(PAGE, "\n# Another title\n\nText.\n"),
           r"docs/sources\.md:10: WARNING: a second top-level \(#\) heading", warnings=1),
    Defect("literalinclude from outside the repository",
           _append(PAGE, f"\n```{{literalinclude}} {OUTSIDE}etc/hostname\n```\n"),
           r"docs/sources\.md:10: WARNING: \{literalinclude\} path '(\.\./)+etc/hostname' is outside the repository"),
    Defect("diagram from outside the repository", _append(PAGE, f"\n```{{mermaid}} {OUTSIDE}tmp/diagram.mmd\n```\n"),
           r"docs/sources\.md:10: WARNING: \{mermaid\} path '(\.\./)+tmp/diagram\.mmd' is outside the repository"),
    # Diagrams need a text alternative: accTitle and accDescr, and a caption on the page.
    Defect("diagram without accTitle", _replace(DIAGRAM, "  accTitle: Fixture request path\n", ""),
           r"diagrams/flow\.mmd:\d+: WARNING: .*add accTitle"),
    Defect("inline diagram without caption",
           _append(PAGE, "\n```mermaid\nflowchart LR\n  accTitle: Planted\n"
                         "  accDescr: A planted diagram.\n  a --> b\n```\n"),
           r"docs/sources\.md:\d+: WARNING: mermaid diagram without a text alternative: add :caption:"),
    # Worked examples: a manifest is checked against the CRD digest of its release.
    Defect("example manifest with an unknown field",
           _replace("examples/alpha/v1.2.0/one-model.yaml", "  replicas: 1\n", "  replicas: 1\n  replicaz: 2\n"),
           r"examples/alpha/v1\.2\.0/one-model\.yaml:8: WARNING: spec\.replicaz: unknown field", warnings=1),
    Defect("example kind its release does not have",
           _replace("examples/alpha/v1.2.0/one-model.yaml", "kind: Deployment", "kind: StatefulSet"),
           r"examples/alpha/v1\.2\.0/one-model\.yaml:\d+: WARNING: kind: .*StatefulSet"),
    Defect("example release that is neither the pin nor a recorded exception",
           lambda project: (project / "examples/alpha/v1.2.0").rename(project / "examples/alpha/v1.1.0"),
           r"WARNING: .*alpha.* v1\.1\.0"),
    Defect("example listed but not shown on its page",
           _replace("docs/examples/one-model.md", "```{example-manifest} alpha/v1.2.0/one-model.yaml\n```\n", ""),
           r"data/examples\.yaml:\d+: WARNING: examples/alpha/v1\.2\.0/one-model\.yaml is listed for task 'one-model'"),
    # Version compatibility data (data/compatibility.yaml).
    Defect("compatibility cell without source",
           _replace(COMPAT, "        source: https://github.com/example/alpha/blob/v1.2.0/README.md",
                    "        sauce: https://github.com/example/alpha/blob/v1.2.0/README.md"),
           r"data/compatibility\.yaml:\d+: WARNING: platforms\.0\.cells\.vllm(\.sauce)?: "
           r"(unknown field 'sauce'|missing required field: 'source')"),
    Defect("compatibility row for an unknown platform",
           _replace(COMPAT, "  - platform: beta\n", "  - platform: betaa\n"),
           r"data/compatibility\.yaml:\d+: WARNING: platforms\.1\.platform: unknown platform 'betaa'"),
    # Release tracker data (data/tracked.yaml, releases.yaml, deprecations.yaml).
    Defect("tracked project naming no matrix engine", _replace("data/tracked.yaml", "engine: beta", "engine: gamma"),
           r"data/tracked\.yaml:6: WARNING: projects\.1\.engine: no matrix engine 'gamma'", warnings=1),
    Defect("deprecation of an untracked project", _replace("data/deprecations.yaml", "project: alpha", "project: delta"),
           r"data/deprecations\.yaml:1: WARNING: 0\.project: unknown project 'delta'", warnings=1),
    Defect("registry answer without its date", _replace("data/releases.yaml", "date: 2026-06-01, ", ""),
           r"data/releases\.yaml:4: WARNING: answers\.beta\.pypi: missing required field: 'date'"),
    Defect("release tracker file missing", lambda project: (project / "data" / "releases.yaml").unlink(),
           r"data/releases\.yaml:1: WARNING: missing file: the release tracker needs it"),
]


@pytest.fixture(scope="session")
def defect_builds(tmp_path_factory):
    def run(defect: Defect):
        project = copy_fixture_site(tmp_path_factory.mktemp("defect"))
        try:
            defect.plant(project)
        except AssertionError as err:  # the fixture drifted: report it on that defect only
            return Build(-1, f"could not plant the defect: {err}", project)
        return sphinx_build(project, project / "_build" / "out", builder=defect.args[1], extra=list(defect.args[2:]))
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip([d.name for d in DEFECTS], pool.map(run, DEFECTS), strict=True))


@pytest.mark.slow
def test_fixture_site_builds_clean(tmp_path):
    project = copy_fixture_site(tmp_path / "site")
    build = sphinx_build(project, project / "_build" / "out", builder="dummy")
    assert build.returncode == 0 and "WARNING" not in build.output, build.output


@pytest.mark.slow
@pytest.mark.parametrize("defect", DEFECTS, ids=[d.name for d in DEFECTS])
def test_defect_fails_the_build_naming_file_and_line(defect, defect_builds):
    build = defect_builds[defect.name]
    assert build.returncode != 0, f"{defect.name}: the build passed\n{build.output}"
    assert re.search(defect.expect, build.output), f"{defect.name}: expected /{defect.expect}/ in\n{build.output}"
    if defect.warnings is not None:
        found = re.findall(r"WARNING: .*", build.output)
        assert len(found) == defect.warnings, f"{defect.name}: expected {defect.warnings} warning(s), got\n" + "\n".join(found)


def test_there_are_at_least_twelve_distinct_defects():
    assert len({d.name for d in DEFECTS}) >= 12
