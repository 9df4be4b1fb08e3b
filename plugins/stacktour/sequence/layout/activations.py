"""Activation bars: which are open on a lifeline at each event, and where they are drawn."""

from __future__ import annotations

from collections.abc import Sequence

from ..geometry import Box, Item, Rect
from ..view import Activation
from .metrics import ACT_STEP, ACT_W


class OpenBars:
    """Which activation bars are open on a lifeline at an event."""

    def __init__(self, activations: Sequence[Activation]) -> None:
        self.by_part: dict[int, list[Activation]] = {}
        for act in activations:
            self.by_part.setdefault(act.participant, []).append(act)

    def open_at(self, part: int, event: int) -> int:
        """Top level of the bars open on `part` as `event` happens (-1: none)."""
        top = -1
        for act in self.by_part.get(part, ()):
            starts_before = act.start is None or act.start < event
            ends_after = (
                act.end is None or act.end > event or (act.end == event and act.end_at_event)
            )
            if starts_before and ends_after:
                top = max(top, act.level)
        return top

    def starting(self, part: int, event: int) -> int | None:
        """Level of the bar that `event` starts on `part`, if any."""
        for act in self.by_part.get(part, ()):
            if act.start == event:
                return act.level
        return None

    def max_level(self, part: int) -> int:
        return max((a.level for a in self.by_part.get(part, ())), default=0)


def bar_edge(x: float, level: int, right: bool) -> float:
    """x of the left or right edge of the bar at `level` on the lifeline at `x` (the
    lifeline itself when no bar is open, level -1)."""
    if level < 0:
        return x
    left = x - ACT_W / 2 + ACT_STEP * level
    return left + ACT_W if right else left


def activation_items(
    activations: Sequence[Activation],
    xs: Sequence[float],
    life_top: float,
    bottom: float,
    starts: list[float],
    line_y: dict[int, float],
    arrive_y: dict[int, float],
    ref_boxes: list[Box],
) -> list[Item]:
    """The bars, from the arrow that starts each to the one that ends it; a sub-flow
    box drawn over a bar cuts it."""
    items = []
    order = sorted(
        range(len(activations)),
        key=lambda i: (activations[i].participant, activations[i].level, i),
    )
    for n, i in enumerate(order):
        act = activations[i]
        y0 = life_top + 4 if act.start is None else arrive_y[act.start]
        if act.end is None:
            y1 = bottom - 4
        elif act.end_at_event:
            y1 = line_y[act.end]
        else:
            y1 = starts[act.end] + 4
        y1 = max(y1, y0 + 6)
        x0 = xs[act.participant] - ACT_W / 2 + ACT_STEP * act.level
        segments = [(y0, y1)]
        for bx0, by0, bx1, by1 in ref_boxes:
            if bx0 < x0 + ACT_W and x0 < bx1:
                segments = _cut(segments, by0, by1)
        rects = tuple(
            Rect(x0, s0, ACT_W, s1 - s0, "st-act-bar", opaque=True) for s0, s1 in segments
        )
        if rects:
            data = (("steps", " ".join(map(str, act.steps))),) if act.steps else ()
            items.append(Item(f"a{n + 1}", "st-act", rects, tooltip=act.tooltip, data=data))
    return items


def _cut(segments: list[tuple[float, float]], y0: float, y1: float) -> list[tuple[float, float]]:
    out = []
    for s0, s1 in segments:
        if s1 <= y0 or s0 >= y1:
            out.append((s0, s1))
            continue
        if s0 < y0 - 2:
            out.append((s0, y0 - 2))
        if s1 > y1 + 2:
            out.append((y1 + 2, s1))
    return out
