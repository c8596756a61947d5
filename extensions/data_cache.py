"""Keep the digests of data documents that passed schema validation between builds.

``sitedata.validate`` skips a document whose (schema, content) digest is in
``sitedata.VALIDATED``: the answer would again be "no problem". This extension
loads that set from ``<doctreedir>/site-cache/validated.pickle`` before the data
loaders run (builder-inited, early) and saves it after a successful build, so a
rebuild whose data files did not change neither imports jsonschema nor validates
anything (~0.3 s on the 2-core build machine for the compatibility, release
tracker and worked-example files). The set is tied to the jsonschema version; a
file that cannot be read is ignored. Problems are never cached: a document with a
problem is validated, and reported, on every build.
"""

from __future__ import annotations

import pickle
from importlib.metadata import version
from pathlib import Path

from sphinx.application import Sphinx

import sitedata
import siteext


def _path(app: Sphinx) -> Path:
    return Path(app.doctreedir, "site-cache", "validated.pickle")


def _stamp() -> str:
    return f"jsonschema {version('jsonschema')}"


def load(app: Sphinx) -> None:
    try:
        with _path(app).open("rb") as handle:
            stamp, digests = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError):
        return
    if stamp == _stamp() and isinstance(digests, set):
        sitedata.VALIDATED |= digests


def save(app: Sphinx, exception) -> None:
    if exception is not None:
        return
    siteext.write_pickle(_path(app), (_stamp(), set(sitedata.VALIDATED)))


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", load, priority=100)  # before every data loader (priority 300 and later)
    app.connect("build-finished", save)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
