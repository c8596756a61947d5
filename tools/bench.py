"""Build and page performance figures (``make bench``), checked against budgets.

Prints the figures; exits non-zero, naming them, when a figure exceeds its budget
(issue 21: no-op rebuild <= 0.6 s and largest-page edit <= 1.5 s through `make
html`, clean build <= 0.07 s per output page with -j auto, peak memory < 250 MB,
a diagram page <= 1.5 MB). The machine's load average is printed at the start
and the end: on a busy machine the times are not comparable.

Measures, as the median of several runs on this machine:
  * clean build, no-op rebuild, rebuild after editing one page, rebuild after
    editing one glossary term's body (and its short definition), serial and -j auto;
  * the same clean build with our extensions switched off (plain Sphinx + Furo +
    MyST + sphinx-design + sphinxcontrib-mermaid), side by side, in two forms:
    our directives replaced by stand-ins that return the very nodes they
    produced (same content, none of our code runs: devkit/bench_replay.py; the
    extensions' overhead and its budget), and by empty stand-ins (the content
    they generate is gone too, so that ratio is content plus code);
  * a cProfile of a clean build: how much of it is our own code, and where
    the rest goes, by package;
  * bytes (raw and gzipped) and requests for a text page, the heaviest diagram
    page and the largest page without a diagram (HTML + CSS + JS as the
    browser loads them), and whether pages without a diagram load mermaid;
  * time until every diagram has rendered in headless Chromium, for every
    diagram page once, then for the slowest with an empty and a warm cache.

  * the cost of validating the worked-example manifests: clean and one-page
    builds with the validation on and off (issue 18).

Budgets (issue 8) are printed next to each figure. ``--only GROUP`` prints one
group (builds, overhead, profile, pages, examples); a full run takes about 5 minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
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
sys.path.insert(0, str(ROOT))

from devkit.bench_baseline import baseline_confs  # noqa: E402
from devkit.browser import serve_directory, start_chromium  # noqa: E402
from devkit.page_weight import page_weight  # noqa: E402
from devkit.project import copy_project  # noqa: E402

SPHINX = [sys.executable, str(ROOT / "tools" / "sphinx_build.py")]  # as `make html` runs it
MAKE_JOBS = str(2 * (os.cpu_count() or 1))  # what `make html` passes for JOBS=auto

# The whole `short:` field, folded or not, up to the next top-level key.
SHORT_FIELD = re.compile(r"^short:.*?(?=^\w+:)", re.M | re.S)


def timed(cmd: list[str], cwd: Path, extra_env: dict | None = None) -> float:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764115200", **(extra_env or {})}
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build failed: {' '.join(cmd)}\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return elapsed


def build_cmd(project: Path, out: Path, jobs: str | None, strict: bool = True, conf: Path | None = None):
    cmd = [*SPHINX, "-b", "html", "-q"]
    cmd += ["-n", "-W", "--keep-going"] if strict else []
    cmd += ["-j", jobs] if jobs else []
    cmd += ["-c", str(conf or project), str(project / "docs"), str(out)]
    return cmd


def median(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} s  (runs: {', '.join(f'{v:.2f}' for v in values)})"


def touch_append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


BUDGETS: dict[str, tuple[float, str]] = {}   # name -> (limit, unit); figures are checked against them
RESULTS: dict[str, float] = {}


def budget(name: str, value: float, limit: float, unit: str) -> str:
    """Record a figure with its budget; the verdict printed beside it."""
    BUDGETS[name] = (limit, unit)
    RESULTS[name] = value
    return f"budget <= {limit:g} {unit}: {'ok' if value <= limit else 'OVER BUDGET'}"


README_START, README_END = "<!-- bench-table:start -->", "<!-- bench-table:end -->"


def write_readme(readme: Path, runs: int, load: tuple[float, float]) -> None:
    """Replace the budget table in the README with this run's figures."""
    rows = ["| Figure | This run | Budget | |", "| --- | --- | --- | --- |"]
    for name, (limit, unit) in BUDGETS.items():
        value = RESULTS[name]
        shown = f"{value:.3f}" if unit == "s/page" else f"{value:.2f}" if unit in ("s", "MB") and value < 10 \
            else f"{value:.0f}"
        rows.append(f"| {name} | {shown} {unit} | <= {limit:g} {unit} | {'ok' if value <= limit else '**over**'} |")
    note = (f"`tools/bench.py` on {time.strftime('%Y-%m-%d')}, median of {runs} runs, {os.cpu_count()} cores, "
            f"load average {load[0]:.2f} at the start and {load[1]:.2f} at the end.")
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    readme.write_text(f"{head}{README_START}\n{note}\n\n" + "\n".join(rows) + f"\n{README_END}{tail}",
                      encoding="utf-8")


def timer_conf(work: Path, project: Path) -> Path:
    """A configuration folder: the project's conf.py plus devkit/phase_timer."""
    conf = work / "timer-conf"
    conf.mkdir(exist_ok=True)
    (conf / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'devkit')!r})\n__file__ = {str(project / 'conf.py')!r}\n"
        "exec(open(__file__).read())\nextensions = [*extensions, 'phase_timer']\n", encoding="utf-8")
    return conf


PHASES = ("setup", "data", "read", "resolve", "write", "finish", "exit")


def phases(cmd: list[str], project: Path, work: Path) -> dict[str, float]:
    """Seconds spent in each phase of one build (devkit/phase_timer)."""
    out = work / "phases.json"
    out.unlink(missing_ok=True)
    timed(cmd, project, {"PHASE_TIMER_OUT": str(out)})
    marks = json.loads(out.read_text())
    spent, before = {}, 0.0
    for name in PHASES:
        if name in marks:
            spent[name] = marks[name] - before
            before = marks[name]
    return spent


def peak_memory_mb(cmd: list[str], project: Path) -> float:
    """Largest resident set of the build's processes (ru_maxrss of the children)."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True);"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764115200"}
    done = subprocess.run([sys.executable, "-c", probe, *cmd], cwd=project, env=env, capture_output=True,
                          text=True, check=True)
    return int(done.stdout.split()[-1]) / 1024


def snapshot(site: Path) -> dict[str, tuple[int, str]]:
    """Every HTML file's modification time and content digest."""
    return {str(p.relative_to(site)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in site.rglob("*.html")}


def build_figures(work: Path, project: Path, runs: int) -> None:
    """The author's loop through `make html` (tools/build_if_changed.py) and plain sphinx-build."""
    out = work / "html"
    largest = max((project / "docs" / "engines").glob("*.md"), key=lambda p: p.stat().st_size)
    state = out / ".doctrees" / "build-inputs.json"
    make_html = [sys.executable, str(project / "tools" / "build_if_changed.py"), "--state", str(state),
                 "--jobs", "auto", "--", *build_cmd(project, out, None)]
    times: dict[str, list[float]] = {k: [] for k in ("clean", "make noop", "sphinx noop", "make edit",
                                                      "sphinx edit", "clean serial")}
    rewritten: list[tuple[int, int]] = []
    pages = 0
    for i in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        times["clean"].append(timed(make_html, project))
        pages = len(list(out.rglob("*.html")))
        times["make noop"].append(timed(make_html, project))
        times["sphinx noop"].append(timed(build_cmd(project, out, "auto"), project))
        before = snapshot(out)
        touch_append(largest, f"\nEdited for the benchmark, run {i}.\n")
        times["make edit"].append(timed(make_html, project))
        after = snapshot(out)
        # "newer", not "different": make html may give an unchanged file back the time it
        # had after the last make html, older than the plain sphinx-build run in between.
        rewritten.append((sum(after[k][0] > before.get(k, (0, ""))[0] for k in after),
                          sum(after[k][1] != before.get(k, (0, ""))[1] for k in after)))
        touch_append(largest, f"\nEdited again for the benchmark, run {i}.\n")
        times["sphinx edit"].append(timed(build_cmd(project, out, "auto"), project))
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        times["clean serial"].append(timed(build_cmd(project, out, None), project))
    clean = statistics.median(times["clean"])
    print(f"Build times (median of {runs}; {pages} output pages; largest engine page: "
          f"docs/engines/{largest.name})")
    print(f"  clean build, make html (-j {MAKE_JOBS})     {median(times['clean'])}")
    print(f"    per output page                   {clean / pages:6.3f} s  "
          f"{budget('clean s/page', clean / pages, 0.07, 's/page')}")
    print(f"  clean build, serial                 {median(times['clean serial'])}")
    print(f"  no-op, make html                    {median(times['make noop'])}  "
          f"{budget('no-op rebuild', statistics.median(times['make noop']), 0.6, 's')}")
    print(f"  no-op, sphinx-build -j auto         {median(times['sphinx noop'])}  (Sphinx's own, for reference)")
    print(f"  largest page edited, make html      {median(times['make edit'])}  "
          f"{budget('largest page edit', statistics.median(times['make edit']), 1.5, 's')}")
    print(f"  largest page edited, sphinx -j auto {median(times['sphinx edit'])}  (for reference)")
    written, changed = rewritten[-1]
    print(f"    HTML files with a new timestamp after the edit build: {written}; with changed content: {changed}")
    # make html's clean build: two processes per core (tools/build_if_changed.py).
    memory = peak_memory_mb(build_cmd(project, out / "memory", MAKE_JOBS), project)
    print(f"  peak memory, clean -j {MAKE_JOBS} build       {memory:6.0f} MB  "
          f"{budget('peak memory', memory, 250, 'MB')}")
    conf = timer_conf(work, project)
    print("  Where the time goes (seconds per phase; devkit/phase_timer):")
    print("    build            " + "".join(f"{name:>9}" for name in PHASES))
    shutil.rmtree(out, ignore_errors=True)
    rows = {f"clean -j {MAKE_JOBS}": phases(build_cmd(project, out, MAKE_JOBS, conf=conf), project, work),
            "no-op (sphinx)": phases(build_cmd(project, out, "auto", conf=conf), project, work)}
    touch_append(largest, "\nEdited for the phase timing.\n")
    rows["page edit, serial"] = phases(build_cmd(project, out, "1", conf=conf), project, work)
    for label, spent in rows.items():
        print(f"    {label:16} " + "".join(f"{spent.get(name, 0):9.2f}" for name in PHASES))


def overhead_figures(work: Path, project: Path, runs: int) -> None:
    confs = baseline_confs(work, project)
    timed(build_cmd(project, work / "capture", None, strict=False, conf=confs["capture"]), project)
    # Interleaved, so that a slow moment of the machine hits all three alike.
    times: dict[str, list[float]] = {"ours": [], "replay": [], "empty": []}
    for _ in range(runs):
        for name in times:
            target = work / f"overhead-{name}"
            shutil.rmtree(target, ignore_errors=True)
            conf = None if name == "ours" else confs[name]
            # The empty stand-ins leave term links dangling (warnings); the others must be clean.
            elapsed = timed(build_cmd(project, target, None, strict=name != "empty", conf=conf), project)
            if name == "replay":  # less the unpickling that only the replay does
                elapsed -= float((work / "replay.pickle.cost").read_text())
            times[name].append(elapsed)
    ours = statistics.median(times["ours"])
    print("Extensions overhead (serial clean builds of the same sources, interleaved; budget <= 25 %)")
    print(f"  with our extensions                            {median(times['ours'])}")
    print(f"  same content, our code off (replayed nodes)¹   {median(times['replay'])}"
          f"  overhead {(ours / statistics.median(times['replay']) - 1) * 100:5.1f} %  <- budget")
    print(f"  content removed too (empty stand-ins)          {median(times['empty'])}"
          f"  ratio    {(ours / statistics.median(times['empty']) - 1) * 100:5.1f} %  (content + code)")
    print("  ¹ less the time the replay spends unpickling the recorded nodes")


def profile_figures(work: Path, project: Path) -> None:
    """Where a clean serial build spends its time (cProfile self time)."""
    import pstats

    stats_file = work / "build.prof"
    out = work / "profiled"
    # Through Sphinx's own module, not tools/sphinx_build.py: that one leaves with
    # os._exit, before cProfile could write its file.
    cmd = [sys.executable, "-m", "cProfile", "-o", str(stats_file), "-m", "sphinx",
           *build_cmd(project, out, None)[len(SPHINX):]]
    timed(cmd, project)
    stats = pstats.Stats(str(stats_file)).stats
    ours_dir = str(project / "extensions")
    total = sum(row[2] for row in stats.values())
    ours = {key: row for key, row in stats.items() if key[0].startswith(ours_dir)}
    ours_total = sum(row[2] for row in ours.values())
    print("Profile of a clean serial build (cProfile; self time, which the profiler itself inflates)")
    print(f"  all code        {total:6.2f} s")
    print(f"  extensions/     {ours_total:6.2f} s  ({ours_total / total * 100:.1f} %)")
    by_package: dict[str, float] = {}
    for (filename, _, _), row in stats.items():
        if filename.startswith(ours_dir):
            package = "extensions/"
        elif "site-packages/" in filename:
            package = filename.split("site-packages/")[1].split("/")[0]
        else:
            package = "python and other"
        by_package[package] = by_package.get(package, 0.0) + row[2]
    print("  by package:")
    for package, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:8]:
        print(f"    {package:24} {seconds:6.2f} s")
    print("  slowest functions of ours (self time):")
    for (filename, line, name), row in sorted(ours.items(), key=lambda kv: -kv[1][2])[:5]:
        print(f"    {row[2]:6.3f} s  {Path(filename).name}:{line} {name}")


def diagram_counts(site: Path) -> dict[Path, int]:
    """Every HTML page of the site and the number of Mermaid diagrams on it."""
    return {p: p.read_text(encoding="utf-8").count('class="mermaid"') for p in sorted(site.rglob("*.html"))}


def page_figures(site: Path, diagram_pages: dict[Path, int]) -> None:
    pages = list(diagram_pages)
    heaviest = max(diagram_pages, key=lambda p: (diagram_pages[p], p.stat().st_size))
    weights = {p: page_weight(p) for p in pages}
    largest_text = max((p for p in pages if not diagram_pages[p]), key=lambda p: weights[p].raw)
    print("Page weight (HTML + CSS + JS; budget: text page <= 150 KB)")
    for label, page in (("text page", site / "sources.html"), ("heaviest diagram page", heaviest),
                        ("largest without diagram", largest_text)):
        w = weights[page]
        print(f"  {label:24} {page.relative_to(site)!s:24} {w.raw / 1024:7.1f} KiB"
              f" ({w.gzipped / 1024:6.1f} KiB gzipped) in {w.requests} requests"
              f"{' (loads mermaid)' if w.mermaid else ''}")
    heavy = weights[heaviest].raw / 1024 / 1024
    print(f"  heaviest diagram page, everything it loads: {heavy:5.2f} MB  "
          f"{budget('diagram page weight', heavy, 1.5, 'MB')}")
    no_diagram_with_mermaid = [p for p in pages if not diagram_pages[p] and weights[p].mermaid]
    print(f"  pages without a diagram that load mermaid: {len(no_diagram_with_mermaid)} of "
          f"{sum(not n for n in diagram_pages.values())}")


def render_figures(site: Path, diagram_pages: dict[Path, int], runs: int) -> None:
    """From navigation start until every diagram is an SVG, read in the page itself
    (performance.now()). Every diagram page once, then the slowest one again,
    with the browser cache emptied first and then warm."""
    from devkit.browser import DIAGRAM_STATE, SHOW_HIDDEN, inject_on_new_document, wait_for

    done = DIAGRAM_STATE.replace("return {", "return {now: performance.now(),", 1)
    driver = start_chromium(Path(tempfile.mkdtemp()))

    def rendered_after(base: str, page: Path, cold: bool) -> float:
        expected = diagram_pages[page]
        if cold:
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        driver.get("about:blank")
        driver.get(f"{base}/{page.relative_to(site).as_posix()}")
        state = wait_for(lambda: (s := driver.execute_script(done))["svgs"] >= expected and s, 30, 0.005)
        if not state:
            sys.exit(f"diagrams on {page.relative_to(site)} did not render")
        return state["now"] / 1000

    try:
        inject_on_new_document(driver, SHOW_HIDDEN)
        with serve_directory(site) as base:
            first = {page: rendered_after(base, page, cold=True) for page, n in diagram_pages.items() if n}
            slowest = max(first, key=first.get)
            cold = [rendered_after(base, slowest, cold=True) for _ in range(runs)]
            warm = [rendered_after(base, slowest, cold=False) for _ in range(runs)]
    finally:
        driver.quit()
    name = slowest.relative_to(site)
    print("Rendering (budget: heaviest diagram page fully rendered <= 1.5 s)")
    print(f"  all {len(first)} diagram pages, cache empty: median {statistics.median(first.values()):.2f} s,"
          f" slowest {name}")
    print(f"  {name}, cache empty: {median(cold)}")
    print(f"  {name}, cache warm:  {median(warm)}")


def examples_figures(work: Path, project: Path, runs: int) -> None:
    """Cost of validating the worked-example manifests (issue 18; budget <= 15 % clean, ~0 incremental)."""
    off = ["-D", "worked_examples_validate=0"]
    times: dict[str, list[float]] = {"on": [], "off": [], "page on": [], "page off": []}
    for i in range(runs):  # interleaved, so a slow moment of the machine hits both alike
        for name, extra in (("on", []), ("off", off)):
            out = work / f"examples-{name}"
            shutil.rmtree(out, ignore_errors=True)
            times[name].append(timed(build_cmd(project, out, None) + extra, project))
            touch_append(project / "docs" / "sources.md", f"\nEdited for the benchmark, {name} {i}.\n")
            times[f"page {name}"].append(timed(build_cmd(project, out, None) + extra, project))
    # The validation itself, in this process: robust to a busy machine, where whole
    # builds vary by more than the validation costs.
    sys.path.insert(0, str(project / "extensions"))
    import worked_examples  # only this group needs it
    cold, warm = [], []
    for _ in range(runs):
        worked_examples._DIGESTS.clear()  # as in a fresh sphinx-build process
        cache: dict = {}
        start = time.perf_counter()
        digests = worked_examples.Digests(project / "data" / "crd-schemas")
        worked_examples.check_all(project / "examples", digests, cache)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        worked_examples.check_all(project / "examples", digests, cache)
        warm.append(time.perf_counter() - start)
    on, off_ = statistics.median(times["on"]), statistics.median(times["off"])
    print(f"Worked-example validation ({len(list((project / 'examples').glob('*/*/*.yaml')))} manifests; "
          "serial builds, interleaved; budget <= 15 % clean, nothing measurable incremental)")
    print(f"  clean build, validation on      {median(times['on'])}  cost {(on / off_ - 1) * 100:5.1f} %")
    print(f"  clean build, validation off     {median(times['off'])}")
    print(f"  one page edited, validation on  {median(times['page on'])}  (manifests unchanged: none re-validated)")
    print(f"  one page edited, validation off {median(times['page off'])}")
    print(f"  validation alone, first build (digests loaded, all manifests checked) {median(cold)}")
    print(f"  validation alone, manifests unchanged (cache hit, nothing re-read)    {median(warm)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["builds", "overhead", "profile", "pages", "examples"],
                        help="one group of figures (all of them by default)")
    parser.add_argument("--write-readme", action="store_true",
                        help="put this run's budget table into README.md (between the bench-table markers)")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"Machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; load average at start "
          f"{load[0]:.2f} (1 min), {load[1]:.2f} (5 min): figures from a busy machine are not comparable")
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    project = copy_project(work / "project")
    try:
        if args.only in (None, "builds"):
            build_figures(work, project, args.runs)
        if args.only in (None, "overhead"):
            overhead_figures(work, project, args.runs)
        if args.only in (None, "examples"):
            examples_figures(work, project, args.runs)
        if args.only in (None, "profile"):
            profile_figures(work, project)
        if args.only in (None, "pages"):
            site = work / "site"
            timed(build_cmd(project, site, None), project)
            diagrams = diagram_counts(site)
            page_figures(site, diagrams)
            render_figures(site, diagrams, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    end_load = os.getloadavg()[0]
    print(f"Load average at the end: {end_load:.2f} (1 min)")
    if args.write_readme:
        write_readme(ROOT / "README.md", args.runs, (load[0], end_load))
    over = [name for name, (limit, _) in BUDGETS.items() if RESULTS[name] > limit]
    if BUDGETS:
        print("Budgets: " + ", ".join(f"{name} {RESULTS[name]:.3g} {unit} (<= {limit:g})"
                                      for name, (limit, unit) in BUDGETS.items()))
    if over:
        sys.exit(f"OVER BUDGET: {', '.join(over)}")


if __name__ == "__main__":
    main()
