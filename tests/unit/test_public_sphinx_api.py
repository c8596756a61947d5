"""Our JavaScript uses Sphinx's public JavaScript only: no private member of its globals.

Sphinx marks its private JavaScript with a leading underscore: members such as
``Search._performSearch`` and ``Search._index``, and top-level helpers such as
``_displayItem``. They change without notice between releases, so the site's
scripts must not read, call, wrap or set them (engineering rule: public Sphinx
APIs only). What the site needs from the search goes into the index at build
time (``extensions/site_search``) and into the documented ``Scorer.score``.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import sphinx

ROOT = Path(__file__).resolve().parents[2]
SPHINX_STATIC = Path(sphinx.__file__).resolve().parent / "themes" / "basic" / "static"
# `Name._member` on a global (Sphinx's globals are capitalised: Search, Documentation, ...).
GLOBAL_PRIVATE = re.compile(r"\b[A-Z][\w$]*\s*\.\s*_\w+")


def _our_scripts() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "extensions"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.split()
    return [ROOT / name for name in listed if name.endswith((".js", ".mjs"))]


def _sphinx_private_names() -> set[str]:
    """``Object._member`` and top-level ``_helper`` names defined in Sphinx's basic-theme scripts."""
    names: set[str] = set()
    for path in sorted(SPHINX_STATIC.glob("*.js*")):
        owner = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if found := re.match(r"(?:const|var|let)\s+(\w+)\s*=\s*\{", line):
                owner = found.group(1)
            elif found := re.match(r"(?:const|var|let|function)\s+(_\w+)", line):
                names.add(found.group(1))
            elif owner and (found := re.match(r"\s+(_\w+)\s*:", line)):
                names.add(f"{owner}.{found.group(1)}")
    return names


def test_the_private_names_are_found():
    names = _sphinx_private_names()
    assert {"Search._performSearch", "Search._index", "_displayItem"} <= names, sorted(names)


def test_our_scripts_touch_no_private_sphinx_member():
    scripts = _our_scripts()
    assert len(scripts) >= 5, scripts
    private = _sphinx_private_names()
    words = [n for n in private if "." not in n]
    bad = []
    for path in scripts:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("//", 1)[0]
            hits = GLOBAL_PRIVATE.findall(code)
            hits += [w for w in words if re.search(rf"(?<![\w$.]){re.escape(w)}\b", code)]
            bad += [f"{path.relative_to(ROOT)}:{number}: {hit}" for hit in hits]
    assert not bad, "private Sphinx JavaScript used:\n" + "\n".join(bad)


def test_the_check_catches_the_old_wrapper():
    old = ("if (Search._performSearch && !Search._siteRankWrapped) {\n"
           "  var index = Search._index;\n")
    assert GLOBAL_PRIVATE.findall(old) == ["Search._performSearch", "Search._siteRankWrapped", "Search._index"]
