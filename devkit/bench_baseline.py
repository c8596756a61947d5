"""The benchmark's baselines: the site built with our extensions switched off.

Each baseline is a configuration folder whose conf.py runs the project's own
conf.py and then changes it: ``empty`` (our directives return nothing),
``capture`` (the real build, recording the nodes our directives return) and
``replay`` (our extensions off, their directives return the recorded nodes;
see bench_replay). Used by tools/bench.py and checked by
tests/build_checks/test_bench_baseline.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from devkit.project import ROOT

# Our own extensions: every module or package in extensions/.
OURS = sorted({p.stem for p in (ROOT / "extensions").glob("*.py")}
              | {p.parent.name for p in (ROOT / "extensions").glob("*/__init__.py")})
# Every directive our extensions register (read from their source, so a new one
# cannot be forgotten; bench_replay also refuses to run if one is missing).
OUR_DIRECTIVES = sorted({name for path in (ROOT / "extensions").rglob("*.py")
                         for name in re.findall(r'add_directive\(\s*"([\w-]+)"', path.read_text(encoding="utf-8"))
                         if name != "mermaid"})

# Each baseline is the project's own conf.py with changes appended, so that
# every other setting (theme, MyST, mermaid) is the same as in the real build.
CONF_HEAD = """
import sys
sys.path.insert(0, {extensions!r})
sys.path.insert(0, {devkit!r})
__file__ = {conf!r}  # conf.py finds the project's folders from its own path
exec(open(__file__).read())
bench_replay_file = {replay_file!r}
bench_replay_directives = {directives!r}
"""
# Empty stand-ins: our extensions off, their directives return nothing.
EMPTY_CONF = CONF_HEAD + """
extensions = [e for e in extensions if e not in {ours!r}]
from docutils.parsers.rst import Directive
class _Empty(Directive):
    has_content = True
    optional_arguments = 9
    final_argument_whitespace = True
    def run(self):
        return []
class _AnyOptions(dict):
    def __getitem__(self, key):
        return str
    def __contains__(self, key):
        return True
_Empty.option_spec = _AnyOptions()
def setup(app):
    for name in bench_replay_directives:
        app.add_directive(name, _Empty)
"""
# Capture: the real build, recording what our directives return (devkit/bench_replay.py).
CAPTURE_CONF = CONF_HEAD + """
extensions = [*extensions, "bench_replay"]
bench_replay_mode = "capture"
bench_replay_modules = {ours!r}
bench_replay_shared = ["mermaid"]
"""
# Replay: our extensions off, their directives return the captured nodes.
REPLAY_CONF = CONF_HEAD + """
extensions = [*(e for e in extensions if e not in {ours!r}), "bench_replay"]
bench_replay_mode = "replay"
bench_replay_tag_nodes = ["matrix.mx_block", "matrix.mx_inline"]
"""


def baseline_confs(work: Path, project: Path) -> dict[str, Path]:
    """Configuration folders for the baselines: empty, capture and replay."""
    confs = {}
    for name, template in (("empty", EMPTY_CONF), ("capture", CAPTURE_CONF), ("replay", REPLAY_CONF)):
        conf_dir = work / f"conf-{name}"
        conf_dir.mkdir(exist_ok=True)
        (conf_dir / "conf.py").write_text(template.format(
            extensions=str(project / "extensions"), devkit=str(Path(__file__).resolve().parent),
            conf=str(project / "conf.py"),
            replay_file=str(work / "replay.pickle"), directives=OUR_DIRECTIVES, ours=OURS))
        confs[name] = conf_dir
    return confs
