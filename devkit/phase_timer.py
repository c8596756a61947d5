"""A Sphinx extension for the benchmark: when each build phase ends, in seconds.

Loaded only by the benchmark (``tools/bench.py`` adds it through a configuration
folder whose conf.py runs the project's own). It writes one JSON object to the
file named by ``PHASE_TIMER_OUT``: the seconds from process start at which each
phase ended (``setup``: Sphinx and every extension imported and set up, the
environment loaded; ``data``: our data files loaded at builder-inited;
``read``; ``resolve``: env-updated and consistency checks; ``write``; ``finish``).
"""

from __future__ import annotations

import atexit
import json
import os
import time

from sphinx.application import Sphinx

_MARKS: dict[str, float] = {}


def _since_start() -> float:
    # time.process_time would miss the time spent waiting for -j workers.
    return time.time() - _START


def _stat_start() -> float:
    """The process's start time (Linux: /proc/self/stat field 22, in clock ticks since boot)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            ticks = int(handle.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as handle:
            uptime = float(handle.read().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.time()


_START = _stat_start()


def _mark(name: str, result=None):
    def handler(*_args):
        _MARKS.setdefault(name, _since_start())
        return result
    return handler


def _dump(*_args) -> None:
    """Write the marks once: after the last build-finished handler (tools/sphinx_build.py
    leaves with os._exit, which runs no atexit handler), or at exit otherwise."""
    path = os.environ.get("PHASE_TIMER_OUT")
    if path and _MARKS and os.getpid() == _MAIN_PID and "exit" not in _MARKS:
        _MARKS["exit"] = _since_start()
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(_MARKS, handle)


_MAIN_PID = os.getpid()


def setup(app: Sphinx) -> dict:
    atexit.register(_dump)
    # First and last handlers of each event (priority 0 runs first, 1000 last).
    app.connect("builder-inited", _mark("setup"), priority=0)
    app.connect("builder-inited", _mark("data"), priority=1000)
    app.connect("env-before-read-docs", _mark("data"), priority=0)
    app.connect("env-updated", _mark("read"), priority=0)
    app.connect("write-started", _mark("resolve"), priority=0)
    app.connect("html-collect-pages", _mark("write", result=[]), priority=0)
    app.connect("build-finished", _mark("finish"), priority=0)
    app.connect("build-finished", _dump, priority=1000)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
