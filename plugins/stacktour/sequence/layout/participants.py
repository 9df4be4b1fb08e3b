"""Participant boxes on top of their lifelines, and the group boxes around them."""

from __future__ import annotations

from dataclasses import dataclass

from ... import text as tx
from ..geometry import Item, Line, Rect, Shape, Text
from ..view import Diagram
from .columns import Columns
from .metrics import (
    GROUP_ROW,
    PAD,
    SIZE_GROUP,
    SIZE_SUB,
    SIZE_TITLE,
    TITLE_MAX,
    G,
    join,
    lh,
    safe,
)


@dataclass(frozen=True)
class Header:
    """A participant box's text and width (px)."""

    lines: tuple[str, ...]  # the title, wrapped
    subtitle: str  # shortened to fit
    width: float
    truncated: bool  # some text was cut (the tooltip then gives it whole)


def headers(d: Diagram) -> list[Header]:
    """Per participant: wrapped title, subtitle, box width."""
    out = []
    for p in d.participants:
        title = tx.wrap(p.title, TITLE_MAX, SIZE_TITLE, bold=True, max_lines=2)
        sub = tx.shorten(p.subtitle, TITLE_MAX, SIZE_SUB)
        width = max(title.width, tx.measure(sub, SIZE_SUB), 60.0) + 20
        out.append(Header(title.lines, sub, width, title.truncated or sub != p.subtitle))
    return out


def header_height(heads: list[Header]) -> float:
    """Height shared by every participant box: the tallest one's."""
    title_lines = max((len(h.lines) for h in heads), default=1)
    return 10 + title_lines * lh(SIZE_TITLE) + lh(SIZE_SUB) + 8


def participant_items(
    d: Diagram, cols: Columns, heads: list[Header], top: float, height: float
) -> list[Item]:
    """The boxes, each linked to its layer's page."""
    items = []
    for i, (p, head) in enumerate(zip(d.participants, heads, strict=True)):
        x0 = cols.x[i] - head.width / 2
        shapes: list[Shape] = [Rect(x0, top, head.width, height, "st-part-box", opaque=True, rx=4)]
        # Centre title and subtitle in the box (boxes share the tallest's height).
        content = len(head.lines) * lh(SIZE_TITLE) + lh(SIZE_SUB)
        y = top + (height - content) / 2
        for line in head.lines:
            lw = tx.measure(line, SIZE_TITLE, True)
            base = y + lh(SIZE_TITLE) / 2 + 0.35 * SIZE_TITLE
            shapes.append(
                Text(cols.x[i] - lw / 2, base, line, SIZE_TITLE, lw, "st-part-title", True)
            )
            y += lh(SIZE_TITLE)
        sw = tx.measure(head.subtitle, SIZE_SUB)
        sub_y = y + lh(SIZE_SUB) / 2 + 0.35 * SIZE_SUB
        shapes.append(Text(cols.x[i] - sw / 2, sub_y, head.subtitle, SIZE_SUB, sw, "st-part-sub"))
        tooltip = join(f"{p.title}: {p.subtitle}" if head.truncated else "", p.tooltip)
        items.append(
            Item(f"p{i + 1}", "st-part", tuple(shapes), p.href, tooltip, (("layer", p.key),))
        )
    return items


def group_items(d: Diagram, cols: Columns, top: float, bottom: float, max_depth: int) -> list[Item]:
    """Group boxes, outermost first; each level of nesting adds a title row on top."""
    items = []
    for group in d.groups:
        _, _, j = cols.members(group.key)
        x0, x1 = cols.group_x(group.key)
        y0 = top + j * GROUP_ROW
        y1 = bottom + G * (max_depth - j)
        title, tw = cols.group_titles[group.key]
        shapes: tuple[Shape, ...] = (
            Rect(x0, y0, x1 - x0, y1 - y0, "st-group-box", rx=4),
            Text(x0 + PAD, y0 + 16, title, SIZE_GROUP, tw, "st-group-title", True),
        )
        items.append(
            Item(
                "g-" + safe(group.key),
                f"st-group st-group-{safe(group.kind)}",
                shapes,
                tooltip=group.tooltip,
            )
        )
    return items


def lifeline_items(cols: Columns, top: float, bottom: float) -> list[Item]:
    return [
        Item(
            f"l{i + 1}",
            "st-lifeline",
            (Line(((cols.x[i], top), (cols.x[i], bottom)), "st-lifeline-line"),),
        )
        for i in range(cols.n)
    ]
