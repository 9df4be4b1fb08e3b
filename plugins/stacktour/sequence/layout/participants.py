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
    TITLE_ONE,
    G,
    join,
    lh,
    safe,
)


@dataclass(frozen=True)
class Header:
    """A participant box's text and width (px)."""

    lines: tuple[str, ...]  # the title, wrapped
    sublines: tuple[str, ...]  # the subtitle, wrapped
    width: float
    truncated: bool  # some text was cut (the tooltip then gives it whole)


def headers(d: Diagram) -> list[Header]:
    """Per participant: the title and subtitle wrapped as narrow as they allow (names
    break at `.`, `::`, `/` and case boundaries, a subtitle wraps before it is cut), and
    the box width."""
    out = []
    for p in d.participants:
        title = _fit(p.title, SIZE_TITLE, TITLE_ONE, TITLE_MAX, 3, True)
        sub = _fit(
            p.subtitle, SIZE_SUB, max(title.width, TITLE_ONE), max(title.width, TITLE_MAX), 2
        )
        width = max(title.width, sub.width, 60.0) + 20
        out.append(Header(title.lines, sub.lines, width, title.truncated or sub.truncated))
    return out


def _fit(
    text: str, size: float, one_line: float, most: float, lines: int, bold: bool = False
) -> tx.Wrapped:
    return tx.fit(text, size, one_line=one_line, most=most, max_lines=lines, bold=bold)


def header_height(heads: list[Header]) -> float:
    """Height shared by every participant box: the tallest one's."""
    content = max((_content(h) for h in heads), default=lh(SIZE_TITLE) + lh(SIZE_SUB))
    return 10 + content + 8


def _content(head: Header) -> float:
    return len(head.lines) * lh(SIZE_TITLE) + len(head.sublines) * lh(SIZE_SUB)


def participant_items(
    d: Diagram, cols: Columns, heads: list[Header], top: float, height: float
) -> list[Item]:
    """The boxes, each linked to its layer's page."""
    items = []
    for i, (p, head) in enumerate(zip(d.participants, heads, strict=True)):
        x0 = cols.x[i] - head.width / 2
        shapes: list[Shape] = [Rect(x0, top, head.width, height, "st-part-box", opaque=True, rx=4)]
        # Centre title and subtitle in the box (boxes share the tallest's height).
        y = top + (height - _content(head)) / 2
        for line in head.lines:
            lw = tx.measure(line, SIZE_TITLE, True)
            base = y + lh(SIZE_TITLE) / 2 + 0.35 * SIZE_TITLE
            shapes.append(
                Text(cols.x[i] - lw / 2, base, line, SIZE_TITLE, lw, "st-part-title", True)
            )
            y += lh(SIZE_TITLE)
        for line in head.sublines:
            sw = tx.measure(line, SIZE_SUB)
            base = y + lh(SIZE_SUB) / 2 + 0.35 * SIZE_SUB
            shapes.append(Text(cols.x[i] - sw / 2, base, line, SIZE_SUB, sw, "st-part-sub"))
            y += lh(SIZE_SUB)
        tooltip = join(f"{p.title}: {p.subtitle}" if head.truncated else "", p.tooltip)
        data = (("group" if p.folds else "layer", p.key),)
        items.append(Item(f"p{i + 1}", "st-part", tuple(shapes), p.href, tooltip, data))
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
