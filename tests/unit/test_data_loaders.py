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


def test_activity_is_measured_from_the_newest_checked_date_not_the_clock():
    from datetime import date
    matrix = matrix_data.load(ROOT / "data")
    newest = max(e["checked"] for e in matrix.engines.values())
    assert matrix_data.as_of(matrix) == date.fromisoformat(newest)
    engine = {"cells": {"latest_release": {"value": "v1", "date": "2026-03-06"}}}
    today = date(2026, 12, 6)
    assert not matrix_data.activity(engine, today).stale          # exactly nine months
    engine["cells"]["latest_release"]["date"] = "2026-03-05"
    act = matrix_data.activity(engine, today)
    assert act.stale and not act.recent and "more than 9 months" in act.sentence()
    engine["cells"]["latest_release"]["date"] = "2026-09-07"     # 90 days
    assert matrix_data.activity(engine, today).recent
    assert matrix_data.months_before(date(2026, 11, 30), 9) == date(2026, 2, 28)


def test_decision_guide_criteria_read_the_required_part_and_the_release_date():
    from datetime import date

    import matrix as matrix_ext
    today = date(2026, 12, 6)
    own = {"value": "Own router; optional Gateway API", "detail": "x"}
    envoy = {"value": "Envoy Gateway + own router", "detail": "x"}
    crit = {"dimension": "gateway", "requires_none_of": ["Envoy", "Gateway API"]}
    assert matrix_ext.criterion_holds(crit, own, today)
    assert not matrix_ext.criterion_holds(crit, envoy, today)
    crit = {"dimension": "latest_release", "released_within_days": 183}
    assert matrix_ext.criterion_holds(crit, {"value": "v1", "detail": "x", "date": "2026-06-06"}, today)
    assert not matrix_ext.criterion_holds(crit, {"value": "v1", "detail": "x", "date": "2026-06-05"}, today)


def test_value_mentions_names_whole_words_and_accepts_alternatives():
    from datetime import date

    import matrix as matrix_ext
    today = date(2026, 12, 6)
    crit = {"dimension": "maturity", "value_mentions": ["v1beta1", "v1"]}
    for value in ("v1beta1 core, v1alpha1 new APIs", "Serve LLM APIs stable; KubeRay CRDs ray.io/v1", "v1 Model API"):
        assert matrix_ext.criterion_holds(crit, {"value": value, "detail": "x"}, today), value
    # "v1" inside "v1alpha1" or "v1alpha2" is not the word "v1".
    for value in ("v1alpha1 APIs, release every ~3-4 months", "v0.x; v1alpha2 APIs"):
        assert not matrix_ext.criterion_holds(crit, {"value": value, "detail": "x"}, today), value
    single = {"dimension": "accelerators", "value_mentions": "AMD"}
    assert matrix_ext.criterion_holds(single, {"value": "NVIDIA, AMD, CPU", "detail": "x"}, today)
    assert not matrix_ext.criterion_holds(single, {"value": "NVIDIA", "detail": "AMD later"}, today)
