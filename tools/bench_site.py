"""Benchmark: building this repository's site, as `mkdocs build` and as `mkdocs serve`
rebuilds see it (one process, caches warm).

    .venv/bin/python tools/bench_site.py [--repeat N]

Prints, for each scenario, the median wall time and how many times `dot` ran.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from stacktour import graph, site

ROOT = Path(__file__).resolve().parent.parent


def _copy_repo(target: Path) -> Path:
    for name in ("mkdocs.yml", "docs", "stacks"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    return target


def _build(root: Path) -> tuple[float, int]:
    runs = graph.STATS.runs
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    start = time.perf_counter()
    build(config)
    return time.perf_counter() - start, graph.STATS.runs - runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        root = _copy_repo(Path(tmp))
        graph.clear_memory_cache()
        cold, cold_runs = _build(root)
        print(f"first build (empty caches):        {cold * 1000:8.0f} ms, dot runs: {cold_runs}")

        unchanged = [_build(root) for _ in range(args.repeat)]
        times = [t for t, _ in unchanged]
        runs = sum(r for _, r in unchanged)
        print(
            f"rebuild, nothing changed:          {statistics.median(times) * 1000:8.0f} ms, "
            f"dot runs: {runs} over {args.repeat} builds"
        )

        # Rename one layer: every page and map that shows it changes.
        layer = root / "stacks/layers/grpc-worker.yaml"
        original = layer.read_text()
        edited = []
        for i in range(args.repeat):
            layer.write_text(original.replace("title: GrpcWorker\n", f"title: GrpcWorker{i}\n"))
            edited.append(_build(root))
        print(
            f"rebuild after renaming one layer:  "
            f"{statistics.median(t for t, _ in edited) * 1000:8.0f} ms, "
            f"dot runs: {sum(r for _, r in edited)} over {args.repeat} builds"
        )

        # As a new `mkdocs build` process: no in-memory cache, the dot cache on disk.
        graph.clear_memory_cache()
        site._SITES.clear()
        fresh = _build(root)
        print(
            f"new process, disk cache warm:      {fresh[0] * 1000:8.0f} ms, dot runs: {fresh[1]}"
        )


if __name__ == "__main__":
    main()
