"""Unit tests of the loader rules added for issue 22: duplicate keys, encodings,
pinned sources, as_of matching the source, future dates, cross-file checks."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

import glossary_terms
import matrix_data
import sitedata

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
TODAY = datetime.date(2026, 12, 6)


# --- duplicate keys -------------------------------------------------------------

def test_duplicate_key_names_file_line_and_key(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nb:\n  c: 2\n  c: 3\n")
    with pytest.raises(sitedata.DataError) as err:
        sitedata.parse_yaml(path)
    [problem] = err.value.problems
    assert (problem.path, problem.line, problem.field) == (path, 4, "b.c")
    assert "duplicate key 'c' (first at line 3)" in problem.message


def test_every_duplicate_key_is_reported_and_lines_count_from_the_file(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("---\nid: t\nid: u\nshort: a\nshort: b\n---\nBody.\n")
    with pytest.raises(sitedata.DataError) as err:
        sitedata.parse_front_matter(path)
    assert [(p.line, p.field) for p in err.value.problems] == [(3, "id"), (5, "short")]


def test_duplicate_keys_in_a_list_of_mappings(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("- {id: a, id: b}\n")
    with pytest.raises(sitedata.DataError) as err:
        sitedata.parse_yaml(path)
    assert err.value.problem.field == "0.id"


def test_equal_keys_in_different_mappings_are_fine(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: {value: 1}\nb: {value: 2}\n")
    assert sitedata.parse_yaml(path).data == {"a": {"value": 1}, "b": {"value": 2}}


# --- encodings ------------------------------------------------------------------

def test_bom_is_named_as_such(tmp_path):
    path = tmp_path / "t.md"
    path.write_bytes(b"\xef\xbb\xbf---\nid: t\n---\n")
    with pytest.raises(sitedata.DataError) as err:
        sitedata.parse_front_matter(path)
    assert err.value.problem.line == 1 and "byte order mark" in err.value.problem.message


def test_non_utf8_byte_names_line_and_column(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(sitedata.DataError) as err:
        sitedata.parse_yaml(path)
    assert err.value.problem.line == 2 and "byte 0xe9 at column 7" in err.value.problem.message


# --- pins -------------------------------------------------------------------------

@pytest.mark.parametrize("ref", ["v1.2.3", "1.2.3", "vllm-stack-0.1.12", "v0.1.0-alpha.11", "v1.0.0rc1",
                                 "knative-v1.23.0", "v0.3.12.post1", "v2.30.7-1", "2025-11-25",
                                 "0123456789abcdef0123456789abcdef01234567"])
def test_tags_and_full_commits_are_pinned(ref):
    assert sitedata.pin_problem(f"https://github.com/o/r/blob/{ref}/README.md") is None


@pytest.mark.parametrize("ref", ["main", "master", "release-1.0", "release-1.2.3", "dev", "gh-pages", "0123456",
                                 "feature"])
@pytest.mark.parametrize("kind", ["blob", "tree", "raw"])
def test_branches_and_short_hashes_are_not(ref, kind):
    why = sitedata.pin_problem(f"https://github.com/o/r/{kind}/{ref}/docs")
    assert why is not None and f"cites {ref!r}" in why


def test_raw_githubusercontent_urls_are_checked_too():
    assert sitedata.pin_problem("https://raw.githubusercontent.com/o/r/main/x.md") is not None
    assert sitedata.pin_problem("https://raw.githubusercontent.com/o/r/v1.0.0/x.md") is None


# --- as_of against the source ------------------------------------------------------

@pytest.mark.parametrize("source, as_of", [
    ("https://github.com/o/r/blob/v1.2.0/README.md", "v1.2.0"),
    ("https://github.com/o/r/blob/1.2.0/README.md", "v1.2.0"),
    ("https://github.com/o/r/blob/vllm-stack-0.1.12/README.md", "vllm-stack-0.1.12"),
    ("https://github.com/o/r/releases/tag/v1.6.1", "v1.6.1"),
    ("https://github.com/o/r/blob/0123456789abcdef0123456789abcdef01234567/x.go", "v9.9.9"),
    ("https://github.com/other/project/blob/v3.0.0/README.md", "v1.2.0"),  # another repository's tag
    ("https://docs.nvidia.com/dynamo/archive/1.6.1/index.html", "v1.6.1"),
    ("https://docs.example.org/v1.6.1/guide", "1.6.1"),
])
def test_sources_that_match_their_release(source, as_of):
    assert sitedata.source_problems(source, as_of, repo="o/r") == []


@pytest.mark.parametrize("source, as_of, says", [
    ("https://github.com/o/r/blob/v1.1.0/README.md", "v1.2.0", "differs from the tag 'v1.1.0'"),
    ("https://docs.nvidia.com/dynamo/v1.5.0/guide", "v1.6.1", "does not name release 1.6.1"),
    ("https://docs.nvidia.com/dynamo/components/planner", "v1.6.1", "does not name release 1.6.1"),
    ("https://github.com/o/r/blob/dev/README.md", "v1.2.0", "cites 'dev'"),
])
def test_sources_that_do_not(source, as_of, says):
    [why] = sitedata.source_problems(source, as_of, repo="o/r")
    assert says in why


@pytest.mark.parametrize("as_of", ["latest", "main", "stable", "some release", "v1", "release-1.2.3"])
def test_as_of_must_name_a_release(as_of):
    import re
    assert not re.match(sitedata.RELEASE, as_of)


# --- future dates -------------------------------------------------------------------

def test_future_dates_are_refused_and_today_is_fine():
    assert sitedata.future_date_problem("2026-12-07", TODAY) == "2026-12-07 is in the future (today is 2026-12-06)"
    assert sitedata.future_date_problem("2026-12-06", TODAY) is None
    assert sitedata.future_date_problem("not a date", TODAY) is None  # the schema reports that


# --- the loaders on the fixture site ------------------------------------------------

@pytest.fixture
def site(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "site"))


def _problems(site: Path) -> list[str]:
    matrix = matrix_data.load(site / "data", site / "docs", today=TODAY)
    reg = glossary_terms.load(site / "glossary", site / "data", matrix.pages, site / "docs")
    return [f"{p.path.relative_to(site)}:{p.line}: {p}" for p in [*matrix.problems, *reg.problems]]


def test_fixture_site_loads_without_problems(site):
    assert _problems(site) == []


def test_future_checked_date_in_an_engine(site):
    path = site / "data/engines/alpha.yaml"
    path.write_text(path.read_text().replace("checked: 2026-11-26", "checked: 2026-12-24"))
    assert _problems(site) == ["data/engines/alpha.yaml:6: checked: 2026-12-24 is in the future (today is 2026-12-06)"]


def test_one_unreadable_engine_file_is_one_problem(site):
    path = site / "data/engines/alpha.yaml"
    path.write_text(path.read_text() + "name: Again\n")
    # The glossary still knows 'alpha' (kv-cache.md names it): no second message.
    assert _problems(site) == [("data/engines/alpha.yaml:29: name: duplicate key 'name' (first at line 2): "
                                "the second value would silently replace the first")]


def test_a_dropped_term_is_not_reported_again_by_related_terms(site):
    path = site / "glossary/decode.md"
    path.write_text(path.read_text().replace("tags: [serving]", "tags: [no-such-tag]"))
    # prefill.md relates to decode: the dropped term is still a known id.
    assert _problems(site) == ["glossary/decode.md:6: tags.0: 'no-such-tag' is not one of ['kubernetes', 'serving']"]
