"""make freshness against recorded registry answers served on 127.0.0.1.

The tool runs as `make freshness` does (a subprocess), with the registry base
URLs pointed at a loopback server that serves recorded answers. A registry
that is down or answers malformed JSON must give a message naming the project
and the registry, and leave the committed data file untouched.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest
import yaml

from devkit.browser import serve_directory
from devkit.project import ROOT

TOOL = ROOT / "tools" / "freshness.py"
TRACKED = """projects:
  - {id: demo, name: Demo, pinned: v1.0.0, pinned_date: 2026-01-01, pypi: demo, github: example/demo}
  - {id: other, name: Other, pinned: 2.0.0, pinned_date: 2026-02-01, npm: other}
"""
COMMITTED = "# committed\nchecked_on: 2026-11-01\nanswers: {}\n"


def _record(root, pypi=None, github=None, npm=None):
    answers = {
        root / "pypi" / "demo" / "json": pypi if pypi is not None else json.dumps(
            {"info": {"version": "1.2.0"}, "releases": {"1.2.0": [{"upload_time": "2026-11-20T10:00:00"}]}}),
        root / "github" / "repos" / "example" / "demo" / "releases" / "latest": github if github is not None
        else json.dumps({"tag_name": "v1.2.0", "published_at": "2026-11-19T09:00:00Z"}),
        root / "npm" / "other": npm if npm is not None else json.dumps(
            {"dist-tags": {"latest": "2.0.0"}, "time": {"2.0.0": "2026-02-01T00:00:00Z"}}),
    }
    for path, body in answers.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")


def _run(data, bases, *args):
    env = {**os.environ, **{f"FRESHNESS_{k.upper()}": v for k, v in bases.items()}}
    return subprocess.run([sys.executable, str(TOOL), "--data", str(data), "--today", "2026-12-06", *args],
                          capture_output=True, text=True, env=env, check=False)


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "tracked.yaml").write_text(TRACKED, encoding="utf-8")
    (folder / "releases.yaml").write_text(COMMITTED, encoding="utf-8")
    return folder


def _bases(url):
    return {"pypi": f"{url}/pypi", "npm": f"{url}/npm", "github": f"{url}/github"}


def test_answers_are_written_with_their_dates(data, tmp_path):
    _record(tmp_path / "registry")
    with serve_directory(tmp_path / "registry") as url:
        proc = _run(data, _bases(url))
    assert proc.returncode == 0, proc.stderr
    written = yaml.safe_load((data / "releases.yaml").read_text(encoding="utf-8"))
    assert written["answers"]["demo"]["pypi"] == {"latest": "1.2.0", "date": "2026-11-20", "checked_on": "2026-12-06"}
    assert written["answers"]["demo"]["github"]["latest"] == "v1.2.0"
    assert written["answers"]["other"]["npm"]["date"] == "2026-02-01"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_registry_that_is_down_leaves_the_data_untouched(data, tmp_path):
    _record(tmp_path / "registry")
    with serve_directory(tmp_path / "registry") as url:
        bases = {**_bases(url), "github": f"http://127.0.0.1:{_closed_port()}"}
        proc = _run(data, bases)
    assert proc.returncode == 1
    assert "demo: github (example/demo): cannot reach" in proc.stderr
    assert "left untouched" in proc.stderr
    assert (data / "releases.yaml").read_text(encoding="utf-8") == COMMITTED


def test_a_malformed_answer_leaves_the_data_untouched(data, tmp_path):
    _record(tmp_path / "registry", pypi="<html>rate limited</html>", npm=json.dumps({"dist-tags": {}}))
    with serve_directory(tmp_path / "registry") as url:
        proc = _run(data, _bases(url))
    assert proc.returncode == 1
    assert "demo: pypi (demo):" in proc.stderr and "did not answer JSON" in proc.stderr
    assert "other: npm (other): answer has no dist-tags.latest" in proc.stderr
    assert (data / "releases.yaml").read_text(encoding="utf-8") == COMMITTED


def test_keep_going_writes_what_arrived_and_records_what_failed(data, tmp_path):
    _record(tmp_path / "registry", github="not json")
    with serve_directory(tmp_path / "registry") as url:
        proc = _run(data, _bases(url), "--keep-going")
    assert proc.returncode == 0, proc.stderr
    written = yaml.safe_load((data / "releases.yaml").read_text(encoding="utf-8"))
    assert written["answers"]["demo"] == {"pypi": {"latest": "1.2.0", "date": "2026-11-20", "checked_on": "2026-12-06"}}
    assert written["unanswered"]["demo"]["github"]["checked_on"] == "2026-12-06"
