"""Unit tests of the data loaders: schema errors point at file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

import glossary_terms
import matrix_data
import sitedata

ROOT = Path(__file__).resolve().parents[2]


def test_yaml_yes_and_no_stay_strings_and_dates_stay_text(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: yes\nb: no\nc: 2026-01-02\nd: true\n")
    assert sitedata.parse_yaml(path).data == {"a": "yes", "b": "no", "c": "2026-01-02", "d": True}


def test_schema_problem_points_at_the_line_of_the_field(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("name: ok\nitems:\n  - 1\n  - two\n")
    doc = sitedata.parse_yaml(path)
    schema = {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "integer"}}}}
    [problem] = sitedata.validate(doc, schema)
    assert (problem.line, problem.field) == (4, "items.1")


def test_malformed_yaml_names_the_line(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nb: [unclosed\nc: 3\n")
    with pytest.raises(sitedata.DataError) as err:
        sitedata.parse_yaml(path)
    assert err.value.problem.line >= 2 and "malformed YAML" in err.value.problem.message


def test_front_matter_lines_are_file_lines(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("---\nid: t\nterm: T\n---\nBody line.\n")
    doc, body, body_line = sitedata.parse_front_matter(path)
    assert doc.line_of(["term"]) == 3 and body == "Body line.\n" and body_line == 5


def test_real_glossary_and_matrix_load_without_problems():
    matrix = matrix_data.load(ROOT / "data", ROOT / "docs")
    assert not matrix.problems, [f"{p.location()}: {p}" for p in matrix.problems]
    reg = glossary_terms.load(ROOT / "glossary", ROOT / "data", matrix.pages, ROOT / "docs")
    assert not reg.problems, [f"{p.location()}: {p}" for p in reg.problems]
    assert len(reg.terms) >= 150


def test_glossary_aliases_resolve_case_insensitively():
    matrix = matrix_data.load(ROOT / "data")
    reg = glossary_terms.load(ROOT / "glossary", ROOT / "data", matrix.pages)
    assert reg.by_name("lws").id == "leaderworkerset"
    assert reg.by_name("pd").id == "pd-disaggregation"


def test_decision_guide_rule_selects_only_matching_engines():
    matrix = matrix_data.load(ROOT / "data")
    scenario = {"criteria": [{"dimension": "pd_disaggregation", "values": ["yes"]}]}
    import matrix as matrix_ext
    chosen = {e["id"] for e in matrix.ordered() if matrix_ext.scenario_fits(matrix, scenario, e) is not None}
    expected = {e["id"] for e in matrix.ordered() if e["cells"]["pd_disaggregation"]["value"] == "yes"}
    assert chosen == expected and chosen
