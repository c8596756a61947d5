"""Mermaid diagrams drawn at build time, so a diagram page needs no 3.5 MB bundle.

Each diagram is drawn twice, with the site's light and dark Mermaid themes, by
the pinned Mermaid bundle in headless Chromium, with the same initialisation
config the browser would use (``mermaid_init_config``). The SVGs are kept in a
committed cache, ``diagrams/rendered/<key>.svg``, where ``key`` is the SHA-256 of
the diagram's source, the pinned Mermaid version, the init config, the theme
variant and ``RENDER_FORMAT`` (``diagram_key``). So:

* a build reads the cache; a clone with the cache complete needs no Chromium,
  and its output is byte-identical to a build that drew the diagrams itself;
* on a cache miss the build draws every missing diagram in one Chromium session
  (at ``env-updated``, after all pages are read) and writes the SVGs into the
  cache, to be committed; no Chromium (or ``MERMAID_PRERENDER=cache-only``):
  the page falls back to drawing its diagrams in the browser, as before, and the
  build says so in one log line per diagram (not a warning: a contributor
  without Chromium can still build; the site test ``test_diagram_cache`` fails
  until the cache is refreshed and committed);
* a page whose diagrams all come from the cache loads neither the Mermaid bundle
  nor its import map (``mermaid_offline`` leaves them off); ``mermaid_lint``
  does not start Node for a cached diagram (its render proved that it parses).

On the page each diagram is one ``pre.mermaid`` holding both SVGs; CSS shows the
one that matches Furo's theme (``body[data-theme]`` and ``prefers-color-scheme``),
so switching theme needs no script. Element ids are unique per variant (the SVG
id comes from the key) and per page (a second copy of a diagram gets a suffix).
``static/mermaid-prerender.js`` adds the full-screen view that sphinxcontrib-mermaid's
script (not loaded on these pages) used to add, with the same markup, so
``diagram_zoom`` pans and zooms it.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import weakref
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.mermaid import html_visit_mermaid, mermaid

import siteext

from .chromium import Chromium, find_chromium

logger = logging.getLogger(__name__)

# Bump when the render script or ``normalise`` changes what is stored: every key changes.
RENDER_FORMAT = 1
VARIANTS = ("light", "dark")
ENV_SWITCH = "MERMAID_PRERENDER"  # "cache-only": never start Chromium
MARK = "mermaid_prerender"  # node attribute: {variant: key} when both SVGs are in the cache


def diagram_key(code: str, mermaid_version: str, init_config: dict, variant: str, theme: str) -> str:
    """The cache key of one drawing: everything that decides the SVG's bytes."""
    payload = json.dumps({"format": RENDER_FORMAT, "code": code, "mermaid": mermaid_version,
                          "config": init_config, "variant": variant, "theme": theme},
                         sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def svg_id(key: str) -> str:
    """The SVG's element id, also the prefix of every id inside it (markers, titles)."""
    return f"mmd-{key[:16]}"


def variant_config(config, variant: str) -> tuple[str, dict]:
    """The Mermaid theme and the full initialize() config of a variant, as the browser script builds it."""
    theme = config.mermaid_dark_theme if variant == "dark" else config.mermaid_light_theme
    return theme, {**config.mermaid_init_config, "darkMode": variant == "dark", "theme": theme}


def variant_keys(config, code: str) -> dict[str, str]:
    return {variant: diagram_key(code, config.mermaid_version, config.mermaid_init_config, variant,
                                 variant_config(config, variant)[0]) for variant in VARIANTS}


_DATA_POINTS = re.compile(r' data-points="[^"]*"')


def normalise(svg: str, key: str, variant: str) -> str:
    """The SVG as stored and embedded: checked to carry the expected id, tagged with its variant.

    Mermaid's output is already deterministic for a fixed id (``tests/build_checks``
    renders twice and compares); what is dropped is only what a static drawing does
    not use: ``data-points`` (each edge's points in base64, kept by Mermaid for
    re-layout), a quarter of a flowchart's bytes.
    """
    expected = f'<svg id="{svg_id(key)}"'
    if not svg.startswith(expected) or not svg.endswith("</svg>"):
        raise ValueError(f"not a Mermaid SVG with id {svg_id(key)}: {svg[:80]!r}")
    svg = _DATA_POINTS.sub("", svg)
    return f'<svg data-variant="{variant}"' + svg[len("<svg"):]


def renumber(svg: str, key: str, count: int) -> str:
    """The ``count``-th copy of a drawing on one page, with ids of its own (the single-file
    edition shows one diagram on two pages' worth of content): ``mmd-<key>`` -> ``mmd-<key>-<count>``."""
    return svg if count == 1 else svg.replace(svg_id(key), f"{svg_id(key)}-{count}")


RENDER_SCRIPT = """(async () => {
  const jobs = %s;
  const out = [];
  for (const job of jobs) {
    try {
      mermaid.initialize(job.config);
      out.push({svg: (await mermaid.render(job.id, job.code)).svg});
    } catch (err) {
      out.push({error: String((err && err.message) || err)});
    }
    for (const id of [job.id, "d" + job.id]) document.getElementById(id)?.remove();
  }
  return out;
})()"""


def render(executable: str, bundle: Path, jobs: list[dict]) -> list[dict]:
    """Draw every job ({id, code, config}) in one Chromium session: [{svg} | {error}] in order."""
    with Chromium(executable) as browser:
        browser.evaluate(bundle.read_text(encoding="utf-8") + "\n;typeof mermaid")
        return browser.evaluate(RENDER_SCRIPT % json.dumps(jobs, ensure_ascii=False))


# --- build ----------------------------------------------------------------------

def _cache_dir(config) -> Path | None:
    return Path(config.mermaid_prerender_cache) if config.mermaid_prerender_cache else None


def _diagrams(env) -> dict[str, list[dict]]:
    """docname -> its diagrams ({code, where}); kept, so every build knows every page's diagrams."""
    return siteext.kept(env).setdefault("mermaid_prerender.diagrams", {})


def _where(app: Sphinx, node, docname: str) -> str:
    if node.get("mermaid_file"):
        return os.path.relpath(node["mermaid_file"], app.confdir)
    return f"{os.path.relpath(node.source or app.env.doc2path(docname), app.confdir)}:{node.line or 0}"


def collect(app: Sphinx, doctree) -> None:
    items = [{"code": node["code"], "where": _where(app, node, app.env.docname)} for node in doctree.findall(mermaid)]
    if items:
        _diagrams(app.env)[app.env.docname] = items


def purge(app: Sphinx, env, docname: str) -> None:
    _diagrams(env).pop(docname, None)


def merge(app: Sphinx, env, docnames, other) -> None:
    for docname in docnames:
        if docname in _diagrams(other):
            _diagrams(env)[docname] = _diagrams(other)[docname]


def render_missing(app: Sphinx, env) -> None:
    """Draw the diagrams the cache lacks, all in one Chromium session; note which are cached."""
    cache = _cache_dir(app.config)
    if cache is None or app.builder.format != "html":
        return
    missing: dict[str, tuple[str, dict]] = {}
    for docname in sorted(_diagrams(env)):
        for item in _diagrams(env)[docname]:
            for variant, key in variant_keys(app.config, item["code"]).items():
                if not (cache / f"{key}.svg").is_file():
                    missing.setdefault(key, (variant, item))
    if missing:
        executable = None if os.environ.get(ENV_SWITCH) == "cache-only" else \
            find_chromium(app.config.mermaid_prerender_chromium)
        if executable:
            _render_into(app, cache, executable, missing)
        else:
            why = f"{ENV_SWITCH}=cache-only" if os.environ.get(ENV_SWITCH) == "cache-only" else "no Chromium on PATH"
            for where in sorted({item["where"] for _, item in missing.values()}):
                logger.info("mermaid prerender: %s has no cached SVG (%s); its page draws it in the browser. "
                            "Refresh: `make html` with Chromium installed, then commit %s",
                            where, why, os.path.relpath(cache, app.confdir))
    cached = set()
    for items in _diagrams(env).values():
        for item in items:
            if all((cache / f"{key}.svg").is_file() for key in variant_keys(app.config, item["code"]).values()):
                cached.add(item["code"])
    # mermaid_lint skips these: drawing them proved that they parse.
    siteext.loaded(env)["mermaid_prerender.cached_codes"] = cached


def _render_into(app: Sphinx, cache: Path, executable: str, missing: dict[str, tuple[str, dict]]) -> None:
    keys = sorted(missing)
    jobs = []
    for key in keys:
        variant, item = missing[key]
        jobs.append({"id": svg_id(key), "code": item["code"], "config": variant_config(app.config, variant)[1]})
    try:
        results = render(executable, Path(app.config.mermaid_bundle), jobs)
    except (OSError, RuntimeError) as err:
        logger.info("mermaid prerender: Chromium (%s) failed: %s; %d drawing(s) left to the browser",
                    executable, err, len(keys))
        return
    written = 0
    for key, result in zip(keys, results, strict=True):
        variant, item = missing[key]
        if "svg" not in result:
            # A syntax error: mermaid_lint reports it at file:line; the page draws it in the browser.
            logger.info("mermaid prerender: %s not drawn: %s", item["where"], result.get("error", "")[:200])
            continue
        siteext.write_atomic(cache / f"{key}.svg", normalise(result["svg"], key, variant).encode("utf-8"))
        written += 1
    logger.info("mermaid prerender: drew %d SVG(s) into %s (commit them)", written,
                os.path.relpath(cache, app.confdir))


def mark_page(app: Sphinx, doctree, docname: str) -> None:
    """A page whose diagrams are all cached is served from the cache; otherwise all are drawn
    in the browser (sphinxcontrib-mermaid's script would also redraw a pre-rendered one)."""
    cache = _cache_dir(app.config)
    found = list(doctree.findall(mermaid))
    if cache is None or not found or app.builder.format != "html":
        return
    keyed = [(node, variant_keys(app.config, node["code"])) for node in found]
    if all((cache / f"{key}.svg").is_file() for _, keys in keyed for key in keys.values()):
        for node, keys in keyed:
            node[MARK] = keys


def is_prerendered(doctree) -> bool:
    """True when the page has diagrams and every one comes from the cache."""
    found = list(doctree.findall(mermaid)) if doctree is not None else []
    return bool(found) and all(node.get(MARK) for node in found)


_SEEN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def visit_mermaid_html(self, node) -> None:
    keys = node.get(MARK)
    if not keys:
        return html_visit_mermaid(self, node)
    cache = _cache_dir(self.config)
    seen = _SEEN.setdefault(self, {})
    svgs = []
    for variant in VARIANTS:
        key = keys[variant]
        svg = (cache / f"{key}.svg").read_text(encoding="utf-8")
        count = seen[key] = seen.get(key, 0) + 1
        svgs.append(renumber(svg, key, count))
    classes = ["mermaid"] + ([f"align-{node['align']}"] if "align" in node else [])
    ident = f' id="{node["ids"][0]}"' if len(node.get("ids", [])) == 1 else ""
    button = html.escape(self.config.mermaid_fullscreen_button)
    self.body.append(
        # tabindex: a diagram wider than a phone's column scrolls in this box, and a
        # keyboard user can scroll it only if it takes focus (as html_a11y gives the
        # client-side diagrams' boxes).
        f'<div class="mermaid-container"><pre{ident} tabindex="0" class="{" ".join(classes)}" data-processed="true">'
        + "".join(svgs) + "</pre>"
        f'<button type="button" class="mermaid-fullscreen-btn" aria-label="View diagram in fullscreen">'
        f"{button}</button></div>\n")
    raise nodes.SkipNode


def page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format == "html" and is_prerendered(doctree):
        app.add_css_file("mermaid-prerender.css")
        app.add_js_file("mermaid-prerender.js", priority=455)


def setup(app: Sphinx) -> dict:
    app.setup_extension("mermaid_offline")
    app.add_config_value("mermaid_prerender_cache", "", "html", types=[str])
    app.add_config_value("mermaid_prerender_chromium", "", "html", types=[str])
    app.add_node(mermaid, override=True, html=(visit_mermaid_html, None))
    siteext.add_static(app, __file__)
    app.connect("doctree-read", collect)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    # Before mermaid_lint starts Node (priority 500), so it can skip what is cached.
    app.connect("env-updated", render_missing, priority=400)
    app.connect("doctree-resolved", mark_page)
    app.connect("html-page-context", page_assets, priority=650)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
