"""Text measurement with real glyph advances, so laid-out text never overflows its box.

Widths come from `metrics.json` (advance widths of DejaVu Sans and Noto Sans CJK SC,
written by `tools/gen_font_metrics.py`), so the runtime needs neither font files nor
fontTools. A character DejaVu Sans lacks is drawn with the CJK font; `runs()` splits a
string into such runs so the SVG writer can name the font of each run explicitly (a
renderer such as CairoSVG only honours the first family of a font stack). Characters
neither font has are measured as one em, which is never narrower than a fallback glyph
of the East Asian wide classes.

Public API:

- `measure(text, size, bold=False) -> float`: width in px at font size `size`.
- `runs(text) -> list[tuple[str, str]]`: `(font, chunk)` pairs, font `"latin"`/`"cjk"`.
- `break_points(text, names=True) -> tuple[int, ...]`: where lines may start (UAX #14,
  plus identifier boundaries for names).
- `wrap(text, width, size, bold=False, max_lines=3, names=True) -> Wrapped`: greedy,
  lines that each fit.
- `fit(text, size, *, one_line, most, max_lines, ...) -> Wrapped`: the narrowest wrap.
- `shorten(text, width, size, bold=False) -> str`: the text, cut with "…" to fit.
- `FONT_STACK`, `CJK_FONT_STACK`: CSS font-family values matching the measurement.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TypeVar

from icu4py.breakers import LineBreaker, SentenceBreaker

T = TypeVar("T")

LATIN_FAMILY = "DejaVu Sans"
CJK_FAMILY = "Noto Sans CJK SC"
# The measured font first, then the fonts with the same coverage on other systems.
FONT_STACK = (
    f'"{LATIN_FAMILY}", "Bitstream Vera Sans", Verdana, "{CJK_FAMILY}", '
    '"Noto Sans CJK", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
)
CJK_FONT_STACK = (
    f'"{CJK_FAMILY}", "Noto Sans CJK", "Source Han Sans SC", "PingFang SC", '
    '"Microsoft YaHei", sans-serif'
)
ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class _Face:
    """Advances of one weight: exact for the Latin font, run-length for the CJK font."""

    latin: dict[int, float]
    cjk_starts: tuple[int, ...]
    cjk_runs: tuple[tuple[int, int, float], ...]

    def advance(self, ch: str) -> float:
        cp = ord(ch)
        adv = self.latin.get(cp)
        if adv is not None:
            return adv
        i = bisect.bisect_right(self.cjk_starts, cp) - 1
        if i >= 0:
            start, end, width = self.cjk_runs[i]
            if start <= cp <= end:
                return width
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            return 0.0
        return 1.0


@lru_cache(maxsize=1)
def _tables() -> dict[str, _Face]:
    raw = json.loads(resources.files(__package__).joinpath("metrics.json").read_text("utf-8"))
    faces: dict[str, _Face] = {}
    for weight, fonts in raw["fonts"].items():
        upm_l = float(fonts["latin"]["upm"])
        latin: dict[int, float] = {}
        for block in fonts["latin"]["blocks"]:
            start = block[0]
            for i, adv in enumerate(block[1:]):
                latin[start + i] = adv / upm_l
        upm_c = float(fonts["cjk"]["upm"])
        cjk_runs = tuple((s, e, a / upm_c) for s, e, a in fonts["cjk"]["runs"])
        faces[weight] = _Face(latin, tuple(r[0] for r in cjk_runs), cjk_runs)
    return faces


def _face(bold: bool) -> _Face:
    return _tables()["bold" if bold else "regular"]


def is_latin(ch: str) -> bool:
    """Whether the first font of the stack (DejaVu Sans) has a glyph for `ch`."""
    return ord(ch) in _face(False).latin or ch in "\n\t"


def measure(text: str, size: float, bold: bool = False) -> float:
    """Width of `text` in px at font size `size`: the sum of its glyph advances.

    Kerning is ignored; in these fonts it only ever narrows text, so the result is a
    safe upper bound.
    """
    return _units(text, bold) * size


# Layout fits each label by trying widths (`fit` bisects), so the same strings are
# measured again and again: per-character sums were nine tenths of laying out a
# diagram. Both caches give the very floats the loops gave (same order of additions).
@lru_cache(maxsize=65536)
def _units(text: str, bold: bool) -> float:
    return sum(_advances(text, bold))


@lru_cache(maxsize=8192)
def _running(text: str, size: float, bold: bool) -> tuple[float, ...]:
    """Width of each prefix of `text`, px: totals[i] is the width of text[: i + 1]."""
    return tuple(itertools.accumulate(a * size for a in _advances(text, bold)))


# Advance of each character met so far, per weight: a dict lookup by character instead
# of `ord`, a dict and a range search per character.
_SEEN: dict[bool, dict[str, float]] = {False: {}, True: {}}


def _advances(text: str, bold: bool) -> list[float]:
    """Advance of each character of `text`, in ems."""
    return _per_character(_SEEN[bold], text, _face(bold).advance)


def _per_character(seen: dict[str, T], text: str, compute: Callable[[str], T]) -> list[T]:
    """`compute` of each character of `text`, remembered in `seen` (one dict lookup per
    character once it has been met)."""
    try:
        return list(map(seen.__getitem__, text))
    except KeyError:
        for ch in text:
            if ch not in seen:
                seen[ch] = compute(ch)
        return list(map(seen.__getitem__, text))


def runs(text: str) -> list[tuple[str, str]]:
    """Split `text` into `(font, chunk)` runs, font "latin" or "cjk".

    A character goes to the CJK run only when DejaVu Sans lacks it, so each run is drawn
    with exactly the font it was measured with.
    """
    flags = _per_character(_LATIN_SEEN, text, is_latin)
    if all(flags):
        return [("latin", text)] if text else []
    out: list[tuple[str, str]] = []
    start = 0
    for flag, group in itertools.groupby(flags):
        length = sum(1 for _ in group)
        out.append(("latin" if flag else "cjk", text[start : start + length]))
        start += length
    return out


_LATIN_SEEN: dict[str, bool] = {}  # is_latin of each character met so far


def is_wide(ch: str) -> bool:
    """East Asian wide or full-width: drawn one em wide."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _line_breaks(text: str) -> list[int]:
    """UAX #14 line-break opportunities of `text`, as indices into it (its length last).

    ICU's line break iterator (root locale): a pure-Python implementation of the rules
    took milliseconds per label, most of laying out a diagram the first time. ICU counts
    UTF-16 code units, so past a character outside the BMP its offsets are mapped back.
    """
    # A lone surrogate (YAML's "\ud800" escape) cannot reach ICU; U+FFFD stands in for it.
    text = _SURROGATE.sub("\ufffd", text)
    ends = [end for _, end in LineBreaker(text, "").segments()]
    if text.isascii() or max(text) < "\U00010000":
        return ends
    index = {0: 0}
    for i, units in enumerate(itertools.accumulate(2 if ord(ch) > 0xFFFF else 1 for ch in text)):
        index[units] = i + 1
    return [index[end] for end in ends]


def first_sentence(text: str) -> str:
    """The first sentence of `text` (UAX #29 sentence boundaries, through ICU), without
    the spaces after it; `text` itself when it is one sentence."""
    clean = _SURROGATE.sub("\ufffd", text)
    for start, end in SentenceBreaker(clean, "").segments():
        if start == 0 and end < len(clean.encode("utf-16-le")) // 2:
            # ICU counts UTF-16 code units; count characters back.
            units = 0
            for i, ch in enumerate(text):
                if units >= end:
                    return text[:i].rstrip()
                units += 2 if ord(ch) > 0xFFFF else 1
        break
    return text.strip()


@lru_cache(maxsize=8192)
def break_points(text: str, names: bool = True) -> tuple[int, ...]:
    """Indices where a new line may start, in order.

    The Unicode line-breaking rules (UAX #14, through ICU) give the opportunities
    of prose: after spaces, after a hyphen or slash, between ideographs but never before
    "，" or "。". For `names` (identifiers, signatures, paths) a name also breaks after
    `.`, `/`, `::`, `_`, `,`, `(` and at case boundaries (`Http|Client`,
    `HTTP|Connection`), never inside a word.
    """
    points = {i for i in _line_breaks(text) if 0 < i < len(text)} if text else set()
    if names and text.isascii():
        points.update(m.start() for m in _ASCII_NAME_BREAK.finditer(text, 1))
    elif names:
        points.update(name_breaks(text))
    return tuple(sorted(points))


def name_breaks(text: str) -> set[int]:
    """Where a name may break by the character rules of `break_points` (not UAX #14):
    after `./\\_,;(=>)]}|`, after one `:` (not inside `::`), before a bracket after a letter
    or digit, and at case boundaries. Indices into `text`, never 0."""
    points = set()
    for i in range(1, len(text)):
        prev, ch = text[i - 1], text[i]
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch.isspace() or prev.isspace():
            continue  # spaces are UAX #14's business
        if (
            prev in "./\\_,;(=>)]}|"
            or (prev == ":" and ch != ":")
            or (ch in "([{<" and prev.isalnum())
            or (prev.islower() and ch.isupper())
            or (prev.isupper() and ch.isupper() and after.islower())
        ):
            points.add(i)
    return points


# `name_breaks` for ASCII text, where `isupper`/`islower`/`isalnum` are the ASCII classes
# (the character loop was a tenth of laying out a diagram).
_ASCII_NAME_BREAK = re.compile(
    r"(?<=[./\\_,;(=>)\]}|])(?=\S)"
    r"|(?<=:)(?=[^:\s])"
    r"|(?<=[A-Za-z0-9])(?=[(\[{<])"
    r"|(?<=[a-z])(?=[A-Z])"
    r"|(?<=[A-Z])(?=[A-Z][a-z])"
)


@dataclass(frozen=True)
class Wrapped:
    lines: tuple[str, ...]
    width: float  # widest line, px
    truncated: bool  # some text was cut (the caller puts the whole text in a tooltip)


class _Breaking:
    """Greedy line breaking of one text at one size, weight and kind, reusable across widths.

    `fit` tries a dozen widths per label; each try used to cut, measure and find the break
    points of every rest of the text anew. Here the text's running widths and break
    points are computed once, and a try is a few bisections over them.
    """

    def __init__(self, text: str, size: float, bold: bool, names: bool) -> None:
        self.text, self.size, self.bold, self.names = text, size, bold, names
        # widths[i]: width of text[:i], px (widths[0] == 0).
        self.widths = (0.0, *_running(text, size, bold))
        self.points = break_points(text, names)
        # Prose with a word wider than the line (an identifier) breaks it as a name.
        self.name_points = self.points if names else break_points(text, True)

    def cuts(self, width: float, max_lines: int) -> tuple[list[tuple[int, int]], int]:
        """Greedy lines at `width` px: `(spans, rest)`, each span `(start, end)` of a line
        (trailing spaces included) and `rest` where the text left for a last, shortened
        line starts (-1 when everything fits)."""
        text, widths, end = self.text, self.widths, len(self.text)
        spans: list[tuple[int, int]] = []
        start = 0
        while start < end:
            base = widths[start]
            if widths[end] - base <= width:
                spans.append((start, end))
                return spans, -1
            if len(spans) == max_lines - 1:
                return spans, start
            # The first character past `width` that is not a space ends what fits.
            limit = bisect.bisect_right(widths, base + width, start + 1) - 1
            while limit < end and text[limit].isspace():
                limit += 1
            cut = self._last_point(self.points, start, limit)
            if cut < 0 and not self.names:
                cut = self._last_point(self.name_points, start, limit)
            if cut < 0:
                cut = max(limit, start + 1)
            spans.append((start, cut))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        return spans, -1

    def widest_piece(self) -> float:
        """Width of the widest run of the text with no break opportunity inside (px)."""
        text, widths = self.text, self.widths
        edges = (0, *self.points, len(text))
        widest = 0.0
        for a, b in zip(edges, edges[1:], strict=False):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            widest = max(widest, widths[b] - widths[a])
        return widest

    @staticmethod
    def _last_point(points: tuple[int, ...], start: int, limit: int) -> int:
        """The last break point in (start, limit], or -1."""
        i = bisect.bisect_right(points, limit)
        return points[i - 1] if i and points[i - 1] > start else -1

    def wrap(self, width: float, max_lines: int) -> Wrapped:
        spans, rest = self.cuts(width, max_lines)
        lines = [self.text[a:b].rstrip() for a, b in spans]
        if rest >= 0:
            lines.append(shorten(self.text[rest:], width, self.size, self.bold))
        if not lines:
            lines = [""]
        widest = max(measure(line, self.size, self.bold) for line in lines)
        return Wrapped(tuple(lines), widest, rest >= 0)

    def count(self, width: float, max_lines: int) -> int:
        """How many lines `wrap(width, max_lines)` would give (at least 1)."""
        spans, rest = self.cuts(width, max_lines)
        return max(1, len(spans) + (rest >= 0))


def wrap(
    text: str,
    width: float,
    size: float,
    bold: bool = False,
    max_lines: int = 3,
    names: bool = True,
) -> Wrapped:
    """Greedy wrap at break opportunities (`break_points`); the last allowed line is
    shortened with "…".

    Every returned line measures at most `width` (unless even "…" does not fit): a piece
    with no break opportunity that is wider than `width` is cut at a character. Callers
    that must not cut a word first widen `width` to its widest piece (see `fit`).
    """
    return _Breaking(" ".join(text.split()), size, bold, names).wrap(width, max_lines)


@lru_cache(maxsize=16384)
def fit(
    text: str,
    size: float,
    *,
    one_line: float,
    most: float,
    max_lines: int,
    bold: bool = False,
    names: bool = True,
) -> Wrapped:
    """As narrow as the text allows: one line when it is at most `one_line` px wide,
    else the fewest lines (up to `max_lines`) in which it fits `most` px, each wrap made
    as narrow as that many lines allow. A word wider than `most` widens it, up to
    1.5 x `most` (words are not cut). Text that still does not fit is wrapped at that
    width and its last line shortened with "…".
    """
    text = " ".join(text.split())
    whole = measure(text, size, bold)
    if whole <= one_line:
        return Wrapped((text,), whole, False)
    breaking = _Breaking(text, size, bold, names)
    piece = breaking.widest_piece()
    most = max(most, min(piece, 1.5 * most))
    widest = breaking.wrap(most, max_lines)
    if widest.truncated:
        return widest
    lines = len(widest.lines)
    lo, hi = max(min(piece, most), whole / lines), most
    for _ in range(12):  # the line count only grows as the width shrinks
        mid = (lo + hi) / 2
        if breaking.count(mid, lines + 1) <= lines:
            hi = mid
        else:
            lo = mid
    narrow = breaking.wrap(hi, lines)
    return widest if narrow.truncated else narrow


def shorten(text: str, width: float, size: float, bold: bool = False) -> str:
    """`text` if it fits in `width`, else its longest prefix that fits followed by "…"."""
    if measure(text, size, bold) <= width:
        return text
    face = _face(bold)
    budget = width - face.advance(ELLIPSIS) * size
    total = 0.0
    cut = 0
    for i, ch in enumerate(text):
        total += face.advance(ch) * size
        if total > budget:
            break
        cut = i + 1
    return text[:cut].rstrip() + ELLIPSIS
