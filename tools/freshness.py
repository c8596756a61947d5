"""The release tracker's refresh: ask the registries for each tracked project's latest release.

usage: python tools/freshness.py [--keep-going] [--today YYYY-MM-DD]

Reads data/tracked.yaml (which projects, which registries) and writes
data/releases.yaml: for every project and registry, the latest release, its
date and the day it was asked. The build renders that committed file (the
Release tracker page) and never needs the network; this tool does, which is
why it is `make freshness` and not part of `make html`.

Registries: PyPI (JSON API), npm (registry document) and GitHub (latest
release API). A registry that cannot be reached or answers something
malformed is reported by project and registry, and by default nothing is
written: the committed file stays as it was. With --keep-going the answers
that did arrive are written and each failed one keeps its previous value
(with the day that value was asked), so a partial refresh never passes off an
old answer as new.

The registry URLs can be pointed elsewhere (the tests serve recorded answers
on 127.0.0.1): FRESHNESS_PYPI, FRESHNESS_NPM, FRESHNESS_GITHUB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "extensions"))

import sitedata  # noqa: E402

BASES = {
    "pypi": os.environ.get("FRESHNESS_PYPI", "https://pypi.org/pypi"),
    "npm": os.environ.get("FRESHNESS_NPM", "https://registry.npmjs.org"),
    "github": os.environ.get("FRESHNESS_GITHUB", "https://api.github.com"),
}
TIMEOUT = 20


class RegistryError(Exception):
    pass


def _get_json(url: str):
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "release-tracker"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = response.read()
    except (urllib.error.URLError, OSError) as err:
        raise RegistryError(f"cannot reach {url}: {getattr(err, 'reason', err)}") from err
    try:
        return json.loads(body)
    except ValueError as err:
        raise RegistryError(f"{url} did not answer JSON: {err}") from err


def _field(data, *keys):
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            raise RegistryError(f"answer has no {'.'.join(keys)}")
        data = data[key]
    return data


def ask_pypi(name: str) -> dict:
    data = _get_json(f"{BASES['pypi']}/{name}/json")
    version = _field(data, "info", "version")
    files = _field(data, "releases").get(version) or []
    if not files or not isinstance(files, list) or "upload_time" not in files[0]:
        raise RegistryError(f"PyPI lists no files for {name} {version}")
    return {"latest": str(version), "date": str(files[0]["upload_time"])[:10]}


def ask_npm(name: str) -> dict:
    data = _get_json(f"{BASES['npm']}/{name}")
    version = _field(data, "dist-tags", "latest")
    return {"latest": str(version), "date": str(_field(data, "time", version))[:10]}


def ask_github(repo: str) -> dict:
    data = _get_json(f"{BASES['github']}/repos/{repo}/releases/latest")
    return {"latest": str(_field(data, "tag_name")), "date": str(_field(data, "published_at"))[:10]}


ASK = {"pypi": ask_pypi, "npm": ask_npm, "github": ask_github}


def refresh(tracked_path: Path, releases_path: Path, today: str, keep_going: bool) -> int:
    tracked = sitedata.parse_yaml(tracked_path).data["projects"]
    previous = sitedata.parse_yaml(releases_path).data if releases_path.is_file() else {}
    old_answers = (previous or {}).get("answers", {})
    answers: dict[str, dict] = {}
    unanswered: dict[str, dict] = {}
    failures = []
    for project in tracked:
        for registry in ("pypi", "npm", "github"):
            name = project.get(registry)
            if not name:
                continue
            try:
                answer = {**ASK[registry](name), "checked_on": today}
            except RegistryError as err:
                failures.append(f"{project['id']}: {registry} ({name}): {err}")
                unanswered.setdefault(project["id"], {})[registry] = {"checked_on": today, "error": str(err)}
                answer = old_answers.get(project["id"], {}).get(registry)
                if answer is None:
                    continue
            answers.setdefault(project["id"], {})[registry] = answer
    for failure in failures:
        print(f"freshness: {failure}", file=sys.stderr)
    if failures and not keep_going:
        print(f"freshness: {len(failures)} registry answer(s) missing; {releases_path} left untouched "
              "(use --keep-going to write the answers that arrived)", file=sys.stderr)
        return 1
    header = ("# Written by `make freshness` (tools/freshness.py) from data/tracked.yaml; do not edit.\n"
              "# answers: project -> registry -> latest release, its date, and the day it was asked.\n"
              "# unanswered: project -> registry -> the day a question failed, and why.\n")
    body = yaml.safe_dump({"checked_on": today, "answers": answers, "unanswered": unanswered},
                          sort_keys=True, allow_unicode=True)
    releases_path.write_text(header + body, encoding="utf-8")
    print(f"freshness: wrote {releases_path} ({sum(len(a) for a in answers.values())} answers; "
          f"{len(failures)} failed, each keeping its previous answer if it had one)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-going", action="store_true", help="write what arrived; keep old answers for the rest")
    parser.add_argument("--today", default=dt.date.today().isoformat())
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args(argv)
    return refresh(args.data / "tracked.yaml", args.data / "releases.yaml", args.today, args.keep_going)


if __name__ == "__main__":
    sys.exit(main())
