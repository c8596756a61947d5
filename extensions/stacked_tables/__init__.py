"""Tables read as labelled cards on narrow screens.

Every content table with a header row and at least ``stacked_tables_min_columns``
columns (default 3) is stacked, and so is any table marked ``{.stack}``. The
generated tables that lay themselves out for phones (the matrix, the release
tracker, the compatibility tables: classes ``mx-*``, ``rt-*``, ``cx-*``) are
left alone.

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
OWN_LAYOUT = ("mx-", "rt-", "cx-")


def _text(entry: nodes.entry) -> str:
    return " ".join(entry.astext().split())


class LabelStackedCells(SphinxTransform):
    default_priority = 500

    def apply(self) -> None:
        minimum = self.config.stacked_tables_min_columns
        for table in self.document.findall(nodes.table):
            thead = next(table.findall(nodes.thead), None)
            if thead is None:
                continue
            if CLASS not in table["classes"]:
                if not minimum or any(c.startswith(OWN_LAYOUT) for c in table["classes"]):
                    continue
                tgroup = next(table.findall(nodes.tgroup), None)
                if tgroup is None or tgroup.get("cols", 0) < minimum:
                    continue
                table["classes"].append(CLASS)
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
                        # no-search: the repeated header words are layout, not content.
                        para.insert(0, nodes.inline(label + ": ", label + ": ", classes=["stack-label", "no-search"]))


def setup(app: Sphinx) -> dict:
    siteext.add_static(app, __file__, css=("stacked-tables.css",))
    app.add_config_value("stacked_tables_min_columns", 3, "env", types=[int])
    app.add_transform(LabelStackedCells)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
