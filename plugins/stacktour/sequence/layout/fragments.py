"""Fragment boxes: a loop or branch around the rows of the calls it guards, with a tab
naming its kind and condition."""

from __future__ import annotations

from ... import text as tx
from ..geometry import Item, Polygon, Rect, Shape, Text
from ..view import Diagram, Fragment
from .metrics import FRAG_MAX, PAD, SIZE_SMALL

FRAG_HEAD = 26.0  # the row a fragment's tab takes above its first event
FRAG_FOOT = 8.0  # below its last event


def fragment_items(
    d: Diagram, tops: dict[int, float], bottoms: dict[int, float], events: dict[int, list[Item]]
) -> list[Item]:
    """Boxes around loops and branches; inner ones first computed, outer ones wider."""
    frags = d.fragments
    extents: dict[int, tuple[float, float]] = {}
    heads: dict[int, tuple[str, float, str, float]] = {}
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
        tag = frag.kind
        tag_w = tx.measure(tag, SIZE_SMALL, True)
        cond = tx.shorten(f"[{frag.text}]", FRAG_MAX, SIZE_SMALL)
        cond_w = tx.measure(cond, SIZE_SMALL)
        head_w = 6 + tag_w + 8 + cond_w + 8
        x1 = max(x1, x0 + head_w + 4)
        extents[f] = (x0, x1)
        heads[f] = (tag, tag_w, cond, cond_w)
    items = []
    for f, frag in enumerate(frags):
        if f not in extents:
            continue
        x0, x1 = extents[f]
        y0, y1 = tops[f] + 2, bottoms[f]
        tag, tag_w, cond, cond_w = heads[f]
        head_w = 6 + tag_w + 8 + cond_w + 8
        shapes: tuple[Shape, ...] = (
            Rect(x0, y0, x1 - x0, y1 - y0, "st-frag-box", rx=2),
            Polygon(
                (
                    (x0, y0),
                    (x0 + head_w, y0),
                    (x0 + head_w, y0 + 14),
                    (x0 + head_w - 6, y0 + 20),
                    (x0, y0 + 20),
                ),
                "st-frag-tab",
                opaque=True,
            ),
            Text(x0 + 6, y0 + 14.5, tag, SIZE_SMALL, tag_w, "st-frag-kind", True),
            Text(x0 + 6 + tag_w + 8, y0 + 14.5, cond, SIZE_SMALL, cond_w, "st-frag-text"),
        )
        items.append(
            Item(f"f{f + 1}", f"st-frag st-frag-{frag.kind}", shapes, tooltip=frag.tooltip)
        )
    return items


def _contains(outer: Fragment, inner: Fragment) -> bool:
    return outer.first <= inner.first and inner.last <= outer.last and outer != inner
