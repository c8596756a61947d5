"""Worked examples: manifests checked against CRD schema digests (extensions/worked_examples).

The bad manifests live in tests/fixtures/bad-manifests/<platform>/<release>/,
outside the published examples/, one per failure class.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import worked_examples
import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
DIGESTS = ROOT / "data" / "crd-schemas"
FIXTURES = ROOT / "tests" / "fixtures" / "bad-manifests"


@pytest.fixture(scope="module")
def digests():
    return worked_examples.Digests(DIGESTS)


def _problems(digests, name):
    path = FIXTURES / "aibrix" / "v0.7.0" / name
    problems, _ = worked_examples.check_manifest(path, f"aibrix/v0.7.0/{name}", digests)
    return problems


# failure class -> (fixture, line, field path, message fragment)
FAILURES = {
    "unknown field": ("unknown-field.yaml", 9, "spec.targetMetrik", "unknown field 'targetMetrik'"),
    "wrong type": ("wrong-type.yaml", 8, "spec.maxReplicas", "'four' is not of type 'integer'"),
    "missing required field": ("missing-required.yaml", 6, "spec", "missing required field: 'scaleTargetRef'"),
    "unknown apiVersion/kind": ("unknown-kind.yaml", 3, "kind", "is not in the schema digests for aibrix v0.7.0"),
    "value outside an enum": ("bad-enum.yaml", 7, "spec.scalingStrategy", "is not one of ['HPA', 'KPA', 'APA']"),
    "wrong type in a later document": ("second-document.yaml", 25,
                                       "spec.template.spec.containers.0.ports.0.containerPort",
                                       "is not of type 'integer'"),
}


@pytest.mark.parametrize("failure", FAILURES, ids=list(FAILURES))
def test_each_failure_class_names_file_line_and_field(failure, digests):
    name, line, field, fragment = FAILURES[failure]
    problems = _problems(digests, name)
    assert len(problems) == 1, problems
    [problem] = problems
    assert problem.path.name == name
    assert (problem.line, problem.field) == (line, field)
    assert fragment in problem.message


def test_every_published_manifest_validates_against_its_pinned_digests(digests):
    problems, checked, validated = worked_examples.check_all(EXAMPLES, digests, {})
    assert not problems, [f"{p.location()}: {p.field}: {p.message}" for p in problems]
    files = sorted(p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.glob("*/*/*.yaml"))
    assert validated == len(files) >= 25
    for rel in files:
        docs = list(yaml.safe_load_all((EXAMPLES / rel).read_text()))
        # every document of every file was matched to a digest of its own release
        assert len(checked[rel]) == len(docs), rel


def test_unchanged_manifests_are_not_validated_again(tmp_path, digests):
    examples = tmp_path / "examples"
    (examples / "aibrix" / "v0.7.0").mkdir(parents=True)
    for name in ("one-model.yaml", "autoscaling.yaml"):
        (examples / "aibrix" / "v0.7.0" / name).write_text((EXAMPLES / "aibrix" / "v0.7.0" / name).read_text())
    cache: dict = {}
    assert worked_examples.check_all(examples, digests, cache)[2] == 2
    assert worked_examples.check_all(examples, digests, cache)[2] == 0
    edited = examples / "aibrix" / "v0.7.0" / "autoscaling.yaml"
    edited.write_text(edited.read_text().replace("maxReplicas: 8", "maxReplicas: 9"))
    assert worked_examples.check_all(examples, digests, cache)[2] == 1
    # A failing manifest is not cached: it is reported on every build.
    edited.write_text(edited.read_text().replace("maxReplicas: 9", "maxReplicas: nine"))
    for _ in range(2):
        problems, _, validated = worked_examples.check_all(examples, digests, cache)
        assert validated == 1 and len(problems) == 1


def test_digests_load_once_per_process(digests, monkeypatch):
    path = DIGESTS / "aibrix" / "v0.7.0" / "podautoscaler.json"
    worked_examples._digest(path)
    reads = []
    real = json.loads
    monkeypatch.setattr(worked_examples.json, "loads", lambda text: reads.append(1) or real(text))
    worked_examples._digest(path)
    assert not reads
    os.utime(path)  # a regenerated digest is read again
    worked_examples._digest(path)
    assert reads == [1]


def test_each_example_release_is_the_platform_pin_or_a_recorded_exception():
    data = yaml.safe_load((ROOT / "data" / "examples.yaml").read_text())
    folders = sorted(p for p in EXAMPLES.glob("*/*") if p.is_dir())
    assert {f.parent.name for f in folders} == set(data["platforms"])
    for folder in folders:
        platform, release = folder.parent.name, folder.name
        engine = yaml.safe_load((ROOT / "data" / "engines" / f"{platform}.yaml").read_text())
        pinned = engine["cells"]["latest_release"]["value"]
        exception = data["pins"].get(platform)
        if exception:
            assert release == exception["release"] != pinned, platform
            assert exception["reason"] and exception["source"].startswith("https://"), platform
        else:
            assert release == pinned, f"examples/{platform}/{release}: the platform is pinned to {pinned}"


def test_every_task_has_a_cell_for_every_platform_and_five_tasks_exist():
    data = yaml.safe_load((ROOT / "data" / "examples.yaml").read_text())
    assert len(data["tasks"]) >= 5
    for task in data["tasks"]:
        assert set(task["cells"]) == set(data["platforms"]), task["id"]


def test_stored_digests_are_json_schemas_with_a_pinned_source_and_licence():
    files = sorted(DIGESTS.glob("*/*/*.json"))
    assert len(files) >= 12
    for path in files:
        digest = json.loads(path.read_text())
        assert digest["source"].startswith("https://github.com/") and f"/blob/{digest['release']}/" in digest["source"]
        assert digest["licence"] and digest["licence_url"].endswith("/LICENSE")
        for schema in digest["versions"].values():
            Draft202012Validator.check_schema(schema)
            assert schema["additionalProperties"] is False  # unknown top-level fields are caught


def _check_data(tmp_path, examples_yaml: str, folders=("aibrix/v0.7.0",)):
    examples = tmp_path / "examples"
    for folder in folders:
        (examples / folder).mkdir(parents=True)
        (examples / folder / "one-model.yaml").write_text("{}\n")
    path = tmp_path / "examples.yaml"
    path.write_text(examples_yaml)
    doc = worked_examples.sitedata.parse_yaml(path)
    assert not worked_examples.sitedata.validate(doc, worked_examples.EXAMPLES_SCHEMA)
    engines = {"aibrix": {"cells": {"latest_release": {"value": "v0.8.0"}}},
               "kserve": {"cells": {"latest_release": {"value": "v0.21.0"}}}}
    return worked_examples.check_data(doc, doc.data, engines, examples)


PIN = ("pins:\n  aibrix:\n    release: v0.7.0\n    reason: the v0.8.0 CRDs could not be read here\n"
       "    source: https://github.com/vllm-project/aibrix/tree/v0.7.0/config/crd\n")
TASK = ("tasks:\n  - id: one-model\n    title: One\n    page: examples/one-model\n    cells:\n"
        "      aibrix: {manifests: [aibrix/v0.7.0/one-model.yaml]}\n")


def test_data_with_a_recorded_exception_is_clean(tmp_path):
    problems, releases = _check_data(tmp_path, "platforms: [aibrix]\n" + PIN + TASK)
    assert not problems and releases == {"aibrix": "v0.7.0"}


def test_example_release_without_an_exception_is_reported(tmp_path):
    problems, _ = _check_data(tmp_path, "platforms: [aibrix]\npins: {}\n" + TASK)
    assert [p.message for p in problems] == [
        "examples for aibrix are at v0.7.0, but the platform is pinned to v0.8.0 (data/engines/aibrix.yaml) "
        "and data/examples.yaml records no exception"]


def test_an_exception_equal_to_the_pin_and_a_missing_file_are_reported_at_their_lines(tmp_path):
    text = ("platforms: [aibrix]\n" + PIN.replace("release: v0.7.0", "release: v0.8.0")
            + TASK.replace("one-model.yaml]", "nothing.yaml]"))
    problems, _ = _check_data(tmp_path, text, folders=("aibrix/v0.8.0",))
    found = {(p.line, p.field, p.message) for p in problems}
    assert (4, "pins.aibrix.release", "equals the pinned release: remove the exception") in found
    assert (12, "tasks.0.cells.aibrix.manifests.0", "no such file: examples/aibrix/v0.7.0/nothing.yaml") in found


CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.io}
spec:
  group: example.io
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: v1alpha1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          description: A widget.
          properties:
            spec:
              type: object
              description: What the widget should be.
              required: [size, mode]
              x-kubernetes-validations: [{rule: "self.size > 0"}]
              properties:
                size: {type: integer, minimum: 1, default: 1, description: How big.}
                mode: {type: string, enum: [fast, slow]}
                port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}
                note: {type: string, nullable: true}
                extra: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {a: {type: string}}}
    - name: v1alpha0
      served: false
      storage: false
      schema: {openAPIV3Schema: {type: object}}
"""


def test_crd_digest_keeps_paths_types_required_and_enums_only(tmp_path):
    """tools/crd_digest.py, read from a local git mirror at a tag (no network)."""
    import subprocess

    from tools import crd_digest

    work, mirror = tmp_path / "work", tmp_path / "mirror" / "o+r" / "repo"
    work.mkdir()
    (work / "crd.yaml").write_text(CRD)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"]
    for args in (["init", "-q"], ["add", "crd.yaml"], ["commit", "-qm", "crd"], ["tag", "v1.0.0"]):
        subprocess.run([*git, *args], cwd=work, check=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(mirror)], check=True)

    entry = {"repo": "o/r", "tag": "v1.0.0", "licence": "Apache-2.0", "crds": ["crd.yaml"]}
    [(name, digest)] = crd_digest.crd_digests(entry, tmp_path / "mirror").items()
    assert name == "widget"
    assert (digest["group"], digest["kind"], digest["release"]) == ("example.io", "Widget", "v1.0.0")
    assert digest["source"] == "https://github.com/o/r/blob/v1.0.0/crd.yaml"
    assert digest["licence_url"] == "https://github.com/o/r/blob/v1.0.0/LICENSE"
    assert list(digest["versions"]) == ["v1alpha1"]  # versions no longer served are left out
    schema = digest["versions"]["v1alpha1"]
    text = json.dumps(schema)
    for dropped in ("description", "default", "minimum", "x-kubernetes"):
        assert dropped not in text, dropped
    spec = schema["properties"]["spec"]
    assert spec["required"] == ["mode", "size"] and spec["additionalProperties"] is False
    assert spec["properties"]["mode"] == {"type": "string", "enum": ["fast", "slow"]}
    assert spec["properties"]["port"] == {"type": ["integer", "string"]}
    assert spec["properties"]["note"] == {"type": ["string", "null"]}
    assert "additionalProperties" not in spec["properties"]["extra"]  # preserve-unknown-fields
    assert schema["properties"]["apiVersion"] == {"const": "example.io/v1alpha1"}
    assert schema["properties"]["kind"] == {"const": "Widget"}
    assert {"apiVersion", "kind", "metadata"} <= set(schema["required"])
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema).iter_errors(
        {"apiVersion": "example.io/v1alpha1", "kind": "Widget", "metadata": {"name": "w"},
         "spec": {"size": "big", "mode": "medium", "colour": "red"}}))
    assert len(errors) == 3  # wrong type, value outside the enum, unknown field
