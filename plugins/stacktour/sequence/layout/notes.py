"""Note boxes: a call's note drawn in a folded-corner box below its arrow."""

from __future__ import annotations

from dataclasses import dataclass

from ... import text as tx
from ..geometry import Line, Polygon, Shape, Text
from ..prose import Para
from .metrics import FOLD, NOTE_LINES, NOTE_MAX, NOTE_PAD, SIZE_NOTE, lh


@dataclass(frozen=True)
class Note:
    """A note's wrapped lines and the size of its box (px).

    Each row is `(dx, dy, text, bullet)`: where its text starts, right of the box's text
    edge, and its top, below the box's padding; `bullet` is drawn at the row's own indent.
    """

    rows: tuple[tuple[float, float, str, str], ...]
    width: float
    height: float
    truncated: bool


INDENT = 12.0  # per level of list nesting
PARA_GAP = 4.0  # between paragraphs (not between list items)


def note(paras: tuple[Para, ...]) -> Note:
    """Lay out a note's paragraphs and list items: each starts a new line, an item
    with its bullet or number and its wrapped lines hanging under its text; at most
    `NOTE_LINES` lines, the last one ending in "…" when text is left over."""
    limit = NOTE_MAX - NOTE_PAD - FOLD - 2
    rows: list[tuple[float, float, str, str]] = []
    y = 0.0
    truncated = False
    previous: Para | None = None
    for para in paras:
        if len(rows) >= NOTE_LINES:
            truncated = True
            break
        if previous is not None and not (para.bullet and previous.bullet):
            y += PARA_GAP
        indent = INDENT * max(para.depth - 1, 0)
        lead = indent + (tx.measure(para.bullet + " ", SIZE_NOTE) if para.bullet else 0.0)
        room = NOTE_LINES - len(rows)
        wrapped = tx.wrap(para.text, limit - lead, SIZE_NOTE, max_lines=room, names=False)
        for n, line in enumerate(wrapped.lines):
            rows.append((lead, y, line, para.bullet if n == 0 else ""))
            y += lh(SIZE_NOTE)
        truncated = truncated or wrapped.truncated
        previous = para
    if truncated and rows and not rows[-1][2].endswith(tx.ELLIPSIS):
        dx, dy, last, bullet = rows[-1]
        cut = tx.shorten(last + " " + tx.ELLIPSIS, limit - dx, SIZE_NOTE)
        rows[-1] = (dx, dy, cut if cut.endswith(tx.ELLIPSIS) else last, bullet)
    if not rows:
        rows.append((0.0, 0.0, "", ""))
    widest = max(dx + tx.measure(text, SIZE_NOTE) for dx, _, text, _ in rows)
    width = max(NOTE_PAD + widest + FOLD + 2, 2 * (NOTE_PAD + FOLD))  # a one-word note too
    height = 2 * NOTE_PAD + y
    return Note(tuple(rows), width, height, truncated)


def note_shapes(note: Note, x: float, top: float) -> list[Shape]:
    """The folded-corner box and the text of a note whose box starts at (x, top)."""
    x1, y1 = x + note.width, top + note.height
    shapes: list[Shape] = [
        Polygon(
            ((x, top), (x1 - FOLD, top), (x1, top + FOLD), (x1, y1), (x, y1)),
            "st-note-box",
            opaque=True,
        ),
        Line(((x1 - FOLD, top), (x1 - FOLD, top + FOLD), (x1, top + FOLD)), "st-note-fold"),
    ]
    for dx, dy, line, bullet in note.rows:
        base = top + NOTE_PAD + dy + lh(SIZE_NOTE) / 2 + 0.35 * SIZE_NOTE
        if bullet:
            bw = tx.measure(bullet, SIZE_NOTE)
            bx = x + NOTE_PAD + dx - tx.measure(bullet + " ", SIZE_NOTE)
            shapes.append(Text(bx, base, bullet, SIZE_NOTE, bw, "st-note-text"))
        if line:
            width = tx.measure(line, SIZE_NOTE)
            shapes.append(Text(x + NOTE_PAD + dx, base, line, SIZE_NOTE, width, "st-note-text"))
    return shapes
