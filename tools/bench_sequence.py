"""Benchmark: time to lay out and write the SVG of a sequence diagram.

    .venv/bin/python tools/bench_sequence.py [--repeat N]

Measures the flagship stacks of `stacks/` and a generated 40-participant, 300-step
stack (with returns drawn), split into the view, layout and SVG stages; prints the
median and best of N runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from stacktour.links import LinkScheme
from stacktour.loader import load_project
from stacktour.model import Project
from stacktour.resolve import ResolvedStack, resolve_all
from stacktour.sequence import diagram_model
from stacktour.sequence.layout import LayoutOptions, layout
from stacktour.sequence.style import standalone_css
from stacktour.sequence.svg import write_svg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: make the `tools` package importable
from tools.synthetic import synthetic_project  # noqa: E402

T = TypeVar("T")


def _time(fn: Callable[[], T], repeat: int) -> tuple[float, float, T]:
    times = []
    result: T | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    assert result is not None
    return statistics.median(times), min(times), result


def bench(name: str, resolved: ResolvedStack, project: Project, repeat: int) -> None:
    links = LinkScheme()
    v_med, v_min, diagram = _time(
        lambda: diagram_model(resolved, project, links=links, show_returns=True), repeat
    )
    l_med, l_min, geometry = _time(lambda: layout(diagram, LayoutOptions(heading=True)), repeat)
    css = standalone_css("light")
    s_med, s_min, svg = _time(lambda: write_svg(geometry, css=css, background=True), repeat)
    shapes = sum(len(item.shapes) for item in geometry.items)
    print(
        f"{name:<28} {len(resolved.layers):>3} participants {len(resolved.steps):>4} steps "
        f"{shapes:>6} shapes {len(svg) / 1024:>7.1f} KiB | "
        f"view {v_med:7.2f} ms  layout {l_med:7.2f} ms  svg {s_med:7.2f} ms  "
        f"total {v_med + l_med + s_med:7.2f} ms (best {v_min + l_min + s_min:.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    result = load_project(ROOT / "stacks")
    if result.project is not None:
        for sid in ("start-orchestration", "worker-schedule"):
            if sid in result.stacks:
                bench(sid, result.stacks[sid], result.project, args.repeat)
    big = synthetic_project(40, 300, seed=7, groups=6)
    resolved, problems = resolve_all(big)
    assert not problems, problems
    stack = resolved["synthetic"]
    bench("generated 40x300", stack, big, max(3, args.repeat // 4))


if __name__ == "__main__":
    main()
