"""Sizes and spacing of a sequence diagram, in px (font sizes in px too)."""

from __future__ import annotations

from functools import lru_cache

MARGIN = 16.0
G = 10.0  # pad between nested group borders
GROUP_ROW = 24.0  # height of a group title row
PART_GAP = 24.0  # min space between neighbouring participant boxes
PAD = 8.0  # between a label and a lifeline or bar
ACT_W = 10.0
ACT_STEP = 5.0  # a re-entrant (nested) bar is shifted right by this much
LOOP_W = 30.0  # width of a self-call loop
HEAD = 9.0  # arrowhead length
LABEL_ONE = 210.0  # a label up to this wide stays on one line
LABEL_MAX = 200.0  # a longer one wraps, as narrow as it can, into lines up to this wide
LABEL_LINES = 3
TITLE_ONE = 140.0  # participant titles and subtitles: the same, in the box
TITLE_MAX = 170.0
GROUP_TITLE_MAX = 440.0
FRAG_MAX = 460.0
REF_MAX = 420.0
NOTE_MAX = 260.0  # note boxes are at most this wide
NOTE_LINES = 5  # a longer note is shortened with "…" (the whole text is in its tooltip)
NOTE_PAD = 7.0  # inside a note box, left, top and bottom
FOLD = 9.0  # size of the note's folded corner (also its right padding)
NOTE_GAP = 7.0  # between an arrow's line and its note box (clears heads and tails)
HOP = 5.0  # half-diagonal of the diamond where a network hop crosses a process border

SIZE_TITLE = 14.0
SIZE_SUB = 11.5
SIZE_LABEL = 13.0
SIZE_SMALL = 11.5
SIZE_NUM = 10.5
SIZE_GROUP = 12.0
SIZE_NOTE = 12.0
SIZE_HEADING = 17.0


@lru_cache(maxsize=64)
def lh(size: float) -> float:
    """Line height of text at font size `size`."""
    return round(size * 1.3, 2)


def safe(key: str) -> str:
    """An id or class fragment made of ASCII letters, digits and dashes."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch == "-") else "-" for ch in key)


def join(*parts: str) -> str:
    """Non-empty parts, one per line (tooltips)."""
    return "\n".join(p for p in parts if p)
