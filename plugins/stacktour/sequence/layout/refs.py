"""Sub-flow boxes: a `ref` box over the participants a sub-flow passes through, with
its step number and the sub-flow's title (linked to the sub-flow's own page)."""

from __future__ import annotations

from ... import text as tx
from ..geometry import Box, Circle, Item, Rect, Shape, Text
from ..view import Ref
from .columns import Columns
from .metrics import MARGIN, REF_MAX, SIZE_LABEL, SIZE_NUM, SIZE_SMALL, join, lh


def ref_box(
    cols: Columns,
    e: int,
    ev: Ref,
    y: float,
    arrive_y: dict[int, float],
    out: dict[int, list[Item]],
    ref_boxes: list[Box],
) -> float:
    """Draw event `e` from row top `y`; adds its items to `out[e]` and its box to
    `ref_boxes` (bars under it are cut). Returns the row's bottom."""
    a, b = ev.first, ev.last
    x0 = cols.x[a] - cols.act_l[a] - 14
    x1 = cols.x[b] + cols.act_r[b] + 14
    num = ev.shown or str(ev.number)
    radius = max(9.0, tx.measure(num, SIZE_NUM, True) / 2 + 4)
    tag = "ref"
    tag_w = tx.measure(tag, SIZE_SMALL, True)
    lead = 8 + 2 * radius + 6 + tag_w + 10
    wrapped = tx.wrap(ev.title, REF_MAX, SIZE_LABEL, bold=True, max_lines=2)
    need = lead + wrapped.width + 12
    if x1 - x0 < need:
        mid = (x0 + x1) / 2
        x0, x1 = mid - need / 2, mid + need / 2
        # A box wider than its lifelines grows into the diagram, not past its edges.
        shift = min(cols.width - MARGIN - x1, 0.0) or max(MARGIN - x0, 0.0)
        x0, x1 = x0 + shift, x1 + shift
    line_h = lh(SIZE_LABEL)
    box_h = 10 + max(len(wrapped.lines) * line_h, 2 * radius) + 8
    top = y + 8
    box = Rect(x0, top, x1 - x0, box_h, "st-ref-box", opaque=True, rx=3)
    ref_boxes.append(box.box)
    cy = top + 10 + line_h / 2
    tag_x = x0 + 8 + 2 * radius + 6
    shapes: list[Shape] = [
        box,
        Text(tag_x, cy + 0.36 * SIZE_SMALL, tag, SIZE_SMALL, tag_w, "st-ref-tag", True),
    ]
    ty = top + 10
    for line in wrapped.lines:
        shapes.append(
            Text(
                x0 + lead,
                ty + line_h / 2 + 0.35 * SIZE_LABEL,
                line,
                SIZE_LABEL,
                tx.measure(line, SIZE_LABEL, True),
                "st-ref-title",
                True,
            )
        )
        ty += line_h
    tooltip = join(ev.title if wrapped.truncated else "", ev.tooltip)
    data = (("step", str(ev.number)),)
    nw = tx.measure(num, SIZE_NUM, True)
    cx = x0 + 8 + radius
    key = num.replace(".", "-")
    number = (
        Circle(cx, cy, radius, "st-num", opaque=True),
        Text(cx - nw / 2, cy + 0.36 * SIZE_NUM, num, SIZE_NUM, nw, "st-num-text", True),
    )
    out.setdefault(e, []).extend(
        [
            Item(f"ref{key}", "st-ref", tuple(shapes), ev.href, tooltip, data),
            Item(f"m{key}", "st-msg st-ref-num", number, ev.step_href, ev.tooltip, data),
        ]
    )
    arrive_y[e] = top + box_h
    return top + box_h + 10
