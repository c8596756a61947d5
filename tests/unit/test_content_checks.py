"""Unit tests of the page and term-body checks (content_checks.markdown_problems)."""

from __future__ import annotations

from pathlib import Path

import content_checks
import pytest

ROOT = Path("/repo")
DOCS = ROOT / "docs"


def _check(text: str, page: bool = True) -> list[tuple[int, str]]:
    return content_checks.markdown_problems(text, DOCS / "topics", DOCS, ROOT, page=page)


@pytest.mark.parametrize("text", [
    "Press <kbd>Ctrl</kbd>, H<sub>2</sub>O, x<sup>2</sup>, <abbr title=\"key-value\">KV</abbr>,<br> done.\n",
    "Download <a href=\"../matrix.json\">matrix.json</a>.\n",
    "Code `<script>alert(1)</script>` in a code span.\n",
    "```html\n<script src=\"https://x\"></script>\n```\n",
    "<!-- a comment -->\n",
    "> ```\n> quoted code\n> ```\n",
    ":::{note}\nText with <kbd>K</kbd>.\n:::\n",
])
def test_allowed_content_passes(text):
    assert _check("# Title\n\n" + text) == []


@pytest.mark.parametrize("text, says", [
    ('<script src="https://evil.example/x.js"></script>\n', "a <script> element is not allowed"),
    ('An <img src="x.png" onerror="alert(1)"> inline.\n',
     "it also has src='x.png' (no remote or embedded sources), event handler onerror="),
    ('<kbd onclick="x()">K</kbd>\n', "raw HTML event handler onclick= on <kbd> is not allowed"),
    ('<a href="javascript:alert(1)">x</a>\n', "links outside the site or runs a script"),
    ('<a href="https://example.org">x</a>\n', "links outside the site"),
    ('<kbd style="color:red">K</kbd>\n', "attribute style= on <kbd>"),
    ('<iframe src="https://x"></iframe>\n', "an <iframe> is not allowed"),
    ("```{raw} html\n<script>x</script>\n```\n", "a <script> element"),
    ("</div>\n", "raw HTML </div> is not allowed"),
])
def test_refused_html_is_one_message_at_its_line(text, says):
    [(line, message)] = _check("# Title\n\n" + text)
    assert line == 3 and says in message


def test_html_inside_a_directive_is_found_at_its_file_line():
    [(line, message)] = _check("# Title\n\n:::{note}\nHidden <script>x</script> in a directive.\n:::\n")
    assert line == 4 and "a <script> element" in message


def test_inline_html_line_counts_soft_breaks():
    [(line, _)] = _check("# T\n\nfirst line\nsecond <script>x</script>\n")
    assert line == 4


def test_unclosed_fences_of_both_kinds():
    assert _check("# T\n\n```python\ncode\n")[0][0] == 3
    assert _check("# T\n\n:::{note}\ntext\n")[0][0] == 3
    assert _check("# T\n\n````md\n```\ninner\n```\n") != []  # the inner fence does not close the outer one


def test_second_top_level_heading_in_a_page_only():
    message = "a second top-level (#) heading: a page has one title; use ## for its sections"
    assert _check("# One\n\ntext\n\n# Two\n") == [(5, message)]
    assert _check("# One\n\n## Two\n") == []


@pytest.mark.parametrize("directive", ["include", "literalinclude", "mermaid"])
def test_paths_outside_the_repository(directive):
    [(line, message)] = _check(f"# T\n\n```{{{directive}}} ../../../etc/passwd\n```\n")
    assert line == 3 and "is outside the repository" in message
    assert _check(f"# T\n\n```{{{directive}}} ../../diagrams/x.mmd\n```\n") == []
    assert _check(f"# T\n\n```{{{directive}}} /../../x\n```\n") != []  # /x is docs/x
