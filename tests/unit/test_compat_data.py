"""The version compatibility data: the real file is complete, and each kind of
bad input is reported at its file, line and field."""

from __future__ import annotations

from pathlib import Path

import citations
import pytest

import compat
import matrix_data

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "compatibility.yaml"


@pytest.fixture(scope="module")
def engine_ids() -> set[str]:
    return set(matrix_data.load(ROOT / "data").engines)


def _load_with(tmp_path, engine_ids, old: str, new: str):
    text = DATA.read_text(encoding="utf-8")
    assert old in text, f"fixture drifted: {old!r}"
    path = tmp_path / "compatibility.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return compat.load(path, engine_ids), line


def test_real_data_covers_every_platform_and_column(engine_ids):
    data, problems = compat.load(DATA, engine_ids)
    assert not problems, [f"{p.location()}: {p}" for p in problems]
    assert {r["platform"] for r in data["platforms"]} == engine_ids
    columns = {c["id"] for c in data["columns"]}
    assert {"vllm", "sglang", "trtllm", "gie", "lws", "gateway_api", "kubernetes", "accelerators"} <= columns
    for row in data["platforms"]:
        assert set(row["cells"]) == columns, row["platform"]


def test_cell_without_source_is_reported_at_its_line(tmp_path, engine_ids):
    old = "        source: https://github.com/llm-d/llm-d/blob/v0.9.0/docker/common-versions"
    (data, problems), line = _load_with(tmp_path, engine_ids, old, old.replace("source:", "sauce:"))
    assert data is None and problems
    assert any(p.line == line and "sauce" in p.field + str(p) for p in problems), [str(p) for p in problems]


def test_unpinned_source_is_reported(tmp_path, engine_ids):
    old = "https://github.com/llm-d/llm-d/blob/v0.9.0/docker/common-versions"
    (_data, problems), line = _load_with(tmp_path, engine_ids, old, "https://github.com/llm-d/llm-d/blob/main/x")
    [problem] = problems
    assert problem.line == line and problem.field.endswith("vllm.source") and "not pinned" in str(problem)


def test_unknown_platform_and_missing_row_are_reported(tmp_path, engine_ids):
    (_data, problems), line = _load_with(tmp_path, engine_ids, "  - platform: kthena\n", "  - platform: kthenaa\n")
    messages = {(p.line, p.field, str(p)) for p in problems}
    assert any(ln == line and "unknown platform 'kthenaa'" in m for ln, _f, m in messages), messages
    assert any("no row for platform 'kthena'" in m for _ln, _f, m in messages), messages


def test_missing_column_is_reported_at_the_row(tmp_path, engine_ids):
    # The whole cell (key, value, detail, source), so no other cell absorbs its fields.
    old = ("      kubernetes:\n        value: \"1.20\"\n        detail: Installation guide; gang and topology "
           "placement also need Volcano 1.14 or later.\n        source: https://github.com/volcano-sh/kthena/blob/"
           "v1.0.0/docs/kthena/docs/getting-started/installation.md\n")
    (_data, problems), _line = _load_with(tmp_path, engine_ids, old, "")
    assert any("missing column 'kubernetes'" in str(p) and p.path.name == "compatibility.yaml"
               and p.line > 1 for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize(("url", "label"), [
    ("https://github.com/llm-d/llm-d/blob/v0.9.0/guides/env.sh", "env.sh @ v0.9.0"),
    ("https://github.com/o/r/tree/0123456789abcdef0123456789abcdef01234567/helm", "helm @ 0123456"),
    ("https://pypi.org/project/ai-dynamo/1.6.1/", "PyPI ai-dynamo 1.6.1"),
    ("https://docs.nvidia.com/dynamo/v1.6.1/kubernetes/installation/multinode-orchestration",
     "Dynamo docs v1.6.1: multinode-orchestration"),
])
def test_source_link_text_names_file_and_release(url, label):
    assert citations.short_label(url) == label


@pytest.mark.parametrize(("url", "label"), [
    ("https://github.com/llm-d/llm-d/blob/v0.9.0/guides/env.sh", "llm-d/llm-d guides/env.sh @ v0.9.0"),
    # A long path keeps its version and last segments, and drops whole segments only.
    ("https://docs.nvidia.com/dynamo/v1.2.0/kubernetes-deployment/deploy-models/managing-models-with-dynamo-model",
     "docs.nvidia.com/dynamo/v1.2.0/…/deploy-models/managing-models-with-dynamo-model"),
    ("https://docs.nvidia.com/dynamo/zh-CN/v1.3.0/kubernetes-deployment/operate/autoscaling",
     "docs.nvidia.com/dynamo/zh-CN/v1.3.0/kubernetes-deployment/operate/autoscaling"),
    ("https://example.org/" + "a" * 30 + "/" + "b" * 30 + "/" + "c" * 30, "example.org/…/" + "c" * 30),
])
def test_citation_label_keeps_the_release_of_a_long_url(url, label):
    assert citations.label(url) == label
