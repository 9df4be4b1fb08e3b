"""View + layout + SVG of one sequence diagram, as the site draws it (inline, no heading).

Timed in this process after one warm-up call (font metrics and imports are loaded once
per build, not per diagram); the median of `repeat` calls of each stage.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from stacktour.links import LinkScheme
from stacktour.loader import load_project
from stacktour.model import Project
from stacktour.resolve import ResolvedStack, resolve_all
from stacktour.sequence import diagram_model
from stacktour.sequence.layout import LayoutOptions, layout
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

    @property
    def total_ms(self) -> float:
        return self.view_ms + self.layout_ms + self.svg_ms


def _median_ms(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    result = fn()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), result


def render_row(name: str, resolved: ResolvedStack, project: Project, repeat: int) -> RenderRow:
    links = LinkScheme(base="../../")
    view_ms, diagram = _median_ms(lambda: diagram_model(resolved, project, links=links), repeat)
    layout_ms, geometry = _median_ms(lambda: layout(diagram, LayoutOptions(heading=False)), repeat)
    svg_ms, svg = _median_ms(lambda: write_svg(geometry, css=None, background=False), repeat)
    return RenderRow(
        name,
        len(resolved.layers),
        len(resolved.steps),
        view_ms,
        layout_ms,
        svg_ms,
        len(svg.encode()),
    )


def site_rows(stacks_dir: Path, repeat: int) -> list[RenderRow]:
    """One row per stack of the site at `stacks_dir`."""
    result = load_project(stacks_dir)
    if result.project is None:
        raise SystemExit(f"{stacks_dir} does not load")
    return [
        render_row(stack_id, resolved, result.project, repeat)
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
        return graph.render_map_svg(project, links=links, resolved=resolved)

    layout_ms, _ = _median_ms(cold, max(1, repeat // 4))
    runs = graph.STATS.runs
    cached_ms, _ = _median_ms(
        lambda: graph.render_map_svg(project, links=links, resolved=resolved), repeat
    )
    if graph.STATS.runs != runs:
        raise SystemExit("a cached map render started `dot`")
    return MapRow(
        name, len(project.layers), dot_text.count(" -> "), dot_ms, layout_ms - dot_ms, cached_ms
    )


def map_rows(stacks_dir: Path, repeat: int) -> list[MapRow]:
    """The site map of the site at `stacks_dir`, and of the 40-layer generated project."""
    result = load_project(stacks_dir)
    rows = []
    if result.project is not None:
        rows.append(map_row("this site's map", result.project, dict(result.stacks), repeat))
    big = synthetic_project(40, 300, seed=7, groups=6)
    resolved, _ = resolve_all(big)
    rows.append(map_row("generated, 40 layers", big, resolved, repeat))
    return rows
