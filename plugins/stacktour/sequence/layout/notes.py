"""Note boxes: a call's note drawn in a folded-corner box below its arrow."""

from __future__ import annotations

from dataclasses import dataclass

from ... import text as tx
from ..geometry import Line, Polygon, Shape, Text
from .metrics import FOLD, NOTE_LINES, NOTE_MAX, NOTE_PAD, SIZE_NOTE, lh


@dataclass(frozen=True)
class Note:
    """A note's wrapped lines and the size of its box (px)."""

    lines: tuple[str, ...]
    width: float
    height: float
    truncated: bool


def note(text: str) -> Note:
    """Wrap a note's text to at most `NOTE_LINES` lines and size its box."""
    limit = NOTE_MAX - NOTE_PAD - FOLD - 2
    lines, truncated = _prose(text, limit, SIZE_NOTE, NOTE_LINES)
    widest = max(tx.measure(line, SIZE_NOTE) for line in lines)
    width = max(NOTE_PAD + widest + FOLD + 2, 2 * (NOTE_PAD + FOLD))  # a one-word note too
    height = 2 * NOTE_PAD + len(lines) * lh(SIZE_NOTE)
    return Note(lines, width, height, truncated)


def _prose(text: str, width: float, size: float, max_lines: int) -> tuple[tuple[str, ...], bool]:
    """Lines of prose, broken between words (`tx.wrap` also breaks inside identifiers,
    right for labels, odd for sentences); a word wider than a line is cut by `tx.wrap`.
    The last line ends in "…" when text is left over. Returns the lines and whether cut.
    """
    words = text.split()
    lines: list[str] = []
    current = ""
    for i, word in enumerate(words):
        joined = f"{current} {word}" if current else word
        if tx.measure(joined, size) <= width:
            current = joined
            continue
        if tx.measure(word, size) > width:
            # A CJK sentence (one "word") or a long identifier: `tx.wrap` cuts it. CJK
            # runs on from this line, as it would in print; an identifier starts a new one.
            if current and not tx.is_wide(word[0]):
                lines.append(current)
                joined = word
            pieces = tx.wrap(joined, width, size, max_lines=max(1, max_lines - len(lines)))
            lines.extend(pieces.lines[:-1])
            current = pieces.lines[-1]
            if pieces.truncated:
                return _last_line_cut([*lines, current], width, size, max_lines), True
        else:
            if current:
                lines.append(current)
            current = word
        if len(lines) >= max_lines:
            rest = " ".join([current, *words[i + 1 :]])
            return _last_line_cut([*lines, rest], width, size, max_lines), True
    lines.append(current)
    return tuple(lines), False


def _last_line_cut(lines: list[str], width: float, size: float, max_lines: int) -> tuple[str, ...]:
    """The first `max_lines` lines, the last one ending in "…" (text was left over)."""
    last = " ".join(lines[max_lines - 1 :])
    if not last.endswith(tx.ELLIPSIS):
        last += " " + tx.ELLIPSIS
    return (*lines[: max_lines - 1], tx.shorten(last, width, size))


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
    y = top + NOTE_PAD
    for line in note.lines:
        base = y + lh(SIZE_NOTE) / 2 + 0.35 * SIZE_NOTE
        shapes.append(
            Text(x + NOTE_PAD, base, line, SIZE_NOTE, tx.measure(line, SIZE_NOTE), "st-note-text")
        )
        y += lh(SIZE_NOTE)
    return shapes
