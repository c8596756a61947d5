"""The release tracker's verdict: current, behind (by how much) or not comparable."""

from __future__ import annotations

import release_tracker

PIN = {"pinned": "v0.20.0", "pinned_date": "2026-08-06"}


def test_a_newer_registry_release_makes_the_pin_behind_by_days():
    kind, why = release_tracker.status(PIN, {"pypi": {"latest": "0.21.0", "date": "2026-09-25",
                                                      "checked_on": "2026-12-06"}})
    assert kind == "behind"
    assert "0.21.0 (2026-09-25, 50 days newer)" in why


def test_the_same_release_is_current_and_says_when_it_was_asked():
    kind, why = release_tracker.status(PIN, {"pypi": {"latest": "0.20.0", "date": "2026-08-06",
                                                      "checked_on": "2026-12-06"}})
    assert kind == "current"
    assert "2026-12-06" in why


def test_a_pre_release_does_not_make_the_pin_behind():
    kind, _ = release_tracker.status(PIN, {"pypi": {"latest": "0.21.0rc1", "date": "2026-09-10",
                                                    "checked_on": "2026-12-06"}})
    assert kind == "current"


def test_prefixed_and_alpha_tags_compare_as_versions():
    pin = {"pinned": "vllm-stack-0.1.12", "pinned_date": "2026-07-24"}
    kind, _ = release_tracker.status(pin, {"github": {"latest": "vllm-stack-0.1.13", "date": "2026-09-29",
                                                      "checked_on": "2026-12-06"}})
    assert kind == "behind"
    assert release_tracker._version("v0.1.0-alpha.11") < release_tracker._version("v0.1.0-alpha.12")


def test_without_an_answer_the_page_says_how_it_looked_instead():
    project = {**PIN, "repo_check": {"newest_tag": "v0.20.0", "tag_date": "2026-08-06", "head_date": "2026-08-21",
                                     "read_on": "2026-12-06"}}
    kind, why = release_tracker.status(project, {}, {"github": {"checked_on": "2026-12-06", "error": "down"}})
    assert kind == "unknown"
    assert "No answer from GitHub releases (asked 2026-12-06)" in why
    assert "newest commit 2026-08-21" in why and "A later release may exist." in why


def test_a_snapshot_without_tags_names_the_release_commit_not_a_tag():
    project = {**PIN, "repo_check": {"release_commit": "e3dbeca", "tag_date": "2026-08-18",
                                     "head_date": "2026-08-20", "read_on": "2026-12-06"}}
    kind, why = release_tracker.status(project, {}, {"github": {"checked_on": "2026-12-06", "error": "down"}})
    assert kind == "unknown"
    assert "shows no release tag" in why and "e3dbeca (2026-08-18)" in why
    assert "newest tag" not in why
