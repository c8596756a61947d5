"""Each page says when its content last changed, from git.

A page's date is that of the newest commit touching its source file or any
file Sphinx recorded as a dependency of it (a term file for the glossary, an
engine's data file for its page, a diagram). Generated pages (pair pages, tag
pages) are not in git; their dependencies are. Furo shows the date in the page
footer ("Last updated on").

One ``git log`` over the whole history at ``builder-inited`` gives every
file's newest commit date (kept between builds of the same commit); outside a git checkout no page shows
a date. The dates follow the commit, not the clock, so two builds of one commit
stay byte-identical.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from sphinx.application import Sphinx

import siteext

KEY = "page_dates.dates"


def read_git_dates(app: Sphinx) -> None:
    root = Path(app.confdir).resolve()
    git = shutil.which("git")
    head = subprocess.run([git, "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=False).stdout.strip() if git else ""
    # The dates depend only on the commit (uncommitted edits have no date yet):
    # kept between builds of one commit (siteext.cached; the log took ~0.35 s).
    key = siteext.fingerprint([Path(__file__)], (head, str(root)))
    compute = (lambda: _git_dates(git, root)) if head else dict
    siteext.loaded(app.env)[KEY] = siteext.cached(app, "page-dates", key, compute)


def _git_dates(git: str, root: Path) -> dict[Path, str]:
    """Every file's newest commit date, from one ``git log``."""
    dates: dict[Path, str] = {}
    if git:
        proc = subprocess.run([git, "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--no-renames"],
                              capture_output=True, text=True, check=False)
        if proc.returncode == 0:
            top = subprocess.run([git, "-C", str(root), "rev-parse", "--show-toplevel"],
                                 capture_output=True, text=True, check=False).stdout.strip()
            date = ""
            for line in proc.stdout.splitlines():
                if line.startswith("\0"):
                    date = line[1:]
                elif line:
                    dates.setdefault(Path(top, line).resolve(), date)  # newest commit comes first
    return dates


def page_date(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    dates = siteext.loaded(app.env).get(KEY) or {}
    env = app.env
    if doctree is None or pagename not in env.all_docs:
        context["last_updated"] = None
        return
    files = [Path(env.doc2path(pagename)).resolve()]
    files += [Path(env.srcdir, dep).resolve() for dep in env.dependencies.get(pagename, ())]
    found = [dates[f] for f in files if f in dates]
    context["last_updated"] = max(found) if found else None


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", read_git_dates)
    # After Sphinx has set the build-wide last_updated (html_last_updated_fmt).
    app.connect("html-page-context", page_date, priority=700)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
