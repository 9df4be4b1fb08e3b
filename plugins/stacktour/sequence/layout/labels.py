"""An arrow's label: its step number in a circle, then wrapped label and sublabel lines."""

from __future__ import annotations

from dataclasses import dataclass

from ... import text as tx
from ...i18n.messages import N_, t
from ..geometry import Circle, Shape, Text
from .metrics import LABEL_LINES, LABEL_MAX, LABEL_ONE, SIZE_LABEL, SIZE_NUM, SIZE_SMALL, lh


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
    at: str = ""  # "line 66": after the label's last line, or under it when that is full
    at_below: bool = False


AT_GAP = 6.0  # between a label and its call line


def block(number: int | None, label: str, sublabel: str, shown: str = "", at: str = "") -> Block:
    """Measure and wrap an arrow's number (drawn as `shown` when given), label,
    sublabel and call line (`at`, e.g. "66") (px)."""
    num = "" if number is None else shown or str(number)
    radius = max(9.0, tx.measure(num, SIZE_NUM, True) / 2 + 4) if num else 0.0
    main = _fit(label, SIZE_LABEL, LABEL_LINES) if label else None
    sub = _fit(sublabel, SIZE_SMALL, 2) if sublabel else None
    lines = main.lines if main else ()
    sublines = sub.lines if sub else ()
    text_w = max([main.width if main else 0.0, sub.width if sub else 0.0])
    # A call spanning lines reads "lines 45–46".
    word = N_("lines {lines}") if "\u2013" in at else N_("line {lines}")
    at_text = t(word, lines=at) if at and lines else ""
    at_below = False
    if at_text:
        # Beside the label when its last line leaves room (no wider gap); else under it.
        last = tx.measure(lines[-1], SIZE_LABEL) + AT_GAP + tx.measure(at_text, SIZE_SMALL)
        at_below = last > text_w + 10
        text_w = max(text_w, tx.measure(at_text, SIZE_SMALL) if at_below else last)
    lead = 2 * radius + 5 if num and (lines or sublines) else 2 * radius
    width = lead + text_w
    extra = len(sublines) + (1 if at_below else 0)
    height = max(len(lines) * lh(SIZE_LABEL) + extra * lh(SIZE_SMALL), 2 * radius)
    truncated = bool((main and main.truncated) or (sub and sub.truncated))
    return Block(num, radius, lines, sublines, width, height, truncated, at_text, at_below)


def _fit(text: str, size: float, max_lines: int) -> tx.Wrapped:
    return tx.fit(text, size, one_line=LABEL_ONE, most=LABEL_MAX, max_lines=max_lines)


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
    for n, line in enumerate(block.lines):
        base = y + lh(SIZE_LABEL) / 2 + 0.35 * SIZE_LABEL
        lw = tx.measure(line, SIZE_LABEL)
        shapes.append(Text(tx0, base, line, SIZE_LABEL, lw, "st-label"))
        if block.at and not block.at_below and n == len(block.lines) - 1:
            aw = tx.measure(block.at, SIZE_SMALL)
            shapes.append(Text(tx0 + lw + AT_GAP, base, block.at, SIZE_SMALL, aw, "st-line-no"))
        y += lh(SIZE_LABEL)
    if block.at and block.at_below:
        base = y + lh(SIZE_SMALL) / 2 + 0.35 * SIZE_SMALL
        aw = tx.measure(block.at, SIZE_SMALL)
        shapes.append(Text(tx0, base, block.at, SIZE_SMALL, aw, "st-line-no"))
        y += lh(SIZE_SMALL)
    for line in block.sublines:
        base = y + lh(SIZE_SMALL) / 2 + 0.35 * SIZE_SMALL
        shapes.append(
            Text(tx0, base, line, SIZE_SMALL, tx.measure(line, SIZE_SMALL), "st-sublabel")
        )
        y += lh(SIZE_SMALL)
    return shapes
