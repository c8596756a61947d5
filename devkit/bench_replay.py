"""Capture and replay our directives' output, for the benchmark's second baseline.

``make bench`` compares a clean build with our extensions against plain Sphinx +
Furo + MyST with our extensions switched off. Switching them off removes more
than their code: the glossary entries, tag pages and matrix tables they render
are more than half the site's doctree nodes, so "empty stand-ins" measures the
cost of that content as much as the cost of our code. This module gives the
benchmark a second, content-equivalent baseline:

* ``bench_replay_mode = "capture"`` (loaded next to our extensions, serial
  build): records, for every call of one of our directives, the nodes it
  returned (a deep copy, pickled at once, before transforms change them), and
  the "Referenced on" paragraphs that ``term_links`` fills in at resolve time.
* ``bench_replay_mode = "replay"`` (loaded *instead of* our extensions): the same
  directive names become stand-ins that return the recorded nodes, and
  register the glossary terms they contain the way Sphinx's own ``glossary``
  directive does. None of our code runs: no data loading or validation, no
  nested parsing of term bodies, no hover text, no backlinks, no diagram lint.

Unpickling the recorded nodes costs the replay build about half a second that
a site with the same content written out as pages would not pay; the replay
records that time and the benchmark subtracts it.

What replay leaves out of the output: hover text on term links (a ``title``
attribute), and the files our extensions add to the site (glossary.json,
matrix exports, the mermaid bundle copy). Both are small next to the pages.

Not a site extension (it lives in devkit/, shared by the benchmark and its test).
"""

from __future__ import annotations

import importlib
import pickle
import time
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives as rst_directives
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

_CAPTURE: dict = {"calls": {}, "backlinks": {}}
_REPLAY: dict = {}
# Time spent unpickling: a static page would not pay it, so the benchmark
# subtracts it from the replay build's time (written next to the capture file).
_REPLAY_COST = {"unpickle": 0.0}


def _next_key(directive: SphinxDirective) -> tuple[str, int]:
    """(docname, n): the n-th call of one of our directives in this document."""
    count = directive.env.temp_data.get("bench_replay_count", 0)
    directive.env.temp_data["bench_replay_count"] = count + 1
    return directive.env.docname, count


def _capturing(cls: type) -> type:
    class Capturing(cls):
        def run(self):
            result = super().run()
            _CAPTURE["calls"][_next_key(self)] = pickle.dumps([n.deepcopy() for n in result])
            return result
    return Capturing


def start_capture(app: Sphinx) -> None:
    ours = {name for name, cls in rst_directives._directives.items()
            if cls.__module__ in app.config.bench_replay_modules and name not in app.config.bench_replay_shared}
    missing = ours - set(app.config.bench_replay_directives)
    if missing:
        raise ExtensionError(f"bench_replay: add {sorted(missing)} to the benchmark's list of our directives")
    for name in app.config.bench_replay_directives:
        cls = rst_directives._directives[name]  # docutils' registry: where app.add_directive put it
        app.add_directive(name, _capturing(cls), override=True)


def capture_backlinks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for item in doctree.findall(nodes.definition_list_item):
        term_id = item.get("data-term-id")
        if term_id is None:
            continue
        for para in item.findall(nodes.paragraph):
            if "glossary-backlinks" in para["classes"]:
                _CAPTURE["backlinks"][term_id] = para.deepcopy()


def _fill_backlinks(blob: bytes) -> bytes:
    """Put the resolved "Referenced on" paragraphs where the glossary left slots."""
    result = pickle.loads(blob)
    changed = False
    for top in result:
        for slot in list(top.findall(lambda n: isinstance(n, nodes.Element) and "term_id" in n.attributes)):
            para = _CAPTURE["backlinks"].get(slot["term_id"])
            slot.replace_self(para.deepcopy() if para is not None else [])
            changed = True
    return pickle.dumps(result) if changed else blob


def save_capture(app: Sphinx, exception: Exception | None) -> None:
    if exception:
        return
    calls = {key: _fill_backlinks(blob) for key, blob in _CAPTURE["calls"].items()}
    Path(app.config.bench_replay_file).write_bytes(pickle.dumps(calls))


class Replayed(SphinxDirective):
    """Returns what the real directive returned in the captured build."""

    has_content = True
    optional_arguments = 9
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        start = time.perf_counter()
        result = pickle.loads(_REPLAY[_next_key(self)])
        _REPLAY_COST["unpickle"] += time.perf_counter() - start
        std = self.env.domains.standard_domain
        for top in result:
            for term in top.findall(nodes.term):
                if term["ids"] and term["ids"][0].startswith("term-"):
                    # What sphinx.domains.std.make_glossary_term does for a glossary entry.
                    self.state.document.note_explicit_target(term)
                    std._note_term(term.astext(), term["ids"][0], location=term)
        return result


class _AnyOption(dict):
    def __getitem__(self, key):
        return rst_directives.unchanged

    def __contains__(self, key):
        return True


Replayed.option_spec = _AnyOption()


def _visit_tag(self, node: nodes.Element) -> None:
    attrs = {k.replace("_", "-"): v for k, v in node.get("attrs", {}).items()}
    self.body.append(self.starttag(node, node["tag"], suffix="", **attrs))


def _depart_tag(self, node: nodes.Element) -> None:
    self.body.append(f"</{node['tag']}>")


def start_replay(app: Sphinx) -> None:
    # Nodes that carry their own HTML tag and attributes (the matrix's table and
    # disclosures) need a writer; unpickling them imports their module anyway.
    for dotted in app.config.bench_replay_tag_nodes:
        module, _, name = dotted.rpartition(".")
        app.add_node(getattr(importlib.import_module(module), name), html=(_visit_tag, _depart_tag))
    start = time.perf_counter()
    _REPLAY.update(pickle.loads(Path(app.config.bench_replay_file).read_bytes()))
    _REPLAY_COST["unpickle"] = time.perf_counter() - start
    for name in app.config.bench_replay_directives:
        app.add_directive(name, Replayed, override=True)


def save_replay_cost(app: Sphinx, exception: Exception | None) -> None:
    Path(app.config.bench_replay_file + ".cost").write_text(f"{_REPLAY_COST['unpickle']:.4f}\n")


def setup(app: Sphinx) -> dict:
    app.add_config_value("bench_replay_mode", "capture", "", types=[str])
    app.add_config_value("bench_replay_file", "", "", types=[str])
    app.add_config_value("bench_replay_directives", [], "", types=[list])
    # Modules whose directives must all be listed, and names they take over from
    # a library that the baseline keeps (mermaid_offline's ``mermaid``).
    app.add_config_value("bench_replay_modules", [], "", types=[list])
    app.add_config_value("bench_replay_shared", [], "", types=[list])
    app.add_config_value("bench_replay_tag_nodes", [], "", types=[list])

    def init(app: Sphinx) -> None:
        if app.config.bench_replay_mode == "capture":
            start_capture(app)
            app.connect("doctree-resolved", capture_backlinks, priority=900)
            app.connect("build-finished", save_capture)
        else:
            start_replay(app)
            app.connect("build-finished", save_replay_cost)

    app.connect("builder-inited", init, priority=900)
    return {"version": "1.0", "parallel_read_safe": False, "parallel_write_safe": True}
