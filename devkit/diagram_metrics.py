"""What a reader sees of each rendered diagram: on-screen label size, overlapping node boxes,
sideways page scroll. Shared by tests/browser/test_diagram_legibility.py and tools/diagram_sizes.py.

A label's on-screen size is its computed CSS font size times the scale its SVG is drawn at
(the CTM of the nearest SVG element: a diagram squeezed into the column has a scale below 1).
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

# The window the size rule is stated for (issue 15).
WIDTH, HEIGHT = 1280, 900
MIN_LABEL_PX = 11.0

MEASURE = r"""
const TOL = arguments[0] || 2;
const scaleOf = el => {
  // foreignObject content: the foreignObject's CTM; SVG text: the text's own CTM.
  const svgEl = el instanceof SVGElement ? el : el.closest('foreignObject');
  const m = svgEl && svgEl.getScreenCTM ? svgEl.getScreenCTM() : null;
  return m ? Math.hypot(m.a, m.b) : 1;
};
const ownText = el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
const out = [];
// A diagram drawn at build time holds a light and a dark SVG; only the one shown is measured.
[...document.querySelectorAll('pre.mermaid > svg')].filter(svg => getComputedStyle(svg).display !== 'none')
    .forEach((svg, index) => {
  const labels = [];
  svg.querySelectorAll('text, tspan, foreignObject *').forEach(el => {
    if (!ownText(el)) return;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return;
    const size = parseFloat(getComputedStyle(el).fontSize) * scaleOf(el);
    labels.push({text: el.textContent.trim().slice(0, 40), px: Math.round(size * 100) / 100});
  });
  // Node boxes (n), subgraph boxes (c) and edge labels (e) as drawn on screen.
  const box = (el, kind) => {
    const r = el.getBoundingClientRect();
    return {kind, id: (el.closest('g[id]') || el).id || el.textContent.trim().slice(0, 30),
            l: r.left, t: r.top, r: r.right, b: r.bottom};
  };
  const items = [
    ...[...svg.querySelectorAll('g.node')].map(n => box(
      n.querySelector(':scope > rect, :scope > polygon, :scope > path, :scope > circle') || n, 'n')),
    ...[...svg.querySelectorAll('g.cluster > rect')].map(c => box(c, 'c')),
    ...[...svg.querySelectorAll('g.edgeLabel')].filter(e => e.textContent.trim()).map(e => box(e, 'e')),
    ...[...svg.querySelectorAll('rect.actor')].map(a => box(a, 'n')),
  ].filter(b => b.r > b.l && b.b > b.t);
  const inside = (a, b) => a.l >= b.l - TOL && a.r <= b.r + TOL && a.t >= b.t - TOL && a.b <= b.b + TOL;
  const overlaps = [];
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
    const a = items[i], b = items[j];
    const w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
    if (w <= TOL || h <= TOL) continue;
    const kinds = a.kind + b.kind;
    // A box inside a subgraph, or a subgraph inside another, is nesting, not overlap;
    // an edge label may sit on a subgraph's area.
    if (kinds.includes('c') && (kinds.includes('e') || inside(a, b) || inside(b, a))) continue;
    overlaps.push(`${a.kind}:${a.id} / ${b.kind}:${b.id}`);
  }
  const r = svg.getBoundingClientRect();
  const fig = svg.closest('figure');
  const cap = fig && fig.querySelector('figcaption .caption-text');
  const title = svg.querySelector(':scope > title');
  const desc = svg.querySelector(':scope > desc');
  out.push({index, labels, overlaps, width: r.width, height: r.height,
            caption: cap ? cap.textContent.trim() : '',
            title: title ? title.textContent.trim() : '', desc: desc ? desc.textContent.trim() : ''});
});
return {diagrams: out, scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth};
"""


def measure(driver, tolerance: float = 2.0) -> dict:
    """Every rendered diagram on the current page: labels (text, px), overlapping node pairs, size."""
    return driver.execute_script(MEASURE, tolerance)


def median_px(diagram: dict) -> float:
    sizes = [label["px"] for label in diagram["labels"]]
    return statistics.median(sizes) if sizes else 0.0


def min_px(diagram: dict) -> float:
    return min((label["px"] for label in diagram["labels"]), default=0.0)


_INCLUDE = re.compile(r"^(?:```|:::)\{mermaid\}\s+(\S+)", re.M)


def diagram_names(root: Path, page: str) -> list[str]:
    """The ``.mmd`` files a page includes, in page order (``page`` is e.g. engines/kserve.html)."""
    source = root / "docs" / Path(page).with_suffix(".md")
    if not source.is_file():
        return []
    return [Path(m).stem for m in _INCLUDE.findall(source.read_text(encoding="utf-8"))]
