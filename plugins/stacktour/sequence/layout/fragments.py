"""Fragment boxes: a loop or branch around the rows of the calls it guards, with a tab
naming its kind and condition; an expanded sub-flow around its steps, with a tab giving
its number and title (linked to its page)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ... import text as tx
from ..geometry import Box, Circle, Item, Polygon, Rect, Shape, Text
from ..view import Diagram, Fragment
from .metrics import FRAG_MAX, PAD, SIZE_NUM, SIZE_SMALL

FRAG_HEAD = 26.0  # the row a fragment's tab takes above its first event
FRAG_FOOT = 8.0  # below its last event


def fragment_items(
    d: Diagram,
    tops: dict[int, float],
    bottoms: dict[int, float],
    events: dict[int, list[Item]],
    bars: Sequence[Item] = (),
) -> list[Item]:
    """Boxes around loops, branches and expanded sub-flows; inner ones first computed,
    outer ones wider. A box's side never runs through an activation bar (of `bars`):
    it steps out past the bar."""
    bar_boxes = [s.box for item in bars for s in item.shapes]
    frags = d.fragments
    extents: dict[int, tuple[float, float]] = {}
    heads: dict[int, _Head] = {}
    # Innermost first: a fragment contained in another is computed before it.
    order = sorted(range(len(frags)), key=lambda f: (frags[f].last - frags[f].first, -f))
    for f in order:
        frag = frags[f]
        if f not in tops or f not in bottoms:
            continue
        boxes = [
            s.box
            for e in range(frag.first, frag.last + 1)
            for it in events.get(e, ())
            for s in it.shapes
        ]
        for g, (gx0, gx1) in extents.items():
            if g != f and _contains(frag, frags[g]):
                boxes.append((gx0, 0.0, gx1, 0.0))
        x0 = min(b[0] for b in boxes) - PAD
        x1 = max(b[2] for b in boxes) + PAD
        head = _head(frag)
        x1 = max(x1, x0 + head.width + 4)
        span = (tops[f] + 2, bottoms[f])
        x0, x1 = _clear(x0, span, bar_boxes, -1), _clear(x1, span, bar_boxes, 1)
        extents[f] = (x0, x1)
        heads[f] = head
    items = []
    for f, frag in enumerate(frags):
        if f not in extents:
            continue
        x0, x1 = extents[f]
        y0, y1 = tops[f] + 2, bottoms[f]
        head = heads[f]
        shapes: list[Shape] = [
            Rect(x0, y0, x1 - x0, y1 - y0, "st-frag-box", rx=2),
            Polygon(
                (
                    (x0, y0),
                    (x0 + head.width, y0),
                    (x0 + head.width, y0 + 14),
                    (x0 + head.width - 6, y0 + 20),
                    (x0, y0 + 20),
                ),
                "st-frag-tab",
                opaque=True,
            ),
        ]
        x = x0 + 6
        number: list[Item] = []
        if head.number:
            nw = tx.measure(head.number, SIZE_NUM, True)
            cx, cy = x + head.radius, y0 + 10
            circle = (
                Circle(cx, cy, head.radius, "st-num", opaque=True),
                Text(
                    cx - nw / 2,
                    cy + 0.36 * SIZE_NUM,
                    head.number,
                    SIZE_NUM,
                    nw,
                    "st-num-text",
                    True,
                ),
            )
            # The number links to the step on this page and marks it, as a sub-flow box's
            # number does; the box links to the sub-flow's own page.
            data = (("step", str(frag.number)),)
            key = "m" + head.number.replace(".", "-")
            number.append(
                Item(key, "st-msg st-ref-num", circle, frag.step_href, frag.tooltip, data)
            )
            x += 2 * head.radius + 5
        shapes.append(Text(x, y0 + 14.5, head.tag, SIZE_SMALL, head.tag_w, "st-frag-kind", True))
        x += head.tag_w + 8
        shapes.append(Text(x, y0 + 14.5, head.text, SIZE_SMALL, head.text_w, "st-frag-text"))
        cls = f"st-frag st-frag-{frag.kind}"
        items.append(Item(f"f{f + 1}", cls, tuple(shapes), frag.href, frag.tooltip))
        items.extend(number)
    return items


@dataclass(frozen=True)
class _Head:
    """What a fragment's tab says: an optional step number, its kind, its text."""

    number: str
    radius: float
    tag: str
    tag_w: float
    text: str
    text_w: float

    @property
    def width(self) -> float:
        lead = 2 * self.radius + 5 if self.number else 0.0
        return 6 + lead + self.tag_w + 8 + self.text_w + 8


def _head(frag: Fragment) -> _Head:
    """A loop or branch shows its condition in brackets; an expanded sub-flow its
    number and title."""
    tag_w = tx.measure(frag.kind, SIZE_SMALL, True)
    if frag.kind == "sub-flow":
        number = frag.shown or str(frag.number or "")
        radius = max(9.0, tx.measure(number, SIZE_NUM, True) / 2 + 4) if number else 0.0
        text = tx.shorten(frag.text, FRAG_MAX, SIZE_SMALL)
    else:
        number, radius = "", 0.0
        text = tx.shorten(f"[{frag.text}]", FRAG_MAX, SIZE_SMALL)
    return _Head(number, radius, frag.kind, tag_w, text, tx.measure(text, SIZE_SMALL))


def _clear(x: float, span: tuple[float, float], bars: list[Box], direction: int) -> float:
    """`x` moved outwards (`direction` -1 left, +1 right) until a vertical line there,
    from span[0] to span[1], passes no bar (with 2 px to spare)."""
    bars = [b for b in bars if b[1] < span[1] and span[0] < b[3]]  # beside the span
    for _ in range(len(bars) + 1):
        hit = [b for b in bars if b[0] - 2 < x < b[2] + 2]
        if not hit:
            return x
        x = min(b[0] for b in hit) - 4 if direction < 0 else max(b[2] for b in hit) + 4
    return x


def _contains(outer: Fragment, inner: Fragment) -> bool:
    return outer.first <= inner.first and inner.last <= outer.last and outer != inner
