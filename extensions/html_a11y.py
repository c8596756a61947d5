"""Accessibility fixes for Sphinx's HTML output.

1. Sphinx writes toctree captions (in the page and in Furo's sidebar) as
``<p class="caption" role="heading">`` without ``aria-level``; axe-core
reports that as a critical violation (a heading role needs a level). The
writer offers no option for it, so this translator adds ``aria-level="2"``
to exactly that start tag.

2. A code block wider than the column scrolls sideways, and a keyboard user
can only scroll it if it can take focus (axe: scrollable-region-focusable).
Highlighted ``<pre>`` blocks get ``tabindex="0"``.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

CAPTION = '<p class="caption" role="heading">'


class A11yHTMLTranslator(HTML5Translator):
    def visit_title(self, node) -> None:
        start = len(self.body)
        super().visit_title(node)
        for i in range(start, len(self.body)):
            if self.body[i].startswith(CAPTION):
                self.body[i] = self.body[i].replace('role="heading"', 'role="heading" aria-level="2"', 1)


    def visit_literal_block(self, node) -> None:
        start = len(self.body)
        try:
            super().visit_literal_block(node)  # ends with SkipNode once written
        finally:
            for i in range(start, len(self.body)):
                if "<pre>" in self.body[i]:
                    self.body[i] = self.body[i].replace("<pre>", '<pre tabindex="0">', 1)


def setup(app: Sphinx) -> dict:
    app.set_translator("html", A11yHTMLTranslator, override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
