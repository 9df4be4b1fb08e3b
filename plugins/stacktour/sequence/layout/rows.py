"""Rows: events stacked top to bottom, each as tall as its text, with the rows a
fragment's tab and foot take around the events it holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..geometry import Box, Item
from ..view import Diagram, Message
from .activations import OpenBars
from .columns import Columns
from .fragments import FRAG_FOOT, FRAG_HEAD
from .labels import Block
from .messages import message
from .notes import Note
from .refs import ref_box


@dataclass
class Rows:
    """Where each event was drawn (px) and its items."""

    starts: list[float] = field(default_factory=list)  # each event's row top; then the bottom
    line_y: dict[int, float] = field(default_factory=dict)  # y an activation starts/ends at
    arrive_y: dict[int, float] = field(default_factory=dict)  # y an arrow arrives at
    frag_top: dict[int, float] = field(default_factory=dict)
    frag_bottom: dict[int, float] = field(default_factory=dict)
    items: dict[int, list[Item]] = field(default_factory=dict)  # per event, in paint order
    ref_boxes: list[Box] = field(default_factory=list)
    bottom: float = 0.0
    hops_marked: bool = False  # some network hop crosses a process border (legend)


def rows(
    d: Diagram,
    cols: Columns,
    acts: OpenBars,
    blocks: dict[int, Block],
    notes: dict[int, Note],
    top: float,
) -> Rows:
    """Lay out every event from `top` down."""
    out = Rows()
    y = top
    opening: dict[int, list[int]] = {}  # event -> fragments whose first event it is
    closing: dict[int, list[int]] = {}  # event -> fragments whose last event it is
    for f, frag in enumerate(d.fragments):
        opening.setdefault(frag.first, []).append(f)
        closing.setdefault(frag.last, []).append(f)
    for e, ev in enumerate(d.events):
        out.starts.append(y)
        for f in opening.get(e, ()):
            out.frag_top[f] = y
            y += FRAG_HEAD
        if isinstance(ev, Message):
            y, marked = message(
                d,
                cols,
                acts,
                e,
                ev,
                blocks[e],
                notes.get(e),
                y,
                out.line_y,
                out.arrive_y,
                out.items,
            )
            out.hops_marked = out.hops_marked or marked
        else:
            y = ref_box(cols, e, ev, y, out.arrive_y, out.items, out.ref_boxes)
        for f in sorted(closing.get(e, ()), key=lambda f: -d.fragments[f].first):
            out.frag_bottom[f] = y + 2
            y += FRAG_FOOT
    out.bottom = y + 8
    out.starts.append(out.bottom)
    return out
