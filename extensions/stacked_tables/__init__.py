"""Tables marked ``{.stack}`` read as labelled cards on narrow screens.

A comparison table with three or more columns cannot be read on a phone
without scrolling sideways. For a table with the class ``stack`` (MyST:
a ``{.stack}`` line before the table) this extension puts the column's
header text, hidden on wide screens, at the start of every body cell after
the first; under 40em the CSS turns each row into a block whose cells carry
those labels. CSS alone cannot do it: it has no way to repeat a header's text
in the cells below it, and docutils entries take no data attributes.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

import siteext

CLASS = "stack"


def _text(entry: nodes.entry) -> str:
    return " ".join(entry.astext().split())


class LabelStackedCells(SphinxTransform):
    default_priority = 500

    def apply(self) -> None:
        for table in self.document.findall(nodes.table):
            if CLASS not in table["classes"]:
                continue
            thead = next(table.findall(nodes.thead), None)
            if thead is None:
                continue
            head_row = next(thead.findall(nodes.row))
            labels = [_text(e) for e in head_row.children]
            for tbody in table.findall(nodes.tbody):
                for row in tbody.children:
                    for label, entry in list(zip(labels, row.children, strict=False))[1:]:
                        if not label:
                            continue
                        para = entry.children[0] if entry.children and isinstance(
                            entry.children[0], nodes.paragraph) else None
                        if para is None:
                            para = nodes.paragraph()
                            entry.insert(0, para)
                        para.insert(0, nodes.inline(label + ": ", label + ": ", classes=["stack-label"]))


def setup(app: Sphinx) -> dict:
    siteext.add_static(app, __file__, css=("stacked-tables.css",))
    app.add_transform(LabelStackedCells)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
