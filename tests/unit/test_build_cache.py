"""siteext.cached: a result is reused only while its inputs' contents are the same."""

from __future__ import annotations

import os
from types import SimpleNamespace

import siteext


def test_result_is_reused_until_an_input_changes(tmp_path):
    app = SimpleNamespace(doctreedir=str(tmp_path / "doctrees"))
    source = tmp_path / "term.md"
    source.write_text("one")
    calls = []

    def compute():
        calls.append(source.read_text())
        return source.read_text().upper()

    assert siteext.cached(app, "x", siteext.fingerprint([source]), compute) == "ONE"
    # Same content, another modification time (a checkout, a copy): reused.
    os.utime(source, ns=(0, 10**9))
    assert siteext.cached(app, "x", siteext.fingerprint([source]), compute) == "ONE"
    assert calls == ["one"]
    source.write_text("two")
    assert siteext.cached(app, "x", siteext.fingerprint([source]), compute) == "TWO"
    assert calls == ["one", "two"]


def test_extra_key_and_missing_files_count(tmp_path):
    a = tmp_path / "a"
    a.write_text("x")
    assert siteext.fingerprint([a], "2026-12-06") != siteext.fingerprint([a], "2026-12-07")
    assert siteext.fingerprint([a]) != siteext.fingerprint([a, tmp_path / "gone"])
    assert siteext.fingerprint([a, tmp_path / "b"]) == siteext.fingerprint([tmp_path / "b", a])


def test_an_unreadable_cache_is_recomputed(tmp_path):
    app = SimpleNamespace(doctreedir=str(tmp_path))
    (tmp_path / "site-cache").mkdir()
    (tmp_path / "site-cache" / "x.pickle").write_bytes(b"not a pickle")
    assert siteext.cached(app, "x", "key", lambda: 42) == 42
    assert siteext.cached(app, "x", "key", lambda: 43) == 42
