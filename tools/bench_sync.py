"""Benchmark: `stacktour sync` of this repository's whole site with warm clones.

    .venv/bin/python tools/bench_sync.py --source dotnet-worker=DIR --source ... [--repeat N]

Each run loads a copy of `stacks/`, opens the sources (one git process per repository),
reads every frame's file at its commit, finds its member and calls with tree-sitter and
compares the result with the YAML: the whole of `sync`, in one process as the command
runs it. The copy is already in sync, so a run writes nothing and the figure is the cost
of the computation, not of the disk. The first run warms the clones' pack files in the
page cache and is not counted. Prints the median and the fastest wall time, in seconds.

`main(argv)` returns the median, for tools/bench.py.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from stacktour.loader import load_project  # noqa: E402
from stacktour.sources import SourceSet, sync  # noqa: E402


def _one_sync(stacks: Path, folders: dict[str, Path]) -> tuple[float, int, int]:
    """(seconds, frames read, frames changed) of one full sync, loading included."""
    start = time.perf_counter()
    result = load_project(stacks)
    if result.project is None:
        raise SystemExit(
            "the stacks do not load:\n" + "\n".join(d.format() for d in result.diagnostics)
        )
    with SourceSet.open(folders) as files:
        report = sync(result.project, files)
    seconds = time.perf_counter() - start
    changed = sum(1 for p in report.plans if p.edits)
    return seconds, len(report.plans), changed


def main(argv: list[str] | None = None) -> float:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", action="append", default=[], metavar="REPO=DIR")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--stacks", default=str(ROOT / "stacks"))
    args = parser.parse_args(argv)
    folders = {}
    for item in args.source:
        repo, sep, folder = item.partition("=")
        if not sep:
            parser.error(f"--source {item}: write REPO=DIR")
        folders[repo] = Path(folder)
    if not folders:
        parser.error("give the clones with --source REPO=DIR (one per repository in system.yaml)")
    with tempfile.TemporaryDirectory() as tmp:
        stacks = Path(tmp) / "stacks"
        shutil.copytree(args.stacks, stacks)
        _one_sync(stacks, folders)  # warm-up: page cache, grammars, imports
        times = []
        for _ in range(args.repeat):
            seconds, frames, changed = _one_sync(stacks, folders)
            times.append(seconds)
    median = statistics.median(times)
    print(
        f"sync of {frames} frames from {len(folders)} repositories ({changed} changed): "
        f"median {median:.2f} s, fastest {min(times):.2f} s over {args.repeat} runs"
    )
    return median


if __name__ == "__main__":
    main()
