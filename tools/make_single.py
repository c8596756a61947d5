"""The single-file edition: Sphinx's singlehtml build, made self-contained.

``make dist`` builds the site once more with Sphinx's ``singlehtml`` builder
(every page in one ``index.html``, links between pages turned into #anchors)
and this script folds everything that page loads into it: each stylesheet
becomes a ``<style>``, each script and the favicon a data: URL. Diagrams are
inline SVGs drawn at build time (a diagram missing from the cache brings the Mermaid
bundle along and is drawn in the browser); glossary links stay #anchors.
The result opens from disk on a laptop without the built tree.

Also, three fixes for singlehtml: links to files beside the site (the
matrix as CSV or JSON) keep their text only; links built as ``#document-<page>#<anchor>``
(a page URI with an anchor appended) become ``#<anchor>``; and the search box
(there is no search page in one file) is removed; the browser's find-in-page
searches the whole edition.

Hand-written: no pinned tool inlines a page's assets offline; the page's own
references are few and known (link/script tags Sphinx writes).
"""

from __future__ import annotations

import base64
import re
import sys
from pathlib import Path

LINK_CSS = re.compile(r'<link rel="stylesheet" type="text/css" href="(?P<href>[^"?]+)(?:\?v=[0-9a-f]+)?" />')
SCRIPT = re.compile(r'<script(?P<attrs>[^>]*?) src="(?P<src>[^"?]+)(?:\?v=[0-9a-f]+)?"(?P<rest>[^>]*)></script>')
ICON = re.compile(r'<link rel="(?:shortcut )?icon" href="(?P<href>[^"]+)">')
DOUBLE_ANCHOR = re.compile(r'href="#document-[^"#]*#')
SEARCH_FORM = re.compile(r'<form class="sidebar-search-container".*?</form>', re.S)
DROP_LINKS = re.compile(r'<link rel="(?:index|search)"[^>]*>')
# A link to a file beside the site (matrix.csv, glossary.json) has no target in one file: keep its text.
FILE_LINK = re.compile(r'<a [^>]*href="(?!#|https?:|mailto:|javascript:|data:)[^"]*"[^>]*>(?P<text>.*?)</a>', re.S)


def inline(folder: Path) -> str:
    html = (folder / "index.html").read_text(encoding="utf-8")

    def css(match: re.Match) -> str:
        return "<style>" + (folder / match["href"]).read_text(encoding="utf-8") + "</style>"

    def script(match: re.Match) -> str:
        # A data: URL, not inline code: the HTML parser reads "<!--" and "</script"
        # inside inline code as markup (the Mermaid bundle has both), and a src
        # keeps the script's defer and its order.
        data = base64.b64encode((folder / match["src"]).read_bytes()).decode()
        return f'<script{match["attrs"]} src="data:text/javascript;base64,{data}"{match["rest"]}></script>'

    def icon(match: re.Match) -> str:
        data = base64.b64encode((folder / match["href"]).read_bytes()).decode()
        return f'<link rel="icon" href="data:image/svg+xml;base64,{data}">'

    # The page's own markup first, while no inlined code can match a pattern.
    html = DOUBLE_ANCHOR.sub('href="#', html).replace('href="##', 'href="#')
    html = html.replace('href="#document-index"', 'href="#"')  # the start of the file
    html = SEARCH_FORM.sub("", html)
    html = DROP_LINKS.sub("", html)
    html = FILE_LINK.sub(lambda m: m["text"], html)
    html = ICON.sub(icon, html)
    html = LINK_CSS.sub(css, html)
    html = SCRIPT.sub(script, html)
    return html


def main(folder: Path, target: Path) -> Path:
    if not (folder / "index.html").is_file():
        sys.exit(f"{folder} holds no singlehtml build")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(inline(folder), encoding="utf-8")
    print(f"wrote {target} ({target.stat().st_size / 2**20:.1f} MiB): the whole site in one file")
    return target


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
