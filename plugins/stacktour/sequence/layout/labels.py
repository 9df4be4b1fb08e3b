"""An arrow's label: its step number in a circle, then wrapped label and sublabel lines."""

from __future__ import annotations

from dataclasses import dataclass

from ... import text as tx
from ..geometry import Circle, Shape, Text
from .metrics import LABEL_MAX, SIZE_LABEL, SIZE_NUM, SIZE_SMALL, lh


@dataclass(frozen=True)
class Block:
    """A number circle followed by wrapped label lines and sublabel lines."""

    number: str
    radius: float
    lines: tuple[str, ...]
    sublines: tuple[str, ...]
    width: float
    height: float
    truncated: bool


def block(number: int | None, label: str, sublabel: str) -> Block:
    """Measure and wrap an arrow's number, label and sublabel (px)."""
    num = "" if number is None else str(number)
    radius = max(9.0, tx.measure(num, SIZE_NUM, True) / 2 + 4) if num else 0.0
    main = tx.wrap(label, LABEL_MAX, SIZE_LABEL, max_lines=2) if label else None
    sub = tx.wrap(sublabel, LABEL_MAX, SIZE_SMALL, max_lines=2) if sublabel else None
    lines = main.lines if main else ()
    sublines = sub.lines if sub else ()
    text_w = max([main.width if main else 0.0, sub.width if sub else 0.0])
    lead = 2 * radius + 5 if num and (lines or sublines) else 2 * radius
    width = lead + text_w
    height = max(len(lines) * lh(SIZE_LABEL) + len(sublines) * lh(SIZE_SMALL), 2 * radius)
    truncated = bool((main and main.truncated) or (sub and sub.truncated))
    return Block(num, radius, lines, sublines, width, height, truncated)


def block_shapes(block: Block, x: float, top: float) -> list[Shape]:
    """Circle and text of a block whose box starts at (x, top)."""
    shapes: list[Shape] = []
    tx0 = x
    if block.number:
        cy = top + (lh(SIZE_LABEL) / 2 if block.lines else block.radius)
        cy = max(cy, top + block.radius)
        shapes.append(Circle(x + block.radius, cy, block.radius, "st-num", opaque=True))
        nw = tx.measure(block.number, SIZE_NUM, True)
        shapes.append(
            Text(
                x + block.radius - nw / 2,
                cy + 0.36 * SIZE_NUM,
                block.number,
                SIZE_NUM,
                nw,
                "st-num-text",
                bold=True,
            )
        )
        tx0 = x + 2 * block.radius + 5
    y = top
    for line in block.lines:
        base = y + lh(SIZE_LABEL) / 2 + 0.35 * SIZE_LABEL
        shapes.append(Text(tx0, base, line, SIZE_LABEL, tx.measure(line, SIZE_LABEL), "st-label"))
        y += lh(SIZE_LABEL)
    for line in block.sublines:
        base = y + lh(SIZE_SMALL) / 2 + 0.35 * SIZE_SMALL
        shapes.append(
            Text(tx0, base, line, SIZE_SMALL, tx.measure(line, SIZE_SMALL), "st-sublabel")
        )
        y += lh(SIZE_SMALL)
    return shapes
