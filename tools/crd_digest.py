"""Regenerate the CRD schema digests in data/crd-schemas/ (may need the network).

Reads data/crd-schemas/sources.yaml. For each entry it reads the listed CRD
files of one upstream repository at one tag, keeps of each served version's
openAPIV3Schema only what validation needs (field paths, types, required
fields, enums), and writes data/crd-schemas/<dir>/<kind>.json with the tag,
the source URL and the licence beside the schema.

The digest is already a JSON Schema (draft 2020-12), so the build validates
with jsonschema and nothing else:

* an object with listed properties rejects unknown fields
  (``additionalProperties: false``), unless the CRD marks it
  ``x-kubernetes-preserve-unknown-fields``;
* ``x-kubernetes-int-or-string`` becomes ``type: [integer, string]``;
* ``metadata`` at the top becomes a small ObjectMeta schema, and
  ``apiVersion``/``kind`` are fixed to the CRD's group, version and kind.

Usage:
    .venv/bin/python tools/crd_digest.py [--mirror DIR] [--only DIR]

``--mirror DIR`` reads ``DIR/<owner>+<name>/repo`` bare git repositories
(``git show <tag>:<path>``) instead of raw.githubusercontent.com.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DIGESTS = ROOT / "data" / "crd-schemas"

# What a digest keeps of a CRD schema node; everything else (description,
# default, format, x-kubernetes-validations, list-map keys...) is dropped.
_KEEP = ("type", "enum", "required", "nullable")

OBJECT_META = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string"},
        "generateName": {"type": "string"},
        "namespace": {"type": "string"},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "annotations": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}

# metav1.LabelSelector, as the core kinds' digests use it.
LABEL_SELECTOR = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "matchLabels": {"type": "object", "additionalProperties": {"type": "string"}},
        "matchExpressions": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["key", "operator"],
            "properties": {"key": {"type": "string"}, "operator": {"type": "string"},
                           "values": {"type": "array", "items": {"type": "string"}}}}},
    },
}


def digest_node(node: dict) -> dict:
    """A CRD structural-schema node -> the JSON Schema the build validates with."""
    out: dict = {k: node[k] for k in _KEEP if k in node}
    if node.get("x-kubernetes-int-or-string"):
        out["type"] = ["integer", "string"]
    if "properties" in node:
        out["properties"] = {k: digest_node(v) for k, v in sorted(node["properties"].items())}
    if "items" in node:
        out["items"] = digest_node(node["items"])
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        out["additionalProperties"] = digest_node(extra)
    elif extra is not None:
        out["additionalProperties"] = extra
    elif out.get("type") == "object" and "properties" in out and not node.get("x-kubernetes-preserve-unknown-fields"):
        out["additionalProperties"] = False
    for key in ("anyOf", "oneOf", "allOf"):
        # Structural schemas use these only for required-field alternatives and
        # int-or-string (already handled above).
        if key in node and not node.get("x-kubernetes-int-or-string"):
            out[key] = [digest_node(n) for n in node[key]]
    if out.pop("nullable", False) and "type" in out:
        types = out["type"] if isinstance(out["type"], list) else [out["type"]]
        out["type"] = [*types, "null"]
    if "required" in out:
        out["required"] = sorted(out["required"])
    return out


def top_level(schema: dict, group: str, version: str, kind: str) -> dict:
    schema = digest_node(schema)
    props = schema.setdefault("properties", {})
    api_version = f"{group}/{version}" if group else version
    props["apiVersion"] = {"const": api_version}
    props["kind"] = {"const": kind}
    props["metadata"] = OBJECT_META
    schema["required"] = sorted({*schema.get("required", ()), "apiVersion", "kind", "metadata"})
    schema["additionalProperties"] = False
    return schema


def read_upstream(repo: str, tag: str, path: str, mirror: Path | None) -> str:
    if mirror is not None:
        git_dir = mirror / repo.replace("/", "+") / "repo"
        return subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{tag}:{path}"],
                              check=True, capture_output=True, text=True).stdout
    url = f"https://raw.githubusercontent.com/{repo}/{tag}/{path}"
    with urllib.request.urlopen(url, timeout=60) as response:  # a fixed https host
        return response.read().decode("utf-8")


def write(path: Path, digest: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # indent=1, sorted: stable output, and a pin move shows as a readable diff.
    path.write_text(json.dumps(digest, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def crd_digests(entry: dict, mirror: Path | None) -> dict[str, dict]:
    out = {}
    for crd_path in entry["crds"]:
        text = read_upstream(entry["repo"], entry["tag"], crd_path, mirror)
        for crd in yaml.safe_load_all(text):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            spec = crd["spec"]
            kind, group = spec["names"]["kind"], spec["group"]
            versions = {
                v["name"]: top_level(v["schema"]["openAPIV3Schema"], group, v["name"], kind)
                for v in spec["versions"] if v.get("served", True)
            }
            out[kind.lower()] = {
                "group": group,
                "kind": kind,
                "versions": versions,
                "source": f"https://github.com/{entry['repo']}/blob/{entry['tag']}/{crd_path}",
                "release": entry["tag"],
                "licence": entry["licence"],
                "licence_url": f"https://github.com/{entry['repo']}/blob/{entry['tag']}/LICENSE",
            }
    return out


def core_digests(entry: dict) -> dict[str, dict]:
    out = {}
    for core in entry["core"]:
        if core["kind"] == "Service":
            out["service"] = _service(entry, core)
            continue
        if core["kind"] == "HorizontalPodAutoscaler":
            out["horizontalpodautoscaler"] = _horizontal_pod_autoscaler(entry, core)
            continue
        if core["kind"] != "Deployment":
            raise SystemExit(f"no recipe for core kind {core['kind']}")
        lws = json.loads((DIGESTS / core["pod_template_from"] / "leaderworkerset.json").read_text())
        lws_schema = next(iter(lws["versions"].values()))
        lws_spec = lws_schema["properties"]["spec"]["properties"]
        template = lws_spec["leaderWorkerTemplate"]["properties"]["workerTemplate"]
        int_or_string = {"type": ["integer", "string"]}
        spec = {
            "type": "object", "additionalProperties": False, "required": ["selector", "template"],
            "properties": {
                "replicas": {"type": "integer"},
                "selector": LABEL_SELECTOR,
                "template": template,
                "strategy": {"type": "object", "additionalProperties": False, "properties": {
                    "type": {"type": "string", "enum": ["Recreate", "RollingUpdate"]},
                    "rollingUpdate": {"type": "object", "additionalProperties": False, "properties": {
                        "maxUnavailable": int_or_string, "maxSurge": int_or_string}},
                }},
                "minReadySeconds": {"type": "integer"},
                "revisionHistoryLimit": {"type": "integer"},
                "paused": {"type": "boolean"},
                "progressDeadlineSeconds": {"type": "integer"},
            },
        }
        schema = top_level({"type": "object", "properties": {"spec": spec}},
                           core["group"], core["version"], core["kind"])
        schema["properties"]["spec"] = spec
        base = f"https://github.com/{entry['repo']}/blob/{entry['tag']}"
        out[core["kind"].lower()] = {
            "group": core["group"],
            "kind": core["kind"],
            "versions": {core["version"]: schema},
            "source": f"{base}/{core['types']}",
            "pod_template_source": lws["source"],
            "release": entry["tag"],
            "licence": entry["licence"],
            "licence_url": f"{base}/LICENSE",
        }
    return out


def _core_digest(entry: dict, core: dict, spec: dict) -> dict:
    """The digest of a core Kubernetes kind whose spec schema was listed by hand from types.go."""
    schema = top_level({"type": "object", "properties": {}}, core["group"], core["version"], core["kind"])
    schema["properties"]["spec"] = spec
    base = f"https://github.com/{entry['repo']}/blob/{entry['tag']}"
    return {"group": core["group"], "kind": core["kind"], "versions": {core["version"]: schema},
            "source": f"{base}/{core['types']}", "release": entry["tag"], "licence": entry["licence"],
            "licence_url": f"{base}/LICENSE"}


def _service(entry: dict, core: dict) -> dict:
    """core/v1 Service: the ServiceSpec fields a model Service uses (hand-listed from types.go)."""
    int_or_string = {"type": ["integer", "string"]}
    port = {"type": "object", "additionalProperties": False, "required": ["port"], "properties": {
        "name": {"type": "string"}, "port": {"type": "integer"}, "targetPort": int_or_string,
        "protocol": {"type": "string", "enum": ["TCP", "UDP", "SCTP"]}, "appProtocol": {"type": "string"},
        "nodePort": {"type": "integer"}}}
    spec = {"type": "object", "additionalProperties": False, "properties": {
        "selector": {"type": "object", "additionalProperties": {"type": "string"}},
        "ports": {"type": "array", "items": port},
        "type": {"type": "string", "enum": ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]},
        "clusterIP": {"type": "string"},
        "sessionAffinity": {"type": "string", "enum": ["ClientIP", "None"]},
        "publishNotReadyAddresses": {"type": "boolean"},
    }}
    return _core_digest(entry, core, spec)


def _horizontal_pod_autoscaler(entry: dict, core: dict) -> dict:
    """autoscaling/v2 HorizontalPodAutoscaler: every HorizontalPodAutoscalerSpec field (hand-listed from types.go).

    Enums are the MetricSourceType, MetricTargetType, HPAScalingPolicyType and
    ScalingPolicySelect constants; a resource.Quantity is a number or a string.
    """
    quantity = {"type": ["number", "string"]}
    ref = {"type": "object", "additionalProperties": False, "required": ["kind", "name"], "properties": {
        "apiVersion": {"type": "string"}, "kind": {"type": "string"}, "name": {"type": "string"}}}
    identifier = {"type": "object", "additionalProperties": False, "required": ["name"], "properties": {
        "name": {"type": "string"}, "selector": LABEL_SELECTOR}}
    target = {"type": "object", "additionalProperties": False, "required": ["type"], "properties": {
        "type": {"type": "string", "enum": ["Utilization", "Value", "AverageValue"]},
        "value": quantity, "averageValue": quantity, "averageUtilization": {"type": "integer"}}}

    def source(required: list[str], **props: dict) -> dict:
        return {"type": "object", "additionalProperties": False, "required": required, "properties": props}

    metric = {"type": "object", "additionalProperties": False, "required": ["type"], "properties": {
        "type": {"type": "string", "enum": ["Object", "Pods", "Resource", "ContainerResource", "External"]},
        "object": source(["describedObject", "metric", "target"],
                         describedObject=ref, metric=identifier, target=target),
        "pods": source(["metric", "target"], metric=identifier, target=target),
        "resource": source(["name", "target"], name={"type": "string"}, target=target),
        "containerResource": source(["container", "name", "target"], name={"type": "string"},
                                    container={"type": "string"}, target=target),
        "external": source(["metric", "target"], metric=identifier, target=target),
    }}
    policy = {"type": "object", "additionalProperties": False, "required": ["periodSeconds", "type", "value"],
              "properties": {"type": {"type": "string", "enum": ["Pods", "Percent"]},
                             "value": {"type": "integer"}, "periodSeconds": {"type": "integer"}}}
    rules = {"type": "object", "additionalProperties": False, "properties": {
        "stabilizationWindowSeconds": {"type": "integer"},
        "selectPolicy": {"type": "string", "enum": ["Max", "Min", "Disabled"]},
        "policies": {"type": "array", "items": policy},
        "tolerance": quantity}}
    spec = {"type": "object", "additionalProperties": False, "required": ["maxReplicas", "scaleTargetRef"],
            "properties": {
                "scaleTargetRef": ref,
                "minReplicas": {"type": "integer"},
                "maxReplicas": {"type": "integer"},
                "metrics": {"type": "array", "items": metric},
                "behavior": {"type": "object", "additionalProperties": False,
                             "properties": {"scaleUp": rules, "scaleDown": rules}},
            }}
    return _core_digest(entry, core, spec)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, help="folder of <owner>+<name>/repo bare git mirrors")
    parser.add_argument("--only", help="regenerate one digest folder, e.g. aibrix/v0.7.0")
    args = parser.parse_args(argv)
    sources = yaml.safe_load((DIGESTS / "sources.yaml").read_text(encoding="utf-8"))
    # Core digests borrow from CRD digests: do CRDs first.
    for entry in sorted(sources["digests"], key=lambda e: "core" in e):
        if args.only and entry["dir"] != args.only:
            continue
        digests = core_digests(entry) if "core" in entry else crd_digests(entry, args.mirror)
        folder = DIGESTS / entry["dir"]
        for stale in folder.glob("*.json"):
            if stale.stem not in digests:
                stale.unlink()
        for name, digest in sorted(digests.items()):
            write(folder / f"{name}.json", digest)
            print(f"{entry['dir']}/{name}.json  {', '.join(digest['versions'])}  <- {digest['source']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
