"""Build and page performance figures (``make bench``). Prints; asserts nothing.

Measures, as the median of several runs on this machine:
  * clean build, no-op rebuild, rebuild after editing one page, rebuild after
    editing one glossary term's body (and its short definition), serial and -j auto;
  * the same clean build with our extensions switched off (plain Sphinx + Furo +
    MyST + sphinx-design + sphinxcontrib-mermaid; our directives replaced by
    empty stand-ins), so the extensions' overhead is a ratio taken side by side;
  * bytes and requests for a text page and for the heaviest diagram page
    (HTML + CSS + JS as the browser loads them), and whether pages without a
    diagram load the mermaid bundle;
  * time until every diagram on the heaviest page has rendered in headless Chromium.

Budgets (issue 8) are printed next to each figure.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from conftest import copy_project, serve_directory, start_chromium  # noqa: E402

SPHINX = Path(sys.executable).parent / "sphinx-build"

BASELINE_CONF = '''
# Baseline for the benchmark: the project's configuration with our own
# extensions switched off; their directives become empty stand-ins.
import sys
sys.path.insert(0, {orig!r})
exec(open({orig_conf!r}).read())
extensions = [e for e in extensions if e not in {ours!r}]
from docutils.parsers.rst import Directive
class _Empty(Directive):
    has_content = True
    optional_arguments = 9
    final_argument_whitespace = True
    option_spec = None
    def run(self):
        return []
class _AnyOptions(dict):
    def __getitem__(self, key):
        return str
    def __contains__(self, key):
        return True
_Empty.option_spec = _AnyOptions()
def setup(app):
    for name in {directives!r}:
        app.add_directive(name, _Empty)
'''
OURS = ["mermaid_offline", "mermaid_lint", "glossary_terms", "term_links", "matrix"]
OUR_DIRECTIVES = ["glossary-index", "glossary-tag", "glossary-tag-list", "glossary-stats", "matrix-table",
                  "engine-summary", "matrix-legend", "matrix-pair", "matrix-pairs", "decision-guide"]


# The whole `short:` field, folded or not, up to the next top-level key.
SHORT_FIELD = re.compile(r"^short:.*?(?=^\w+:)", re.M | re.S)


def timed(cmd: list[str], cwd: Path) -> float:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764115200"}
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build failed: {' '.join(cmd)}\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return elapsed


def build_cmd(project: Path, out: Path, jobs: str | None, strict: bool = True, conf: Path | None = None):
    cmd = [str(SPHINX), "-b", "html", "-q"]
    cmd += ["-n", "-W", "--keep-going"] if strict else []
    cmd += ["-j", jobs] if jobs else []
    cmd += ["-c", str(conf or project), str(project / "docs"), str(out)]
    return cmd


def median(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} s  (runs: {', '.join(f'{v:.2f}' for v in values)})"


def touch_append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def build_figures(runs: int) -> Path:
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    project = copy_project(work / "project")
    out = work / "html"
    term = project / "glossary" / "goodput.md"  # linked from a handful of pages
    print(f"(term edited: glossary/{term.name})")
    print(f"Build times (median of {runs}; budgets: clean <= 20 s, one-page incremental <= 3 s)")
    for jobs in (None, "auto"):
        label = "serial " if jobs is None else "-j auto"
        clean, noop, page, term_body, term_short = [], [], [], [], []
        for i in range(runs):
            shutil.rmtree(out, ignore_errors=True)
            clean.append(timed(build_cmd(project, out, jobs), project))
            noop.append(timed(build_cmd(project, out, jobs), project))
            touch_append(project / "docs" / "sources.md", f"\nEdited for the benchmark, run {i}.\n")
            page.append(timed(build_cmd(project, out, jobs), project))
            touch_append(term, f"\nBody edited for the benchmark, run {i}.\n")
            term_body.append(timed(build_cmd(project, out, jobs), project))
            text = term.read_text(encoding="utf-8")
            new_short = f"short: Throughput that meets its latency targets (benchmark edit {i}).\n"
            term.write_text(SHORT_FIELD.sub(new_short, text, count=1), encoding="utf-8")
            term_short.append(timed(build_cmd(project, out, jobs), project))
        print(f"  {label} clean build            {median(clean)}")
        print(f"  {label} no-op rebuild          {median(noop)}")
        print(f"  {label} one page edited        {median(page)}")
        print(f"  {label} one term body edited   {median(term_body)}")
        print(f"  {label} one term short edited  {median(term_short)}  (rewrites every page linking it)")

    conf_dir = work / "baseline-conf"
    conf_dir.mkdir()
    (conf_dir / "conf.py").write_text(BASELINE_CONF.format(
        orig=str(project / "extensions"), orig_conf=str(project / "conf.py"), ours=OURS, directives=OUR_DIRECTIVES))
    # The baseline conf's paths must resolve as in the project.
    ours, base = [], []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        ours.append(timed(build_cmd(project, out, None, strict=False), project))
        shutil.rmtree(work / "base", ignore_errors=True)
        base.append(timed(build_cmd(project, work / "base", None, strict=False, conf=conf_dir), project))
    ratio = statistics.median(ours) / statistics.median(base) - 1
    print("Extensions overhead (clean build, same sources, same moment; budget <= 25 %)")
    print(f"  with our extensions         {median(ours)}")
    print(f"  plain Sphinx + Furo + MyST  {median(base)}")
    print(f"  overhead                    {ratio * 100:6.1f} %")
    shutil.rmtree(out, ignore_errors=True)
    timed(build_cmd(project, out, None), project)
    return out


def page_weight(site: Path, page: Path) -> tuple[int, int, bool]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    files = {page}
    for el in soup.find_all(["script", "link"]):
        ref = el.get("src") or (el.get("href") if "stylesheet" in (el.get("rel") or []) else None)
        if ref and "://" not in ref:
            target = (page.parent / ref.split("?")[0]).resolve()
            if target.is_file():
                files.add(target)
    mermaid = any("mermaid" in f.name for f in files)
    return sum(f.stat().st_size for f in files), len(files), mermaid


def page_figures(site: Path) -> Path:
    pages = sorted(site.rglob("*.html"))
    diagram_pages = {p: p.read_text(encoding="utf-8").count('class="mermaid"') for p in pages}
    heaviest = max(diagram_pages, key=lambda p: (diagram_pages[p], p.stat().st_size))
    text_page = site / "sources.html"
    print("Page weight (HTML + CSS + JS; budget: text page <= 150 KB)")
    for label, page in (("text page", text_page), ("heaviest diagram page", heaviest)):
        size, requests, mermaid = page_weight(site, page)
        print(f"  {label:22} {page.relative_to(site)}: {size / 1024:8.1f} KiB in {requests} requests"
              f"{' (loads mermaid)' if mermaid else ''}")
    no_diagram_with_mermaid = [p for p in pages if not diagram_pages[p] and page_weight(site, p)[2]]
    print(f"  pages without a diagram that load mermaid: {len(no_diagram_with_mermaid)}")
    sizes = sorted((page_weight(site, p)[0], p) for p in pages if not diagram_pages[p])
    print(f"  largest page without a diagram: {sizes[-1][1].relative_to(site)} {sizes[-1][0] / 1024:.1f} KiB")
    return heaviest


def render_figures(site: Path, heaviest: Path, runs: int) -> None:
    from helpers import DIAGRAM_STATE, SHOW_HIDDEN, inject_on_new_document, wait_for

    expected = heaviest.read_text(encoding="utf-8").count('class="mermaid"')
    times = []
    driver = start_chromium(Path(tempfile.mkdtemp()))
    try:
        inject_on_new_document(driver, SHOW_HIDDEN)
        with serve_directory(site) as base:
            url = f"{base}/{heaviest.relative_to(site)}"
            for _ in range(runs):
                start = time.perf_counter()
                driver.get(url)
                wait_for(lambda: driver.execute_script(DIAGRAM_STATE)["svgs"] >= expected, 30, 0.01)
                times.append(time.perf_counter() - start)
    finally:
        driver.quit()
    print("Rendering (budget: heaviest diagram page fully rendered <= 1.5 s)")
    print(f"  {heaviest.relative_to(site)} ({expected} diagrams): {median(times)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"Machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    site = build_figures(args.runs)
    heaviest = page_figures(site)
    render_figures(site, heaviest, args.runs)


if __name__ == "__main__":
    main()
