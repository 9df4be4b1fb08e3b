"""Random stacks (hypothesis): any size, any text (CJK, very long, markup), any view,
notes drawn or not."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stacktour.links import LinkScheme
from stacktour.resolve import resolve_all
from stacktour.sequence import diagram_geometry, render_sequence_svg
from stacktour.sequence.check import overlaps

from tools.synthetic import synthetic_project

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
