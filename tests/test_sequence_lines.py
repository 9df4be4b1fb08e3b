"""Line numbers in the diagram: the call line beside an arrow's label, and the frame's
whole range in its activation bar's tooltip."""

from __future__ import annotations

from pathlib import Path

import pytest
from stacktour.links import LinkScheme
from stacktour.loader import load_project
from stacktour.sequence import diagram_geometry
from stacktour.sequence.check import overlaps
from stacktour.sequence.geometry import Text
from stacktour.sequence.levels import level
from stacktour.sequence.view import ViewOptions, lines_text

ROOT = Path(__file__).resolve().parent.parent


def test_each_arrow_carries_its_call_line_when_asked() -> None:
    result = load_project(ROOT / "stacks")
    assert result.project is not None
    resolved = result.stacks["worker-schedule"]
    options = level("full").options(line_numbers=True)
    geometry = diagram_geometry(
        resolved, result.project, links=LinkScheme(), options=options, subflows=result.stacks
    )
    assert [str(o) for o in overlaps(geometry)] == []
    drawn = {
        dict(it.data)["step"]: [s.text for s in it.shapes if isinstance(s, Text)]
        for it in geometry.items
        if it.cls.startswith("st-msg") and "step" in dict(it.data) and it.key.count("-") == 0
    }
    for step in resolved.steps:
        if step.call is None or step.call.at is None:
            continue
        end = step.call.at_end
        want = f"lines {step.call.at}\u2013{end}" if end else f"line {step.call.at}"
        assert want in drawn[str(step.number)], step.number
    plain = diagram_geometry(resolved, result.project, options=ViewOptions(), subflows={})
    assert not [s for it in plain.items for s in it.shapes if s.cls == "st-line-no"]


def test_an_activation_bar_names_its_frames_whole_range() -> None:
    result = load_project(ROOT / "stacks")
    assert result.project is not None
    resolved = result.stacks["worker-schedule"]
    geometry = diagram_geometry(resolved, result.project)
    bars = [it for it in geometry.items if it.cls == "st-act"]
    frame = result.project.frame("grpc-worker.process-message")
    assert frame.lines is not None
    first, last = frame.lines
    assert any(f":{first}\u2013{last}" in bar.tooltip for bar in bars)


@pytest.mark.parametrize(
    ("at", "text"),
    [(66, "66"), ((696, 708), "696\u2013708"), ([12, 12], "12"), (None, ""), ("x", ""), (True, "")],
)
def test_call_lines_are_read_defensively(at: object, text: str) -> None:
    # `at` is a line today; a range or a locator is coming.
    assert lines_text(at) == text
