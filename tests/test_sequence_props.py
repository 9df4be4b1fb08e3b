"""Random stacks (hypothesis): any size, any text (CJK, very long, markup, long names),
any view, notes drawn or not; stacks made of sub-flows at every level of detail."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stacktour.links import LinkScheme
from stacktour.resolve import resolve_all
from stacktour.sequence import diagram_geometry, render_sequence_svg
from stacktour.sequence.check import overlaps
from stacktour.sequence.levels import LEVELS

from tools.synthetic import composed_project, synthetic_project

WORDS = st.sampled_from(
    [
        "调度新的编排实例",
        "启动",
        "ScheduleNewOrchestrationInstanceAsync(request, cancellationToken)",
        "x",
        "한국어 레이블",
        "Ünïcödé ß λ",
        '<b>&amp;"quoted"',
        "A" * 90,
        "进程" * 30,
        "next(context)",
        "http.client.HTTPConnection",
        "std::vector::push_back",
        "这是，测试。换行",
    ]
)
TEXT = st.one_of(WORDS, st.text(min_size=1, max_size=60))


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    layers=st.integers(min_value=1, max_value=16),
    steps=st.integers(min_value=1, max_value=30),
    seed=st.integers(min_value=0, max_value=10_000),
    groups=st.integers(min_value=1, max_value=6),
    texts=st.lists(TEXT, max_size=6),
    returns=st.booleans(),
    notes=st.booleans(),
    hide=st.integers(min_value=0, max_value=3),
    standalone=st.booleans(),
)
def test_random_stacks_never_overlap(
    layers: int,
    steps: int,
    seed: int,
    groups: int,
    texts: list[str],
    returns: bool,
    notes: bool,
    hide: int,
    standalone: bool,
) -> None:
    project = synthetic_project(layers, steps, seed, texts=texts, groups=groups)
    resolved, problems = resolve_all(project)
    assert problems == []
    stack = resolved["synthetic"]
    hidden = [layer.id for layer in stack.layers[1:][:hide]]
    geometry = diagram_geometry(
        stack,
        project,
        links=LinkScheme(),
        show_returns=returns,
        show_notes=notes,
        hide=hidden,
        standalone=standalone,
    )
    assert [str(o) for o in overlaps(geometry)] == []
    svg = render_sequence_svg(
        stack, project, links=LinkScheme(), show_returns=returns, show_notes=notes, hide=hidden
    )
    root = ET.fromstring(svg)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    layers=st.integers(min_value=2, max_value=12),
    steps=st.integers(min_value=1, max_value=20),
    seed=st.integers(min_value=0, max_value=10_000),
    groups=st.integers(min_value=1, max_value=5),
    texts=st.lists(TEXT, max_size=4),
    returns=st.booleans(),
    notes=st.booleans(),
)
def test_every_level_of_stacks_made_of_sub_flows_is_clean(
    layers: int,
    steps: int,
    seed: int,
    groups: int,
    texts: list[str],
    returns: bool,
    notes: bool,
) -> None:
    """At every level: nothing overlaps, ids are unique across the page's levels, and
    every step of the walkthrough is marked (an arrow, a box, or the bar it runs on)."""
    project = composed_project(layers, steps, seed, texts=texts, groups=groups)
    resolved, problems = resolve_all(project)
    assert problems == []
    for stack_id in ("composed", "outer"):
        stack = resolved[stack_id]
        ids: set[str] = set()
        for level in LEVELS:
            options = level.options(show_returns=returns, show_notes=notes, line_numbers=True)
            try:
                geometry = diagram_geometry(
                    stack, project, links=LinkScheme(), options=options, subflows=resolved
                )
            except ValueError:
                continue  # folding hid every participant
            assert [str(o) for o in overlaps(geometry)] == [], (stack_id, level.id)
            marked: set[int] = set()
            for item in geometry.items:
                data = dict(item.data)
                marked.update(int(n) for n in data.get("steps", "").split())
                if "step" in data:
                    marked.add(int(data["step"]))
            assert {s.number for s in stack.steps} <= marked, (stack_id, level.id)
            svg = render_sequence_svg(
                stack, project, links=LinkScheme(), options=options, subflows=resolved
            )
            here = [e.get("id") or "" for e in ET.fromstring(svg).iter() if e.get("id")]
            assert len(here) == len(set(here)) and not ids & set(here)
            ids |= set(here)
