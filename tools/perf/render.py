"""View + layout + SVG of one sequence diagram, as the site draws it (inline, no heading),
and every level of detail of a stack page (`render_levels`, what the site calls).

Timed in this process after one warm-up call (font metrics and imports are loaded once
per build, not per diagram): the median CPU time of `repeat` calls of each stage, each
with the text-measurement caches emptied, so every call measures its labels afresh. Map
layouts are the exception: `dot` runs in its own process, so they are wall time.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from stacktour import text as text_module
from stacktour.links import LinkScheme
from stacktour.loader import load_project
from stacktour.model import CALL_KINDS, Call, Frame, Group, Layer, Project, Via
from stacktour.resolve import ResolvedStack, resolve_all
from stacktour.sequence import diagram_model, render_levels
from stacktour.sequence.layout import LayoutOptions, layout
from stacktour.sequence.svg import num as svg_num
from stacktour.sequence.svg import write_svg

from tools.synthetic import synthetic_project

T = TypeVar("T")


@dataclass(frozen=True)
class RenderRow:
    name: str
    participants: int
    steps: int
    view_ms: float
    layout_ms: float
    svg_ms: float
    svg_bytes: int
    levels: int = 0  # levels of detail the stack page ships
    page_ms: float = 0.0  # all of them, as the site renders a stack page (render_levels)

    @property
    def total_ms(self) -> float:
        return self.view_ms + self.layout_ms + self.svg_ms


def _forget_caches() -> None:
    """Empty the measurement and formatting caches (not the font tables, loaded once per
    build, nor the per-character advances read from them): each timed call then pays
    for its labels and coordinates as the first diagram of a build does."""
    for value in vars(text_module).values():
        if hasattr(value, "cache_clear") and value is not text_module._tables:
            value.cache_clear()
    svg_num.cache_clear()


def _median_ms(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    result = fn()  # warm-up
    samples = []
    for _ in range(repeat):
        _forget_caches()
        # CPU time of this process: on a shared machine, wall time also counts the
        # moments another process had the core; for one thread of Python they agree
        # when the machine is idle.
        start = time.process_time()
        result = fn()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples), result


def render_row(
    name: str,
    resolved: ResolvedStack,
    project: Project,
    repeat: int,
    stacks: dict[str, ResolvedStack] | None = None,
) -> RenderRow:
    links = LinkScheme(base="../../")
    view_ms, diagram = _median_ms(lambda: diagram_model(resolved, project, links=links), repeat)
    layout_ms, geometry = _median_ms(lambda: layout(diagram, LayoutOptions(heading=False)), repeat)
    svg_ms, svg = _median_ms(lambda: write_svg(geometry, css=None, background=False), repeat)
    page_ms, (_, levels) = _median_ms(
        lambda: render_levels(resolved, project, links, subflows=stacks or {}, line_numbers=True),
        repeat,
    )
    return RenderRow(
        name,
        len(resolved.layers),
        len(resolved.steps),
        view_ms,
        layout_ms,
        svg_ms,
        len(svg.encode()),
        len(levels),
        page_ms,
    )


def site_rows(stacks_dir: Path, repeat: int) -> list[RenderRow]:
    """One row per stack of the site at `stacks_dir`."""
    result = load_project(stacks_dir)
    if result.project is None:
        raise SystemExit(f"{stacks_dir} does not load")
    stacks = dict(result.stacks)
    return [
        render_row(stack_id, resolved, result.project, repeat, stacks)
        for stack_id, resolved in result.stacks.items()
    ]


def big_row(repeat: int, participants: int = 40, steps: int = 300) -> RenderRow:
    """The generated 40-participant, 300-step stack (seed 7, as the earlier benchmark had it)."""
    project = synthetic_project(participants, steps, seed=7, groups=6)
    resolved, problems = resolve_all(project)
    if problems:
        raise SystemExit(f"the synthetic stack does not resolve: {problems[0]}")
    return render_row(f"generated {participants}x{steps}", resolved["synthetic"], project, repeat)


@dataclass(frozen=True)
class MapRow:
    name: str
    layers: int
    edges: int
    dot_text_ms: float  # model -> DOT text
    layout_ms: float  # one `dot -Tsvg` run, the memory cache cleared
    cached_ms: float  # the whole render with the layout cached: what a rebuild pays


def map_row(name: str, project: Project, resolved: dict[str, ResolvedStack], repeat: int) -> MapRow:
    from stacktour import graph
    from stacktour.graph.run import clear_memory_cache

    links = LinkScheme(base="../")
    dot_ms, dot_text = _median_ms(
        lambda: graph.map_dot(project, links=links, resolved=resolved), repeat
    )

    def cold() -> str:
        clear_memory_cache(versions=False)  # keep `dot -V`: time the layout alone
        return graph.render_map_svg(project, links=links, resolved=resolved, timeout=600)

    start = time.perf_counter()
    for _ in range(max(1, repeat // 4)):
        cold()
    layout_ms = (time.perf_counter() - start) * 1000 / max(1, repeat // 4)
    runs = graph.STATS.runs
    cached_ms, _ = _median_ms(
        lambda: graph.render_map_svg(project, links=links, resolved=resolved), repeat
    )
    if graph.STATS.runs != runs:
        raise SystemExit("a cached map render started `dot`")
    return MapRow(
        name, len(project.layers), dot_text.count(" -> "), dot_ms, layout_ms - dot_ms, cached_ms
    )


def tree_project(layers: int = 40, seed: int = 7) -> Project:
    """A map-shaped project: a call tree (layer i calls 2i+1 and 2i+2), a few calls back
    across it, a network hop every tenth layer, four processes and two nested build
    groups; the same for a seed."""
    rng = random.Random(seed)
    groups = [Group(f"proc{i}", f"Process {i}") for i in range(4)]
    groups += [Group(f"gen{i}", f"Generated {i}", "build", parent=f"proc{i}") for i in range(2)]
    kinds = sorted(k for k in CALL_KINDS if k != "network")
    made = []
    for i in range(layers):
        targets = {2 * i + 1, 2 * i + 2}
        if rng.random() < 0.1:
            targets.add(rng.randrange(layers))
        calls = []
        for n, target in enumerate(sorted(t for t in targets if i != t < layers)):
            kind = "network" if i % 10 == 9 else rng.choice(kinds)
            via = Via("gRPC", f"/Svc/Method{i}") if kind == "network" else None
            calls.append(Call(kind, to=f"l{target}.f", at=n + 1, via=via))
        group = groups[i * 4 // layers].id if i % 7 else groups[4 + i % 2].id
        frame = Frame(f"l{i}.f", "f", f"l{i}", f"Method{i}", calls=tuple(calls))
        made.append(Layer(f"l{i}", f"Layer{i}Component", "class", group, frames=(frame,)))
    return Project(groups=tuple(groups), layers=tuple(made))


def map_rows(stacks_dir: Path, repeat: int) -> list[MapRow]:
    """The site map of the site at `stacks_dir`, and of a generated 40-layer system."""
    result = load_project(stacks_dir)
    rows = []
    if result.project is not None:
        rows.append(map_row("this site's map", result.project, dict(result.stacks), repeat))
    rows.append(map_row("generated, 40 layers", tree_project(40), {}, repeat))
    return rows
