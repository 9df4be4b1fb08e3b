"""The benchmark: what stacktour costs to build and to read, against its floor and Mermaid.

    .venv/bin/python tools/bench.py            # the full run; rewrites docs/performance.md
    .venv/bin/python tools/bench.py --quick    # a smoke run on tiny sites (prints the table)

Measures, in one run: `mkdocs build` of this site and of synthetic sites (N stacks from a
fixed seed) against their floors; one diagram's view + layout + SVG; Graphviz runs cold and
warm; the edit loop under `mkdocs serve`; peak memory; and, in headless Chromium, the time
until a stack page's diagram is painted, against the same page without it and the same
diagram drawn by Mermaid. Writes the Markdown table that the site publishes as its
Performance page. See tools/perf/ for how each figure is taken.
"""

from __future__ import annotations

import argparse
import datetime
import re
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.browser import free_port  # noqa: E402
from tools.perf import anatomy, machine, mermaid, reader, render, sites  # noqa: E402
from tools.perf.build import bench_build  # noqa: E402
from tools.perf.editloop import SUMMARY_FIRST_WORD, bench_edit_loop  # noqa: E402
from tools.perf.report import Results  # noqa: E402
from tools.perf.report import render as render_report  # noqa: E402
from tools.perf.runs import DotCounter, mkdocs_build  # noqa: E402

PARTS = ("build", "site", "render", "edit", "reader", "sync")  # site: this site's build
READER_STACK = "worker-schedule"  # 15 participants, 20 steps: the reference page


def _log(text: str) -> None:
    stamp = datetime.datetime.now().strftime("%H:%M:%S")
    print(f"[{stamp}] {text}", file=sys.stderr, flush=True)


def _editable_layer(site: Path, floor: Path) -> str:
    """A layer whose summary starts with a word, in the YAML and on the floor's page."""
    for path in sorted((site / "stacks" / "layers").glob("*.yaml")):
        match = re.search(SUMMARY_FIRST_WORD, path.read_text(), re.MULTILINE)
        page = floor / "docs" / "layers" / f"{path.stem}.md"
        if match and page.exists() and re.search(rf"^{match.group(1)}\b", page.read_text(), re.M):
            return path.stem
    raise SystemExit(f"{site}: no layer summary to edit")


MIRRORS = Path("/work/.mirror")  # clones of the quoted repositories, where this machine has them


def _mirror_sources(stacks: Path) -> dict[str, Path] | str:
    """Repository id -> local clone for every repository in system.yaml, or why not."""
    from stacktour.loader import load_project

    result = load_project(stacks)
    if result.project is None:
        return "the stacks do not load"
    found: dict[str, Path] = {}
    for repo in result.project.repos:
        match = re.match(r"https://github\.com/([^/]+)/([^/]+?)(?:\.git)?/?$", repo.url)
        clone = MIRRORS / f"{match.group(1)}+{match.group(2)}" / "repo" if match else None
        if clone is None or not clone.is_dir():
            return f"no local clone of {repo.url} here (CI has none)"
        found[repo.id] = clone
    return found


def _sync(results: Results, runs: int) -> None:
    """`stacktour sync` of this site with warm clones: whole processes on a copy of
    stacks/ that is already in sync, so a run writes nothing; the first is not timed."""
    from tools.perf.runs import median, run

    sources = _mirror_sources(ROOT / "stacks")
    if isinstance(sources, str):
        results.skipped["sync"] = f"not measured: {sources}"
        return
    with tempfile.TemporaryDirectory(prefix="stacktour-bench-sync-") as tmp:
        stacks = Path(tmp) / "stacks"
        shutil.copytree(ROOT / "stacks", stacks)
        command = [sys.executable, "-m", "stacktour.cli", "sync", str(stacks)]
        for repo, clone in sorted(sources.items()):
            command += ["--source", f"{repo}={clone}"]
        times, cpu = [], []
        for i in range(runs + 1):
            done = run(command, cwd=Path(tmp))
            if not done.ok:
                results.skipped["sync"] = f"not measured: sync failed: {done.output[-300:]}"
                return
            if i:
                times.append(done.seconds)
                cpu.append(done.cpu_seconds)
        changed = sorted(
            str(p.relative_to(stacks))
            for p in stacks.rglob("*.yaml")
            if p.read_bytes() != (ROOT / "stacks" / p.relative_to(stacks)).read_bytes()
        )
    if changed:
        results.skipped["sync"] = f"not measured: sync rewrote {', '.join(changed[:3])}"
        return
    results.sync_seconds = median(times)
    results.sync_cpu_seconds = median(cpu)
    results.sync_runs = len(times)
    _log(
        f"sync: median {results.sync_seconds:.2f} s (CPU {results.sync_cpu_seconds:.2f} s) "
        f"over {len(times)} runs"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sites, one run each")
    parser.add_argument("--sizes", default="20,200,500", help="stacks per synthetic site")
    parser.add_argument("--runs", type=int, default=3, help="warm builds per site (and floor)")
    parser.add_argument(
        "--large-runs",
        type=int,
        default=1,
        help="warm builds per synthetic site of more than 20 stacks (each takes minutes)",
    )
    parser.add_argument("--edits", type=int, default=5, help="edits per server in the edit loop")
    parser.add_argument("--rounds", type=int, default=8, help="reader rounds")
    parser.add_argument("--repeat", type=int, default=20, help="calls per render stage")
    parser.add_argument("--skip", default="", help=f"comma-separated, of: {', '.join(PARTS)}")
    parser.add_argument(
        "--out",
        help="write the table here (default: docs/performance.md; with --quick: standard output)",
    )
    parser.add_argument("--workdir", help="keep generated sites here (default: a temp dir)")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if skip - set(PARTS):
        parser.error(f"--skip takes {', '.join(PARTS)}")
    if args.quick:
        sizes = [3]
        layers, steps = (12, 16), (25, 40)
        args.runs, args.edits, args.rounds, args.repeat = 1, 1, 1, 3
    else:
        sizes = [int(n) for n in args.sizes.split(",") if n.strip()]
        layers, steps = sites.SyntheticSpec.layers, sites.SyntheticSpec.steps
    command = "python tools/bench.py" + (
        " " + shlex.join(argv if argv is not None else sys.argv[1:])
        if (argv or sys.argv[1:])
        else ""
    )
    started = time.monotonic()
    results = Results(
        date=datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        command=command,
        quick=args.quick,
        load_before=machine.load(),
        machine=machine.machine(),
    )
    dot = DotCounter()
    if not dot.available:
        raise SystemExit("Graphviz `dot` is not on PATH (apt-get install graphviz)")
    with tempfile.TemporaryDirectory(prefix="stacktour-bench-") as tmp:
        work = Path(args.workdir or tmp).resolve()
        if work == ROOT or ROOT.is_relative_to(work):
            raise SystemExit("--workdir must be a folder of its own, outside the repository")
        for old in [work / "repo", *(work / f"n{n}" for n in sizes)]:
            shutil.rmtree(old, ignore_errors=True)  # only what an earlier run made here
        repo_site = sites.copy_repository_site(work / "repo" / "site")
        repo_floor = work / "repo" / "floor"
        sites.write_floor_site(repo_site, repo_floor)
        _warm_up(work / "warm-up", dot)
        if "site" not in skip:
            results.builds.append(
                bench_build("this site", repo_site, repo_floor, args.runs, dot, _log)
            )
        if "build" not in skip:
            for n in sizes:
                label = f"N = {n}"
                site, floor = work / f"n{n}" / "site", work / f"n{n}" / "floor"
                _log(f"{label}: writing the synthetic site and its floor")
                results.facts[label] = sites.write_synthetic_site(
                    site, sites.SyntheticSpec(n, layers, steps)
                )
                sites.write_floor_site(site, floor)
                runs = args.runs if n <= 20 else args.large_runs
                results.builds.append(bench_build(label, site, floor, runs, dot, _log))
        if "render" not in skip:
            _log("render: this site's stacks and 40 x 300")
            results.render_site = render.site_rows(ROOT / "stacks", args.repeat)
            results.render_big = render.big_row(max(3, args.repeat // 4))
            results.maps = render.map_rows(ROOT / "stacks", max(3, args.repeat // 2))
        if "edit" not in skip:
            layer = _editable_layer(repo_site, repo_floor)
            _log(f"edit loop: this site, layer {layer}")
            results.edits.append(
                (
                    "this site",
                    bench_edit_loop(
                        repo_site,
                        repo_floor,
                        layer,
                        args.edits,
                        (free_port(), free_port()),
                        dot,
                        _log,
                    ),
                )
            )
        if "reader" not in skip:
            _reader(results, repo_site, repo_floor, work, args.rounds)
        if "sync" not in skip:
            _sync(results, args.runs)
    dot.close()
    results.load_after = machine.load()
    results.minutes = (time.monotonic() - started) / 60
    results.versions = machine.versions(reader.chromium_version(), mermaid.mermaid_version())
    text = render_report(results)
    out = args.out or (None if args.quick else str(ROOT / "docs" / "performance.md"))
    if out is None:
        print(text)
    else:
        Path(out).write_text(text, encoding="utf-8")
        _log(f"wrote {out}")
    return 0


def _warm_up(folder: Path, dot: DotCounter) -> None:
    """Build a one-stack site, its floor and the Mermaid set-up once, untimed: every
    module the timed processes import is compiled and cached by then."""
    _log("warm-up: a one-stack site, its floor and Mermaid (untimed)")
    shutil.rmtree(folder, ignore_errors=True)
    site, floor = folder / "site", folder / "floor"
    sites.write_synthetic_site(site, sites.SyntheticSpec(1, (12, 12), (25, 25)))
    sites.write_floor_site(site, floor)
    mkdocs_build(site, site / "_site", dot=dot)
    mkdocs_build(floor, floor / "_site")
    if mermaid.MERMAID_JS.exists():
        source = mermaid.mermaid_source(site / "stacks", "stack-0")
        mermaid.write_mermaid_site(floor, folder / "mermaid", "stacks/stack-0.md", source)
        mkdocs_build(folder / "mermaid", folder / "mermaid" / "_site")
    shutil.rmtree(folder, ignore_errors=True)


def _reader(results: Results, site: Path, floor: Path, work: Path, rounds: int) -> None:
    page = f"stacks/{READER_STACK}/"
    results.reader_page = page
    built = {"stacktour": site / "_site", "floor": floor / "_site"}
    if not (site / "_site" / page / "index.html").exists():
        mkdocs_build(site, site / "_site")
    if not (floor / "_site" / page / "index.html").exists():
        mkdocs_build(floor, floor / "_site")
    if mermaid.MERMAID_JS.exists():
        mermaid_site = work / "repo" / "mermaid"
        source = mermaid.mermaid_source(site / "stacks", READER_STACK)
        mermaid.write_mermaid_site(floor, mermaid_site, f"stacks/{READER_STACK}.md", source)
        mkdocs_build(mermaid_site, mermaid_site / "_site")
        built["mermaid"] = mermaid_site / "_site"
    else:
        results.skipped["mermaid"] = f"not measured: {mermaid.MISSING}"
    html = (built["stacktour"] / page / "index.html").read_text(encoding="utf-8")
    results.anatomy = anatomy.page_anatomy(html)
    results.diagram_svg_bytes = anatomy.first_diagram_svg_bytes(html)
    _log(f"reader: {page}, {', '.join(built)}")
    try:
        results.reader = reader.bench_reader(built, page, rounds, _log)
    except (SystemExit, Exception) as exc:  # a browser failure keeps the run's other figures
        results.skipped["reader"] = f"not measured: {type(exc).__name__}: {exc}"[:300]


if __name__ == "__main__":
    raise SystemExit(main())
