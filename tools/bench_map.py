"""Time the map: DOT generation, and `dot` cold, from the memory cache and from disk.

    .venv/bin/python tools/bench_map.py [STACKS_DIR] [--repeat N]

Runs on this repository's stacks (when they load) and on a generated 40-layer project in
four processes with nested groups, so the numbers do not depend on how much content the
site has today. Speed is measured here, not asserted in tests.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from stacktour.graph import STATS, MapScope, build_map, map_dot, render_map_svg
from stacktour.graph.run import clear_memory_cache
from stacktour.links import LinkScheme
from stacktour.model import CALL_KINDS, Call, Frame, Group, Layer, Project, Via

ROOT = Path(__file__).resolve().parent.parent


def generated_project(layers: int = 40, seed: int = 7) -> Project:
    """A deterministic project shaped like a real one: a call tree (each layer calls the
    next two), a few calls back across the tree, and a network hop between processes."""
    rng = random.Random(seed)
    groups = [Group(f"proc{i}", f"Process {i}") for i in range(4)]
    groups += [
        Group(f"gen{i}", f"Generated {i}", kind="build", parent=f"proc{i}") for i in range(2)
    ]
    kinds = [k for k in CALL_KINDS if k != "network"]
    made: list[Layer] = []
    for i in range(layers):
        targets = {2 * i + 1, 2 * i + 2}
        if rng.random() < 0.1:
            targets.add(rng.randrange(layers))
        calls: list[Call] = []
        for target in sorted(t for t in targets if t < layers and t != i):
            kind = "network" if i % 10 == 9 else rng.choice(kinds)
            via = Via("gRPC", f"/Svc/Method{i}") if kind == "network" else None
            calls.append(Call(kind, to=f"l{target}.f", at=len(calls) + 1, via=via))
        group = groups[(i * 4) // layers].id if i % 7 else groups[4 + i % 2].id
        frame = Frame(f"l{i}.f", "f", f"l{i}", f"Method{i}", calls=tuple(calls))
        made.append(Layer(f"l{i}", f"Layer{i}Component", "class", group, frames=(frame,)))
    return Project(groups=tuple(groups), layers=tuple(made))


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of `fn`, in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def bench(name: str, project: Project, repeat: int, resolved: dict | None = None) -> None:
    links = LinkScheme()
    scope = MapScope.site()
    dot_ms = timed(lambda: map_dot(project, scope=scope, links=links, resolved=resolved), repeat)

    def cold() -> None:
        clear_memory_cache(versions=False)  # keep `dot -V`: time the layout alone
        render_map_svg(project, links=links, resolved=resolved)

    cold_ms = timed(cold, repeat)
    runs = STATS.runs
    warm_ms = timed(lambda: render_map_svg(project, links=links, resolved=resolved), repeat)
    assert STATS.runs == runs, "a cached render ran dot"
    with tempfile.TemporaryDirectory() as tmp:
        render_map_svg(project, links=links, resolved=resolved, cache_dir=tmp)

        def disk() -> None:
            clear_memory_cache()  # versions too: a fresh process
            render_map_svg(project, links=links, resolved=resolved, cache_dir=tmp)

        disk_ms = timed(disk, repeat)
        assert STATS.runs == runs, "a disk-cached render ran dot"
    edges = len(build_map(project, links=links, resolved=resolved).edges)  # drawn, not invisible
    print(
        f"{name:<26} {len(project.layers):>6} {edges:>6} {dot_ms:>9.2f} {cold_ms:>9.1f}"
        f" {warm_ms:>9.2f} {disk_ms:>9.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stacks", nargs="?", default=str(ROOT / "stacks"))
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    print(f"median of {args.repeat} runs, milliseconds")
    print(
        f"{'graph':<26} {'layers':>6} {'edges':>6} {'DOT gen':>9} {'dot cold':>9}"
        f" {'memory':>9} {'disk':>9}"
    )
    try:
        from stacktour.loader import load_project
    except ImportError:
        load_project = None  # type: ignore[assignment]
    if load_project is not None and Path(args.stacks).is_dir():
        result = load_project(args.stacks)
        if result.project is not None:
            bench("site map (stacks/)", result.project, args.repeat, dict(result.stacks))
    bench("generated, 40 layers", generated_project(40), args.repeat)
    bench("generated, 120 layers", generated_project(120), max(3, args.repeat // 3))


if __name__ == "__main__":
    main()
