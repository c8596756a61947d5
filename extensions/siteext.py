"""What every extension of this site shares: build state and static files.

Build state, the one way to keep it (see docs/contributing.md):

* ``loaded(env)``: data loaded from files for *this* build (the matrix, the
  glossary registry). Filled in the main process at ``builder-inited``;
  parallel readers and writers are forked from it and see it. Never pickled,
  so it costs nothing when Sphinx sends the environment between processes.
* ``kept(env)``: what must survive into the *next* build (for incremental
  builds: which pages use which term, last build's snapshots). It is one
  attribute of the environment, so Sphinx pickles it with the environment;
  collectors merge it across ``-j`` workers.

Both are dictionaries keyed by a name that starts with the extension's name.

Static files: ``add_static(app, __file__, css=..., js=...)`` puts the
``static/`` folder beside an extension on ``html_static_path`` and registers
its always-loaded files, so each extension's CSS and JS live next to it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import weakref
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util.fileutil import copy_asset_file

_LOADED: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


def loaded(env) -> dict[str, Any]:
    """This build's data, loaded from files (not pickled)."""
    try:
        return _LOADED[env]
    except KeyError:
        state = _LOADED[env] = {}
        return state


def kept(env) -> dict[str, Any]:
    """State kept for the next build (pickled with the environment)."""
    state = getattr(env, "site_kept", None)
    if state is None:
        state = env.site_kept = {}
    return state


def add_static(app: Sphinx, module_file: str, css: tuple[str, ...] = (),
               js: tuple[tuple[str, dict[str, str]], ...] = ()) -> None:
    """Serve ``static/`` beside ``module_file`` and load ``css``/``js`` on every page."""
    folder = str(Path(module_file).resolve().parent / "static")

    def register(app: Sphinx, config) -> None:
        if folder not in config.html_static_path:
            config.html_static_path.append(folder)

    app.connect("config-inited", register)
    for name in css:
        app.add_css_file(name)
    for name, attributes in js:
        app.add_js_file(name, **attributes)


def copy_vendored(app: Sphinx, name: str, bundle: Path, target: str, licence: Path) -> None:
    """Copy a pinned npm file (and its licence) into the site before any page is written.

    Pages link it with a checksum of its content, so it must exist when the first
    page is written, in every process of a parallel build (call at builder-inited).
    """
    if app.builder.format != "html":
        return
    if not bundle.is_file():
        raise ConfigError(f"{name} not found at {bundle}; run `make html` (it runs `npm ci`) "
                          "or `npm ci` to install the pinned copy from package-lock.json")
    out = Path(app.outdir, target)
    out.parent.mkdir(parents=True, exist_ok=True)
    copy_asset_file(bundle, out, force=True)
    if licence.is_file():
        copy_asset_file(licence, out.parent / "LICENSE.txt", force=True)


# --- results kept between builds, keyed by what they were computed from ------------
# Loading the glossary (229 files: YAML, JSON-schema validation) and checking the
# term bodies cost ~0.7 s on every build, a no-op rebuild included, although the
# files rarely change. ``cached`` keeps such a result in ``<doctreedir>/site-cache``
# under a key made from the *contents* of its input files (not their times: a
# checkout or a copy must not reuse a stale result) and of the code that computes
# it. Any change to an input recomputes it; a cache that cannot be read is ignored.

def fingerprint(paths, extra: object = ()) -> str:
    """A digest of the given files' paths and contents, and of ``repr(extra)``."""
    digest = hashlib.sha256(repr(extra).encode("utf-8"))
    for path in sorted(Path(p) for p in paths):
        digest.update(str(path).encode("utf-8") + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()


def cached(app: Sphinx, name: str, key: str, compute):
    """``compute()``, or its result from an earlier build made from the same ``key``."""
    path = Path(app.doctreedir, "site-cache", f"{name}.pickle")
    try:
        with path.open("rb") as handle:
            stored_key, value = pickle.load(handle)
        if stored_key == key:
            return value
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        pass
    value = compute()
    write_pickle(path, (key, value))
    return value


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so a reader (another build
    process, a later build) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def write_pickle(path: Path, value: object) -> None:
    """Pickle ``value`` to ``path`` atomically (``write_atomic``)."""
    write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def page_names(app: Sphinx) -> list[str]:
    """Every Markdown page under the source folder (relative paths, sorted), listed once
    per build: the matrix and the glossary key their caches on which pages exist."""
    state = loaded(app.env)
    if "siteext.page_names" not in state:
        srcdir = Path(app.srcdir)
        state["siteext.page_names"] = sorted(str(p.relative_to(srcdir)) for p in srcdir.rglob("*.md"))
    return state["siteext.page_names"]
