"""The legend (one sample arrow per kind drawn), and the heading and description of a
standalone diagram."""

from __future__ import annotations

from ... import text as tx
from ...i18n.messages import N_, t
from ..geometry import Item, Line, Shape, Text
from ..levels import FULL, level
from ..prose import gist
from ..view import KIND_NAMES, Diagram, Message
from .arrows import head, hop_diamond, inset, tail
from .metrics import MARGIN, SIZE_SMALL

HOP_NAME = N_("crosses a process border")


def legend_items(kinds: list[str], width: float, y: float) -> tuple[list[Item], float]:
    """One sample arrow per kind, flowing left to right in rows within `width`; the kind
    "hop-cross" is the process-border diamond. Returns the items and the bottom."""
    items = []
    x = MARGIN
    row_h = 22.0
    sample = 40.0
    width = max(width, 360.0)
    title = t("Legend")
    title_w = tx.measure(title, SIZE_SMALL, True)
    items.append(
        Item(
            "legend",
            "st-legend",
            (Text(x, y + 14, title, SIZE_SMALL, title_w, "st-legend-title", True),),
        )
    )
    x += title_w + 14
    for kind in kinds:
        name = t(KIND_NAMES.get(kind, HOP_NAME))
        nw = tx.measure(name, SIZE_SMALL)
        need = sample + 6 + nw + 18
        if x + need > width - MARGIN and x > MARGIN + title_w + 14:
            x = MARGIN + title_w + 14
            y += row_h
        ly = y + 10
        drawn = "network" if kind == "hop-cross" else kind
        shapes: list[Shape] = [
            Line(((x, ly), (x + sample - inset(drawn), ly)), "st-line"),
            *head(drawn, x + sample, ly, 1),
            *tail(drawn, x, ly, 1),
        ]
        if kind == "hop-cross":
            mx = x + sample / 2 - 4
            shapes += [
                Line(((mx, ly - 9), (mx, ly + 9)), "st-legend-border"),
                hop_diamond(mx, ly),
            ]
        shapes.append(Text(x + sample + 6, ly + 4.2, name, SIZE_SMALL, nw, "st-legend-text"))
        cls = f"st-legend-kind st-kind-{drawn}"
        items.append(Item(f"k-{kind}", cls, tuple(shapes)))
        x += need
    return items, y + row_h


def heading(d: Diagram) -> str:
    """The stack title, plus what the view leaves out."""
    extra = []
    if d.options.steps:
        extra.append(t("steps {first}\u2013{last}", first=d.first_step, last=d.last_step))
    if d.options.hide:
        extra.append(t("without {ids}", ids=", ".join(d.options.hide)))
    if d.options.level and d.options.level != FULL:
        extra.append(t(level(d.options.level).label).lower())
    return d.title + (" (" + t("; ").join(extra) + ")" if extra else "")


def description(d: Diagram) -> str:
    """The SVG's `<desc>`: what the diagram shows, for screen readers."""
    count = len([e for e in d.events if not isinstance(e, Message) or e.number])
    span = (
        t("steps {first}-{last}", first=d.first_step, last=d.last_step)
        if d.options.steps
        else t("{count} steps", count=count)
    )
    names = ", ".join(p.title for p in d.participants)
    summary = gist(d.summary)
    described = t("Sequence diagram, {span}, between {names}.", span=span, names=names)
    return f"{described} {summary}".strip()
