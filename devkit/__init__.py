"""Code that the tests and the tools share (neither imports the other).

* ``devkit.project``: the project's folders, a damageable copy of it, a strict build.
* ``devkit.browser``: a loopback HTTP server, headless Debian Chromium, and the
  in-page scripts that wait for diagrams.
* ``devkit.bench_baseline`` and ``devkit.bench_replay``: the benchmark's
  same-content baseline (used by ``tools/bench.py`` and checked by a test).
"""
