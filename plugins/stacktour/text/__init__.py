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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from icu4py.breakers import LineBreaker

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
    face = _face(bold)
    return sum(face.advance(ch) for ch in text)


@lru_cache(maxsize=8192)
def _running(text: str, size: float, bold: bool) -> tuple[float, ...]:
    """Width of each prefix of `text`, px: totals[i] is the width of text[: i + 1]."""
    face = _face(bold)
    totals = []
    total = 0.0
    for ch in text:
        total += face.advance(ch) * size
        totals.append(total)
    return tuple(totals)


def runs(text: str) -> list[tuple[str, str]]:
    """Split `text` into `(font, chunk)` runs, font "latin" or "cjk".

    A character goes to the CJK run only when DejaVu Sans lacks it, so each run is drawn
    with exactly the font it was measured with.
    """
    out: list[tuple[str, str]] = []
    for ch in text:
        font = "latin" if is_latin(ch) else "cjk"
        if out and out[-1][0] == font:
            out[-1] = (out[-1][0], out[-1][1] + ch)
        else:
            out.append((font, ch))
    return out


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
    if names:
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
    return tuple(sorted(points))


@dataclass(frozen=True)
class Wrapped:
    lines: tuple[str, ...]
    width: float  # widest line, px
    truncated: bool  # some text was cut (the caller puts the whole text in a tooltip)


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
    that must not cut a word first widen `width` to `widest_piece` (see `fit`).
    """
    text = " ".join(text.split())
    lines: list[str] = []
    rest = text
    truncated = False
    while rest:
        if measure(rest, size, bold) <= width:
            lines.append(rest)
            rest = ""
            break
        if len(lines) == max_lines - 1:
            lines.append(shorten(rest, width, size, bold))
            truncated = True
            rest = ""
            break
        cut = _fit(rest, width, size, bold, names)
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if not lines:
        lines = [""]
    widest = max(measure(line, size, bold) for line in lines)
    return Wrapped(tuple(lines), widest, truncated)


def _fit(text: str, width: float, size: float, bold: bool, names: bool) -> int:
    """Index of the last break so that `text[:index]` fits `width` (a character cut
    when there is none; at least 1)."""
    # The first character past `width` that is not a space ends what fits (advances are
    # never negative, so the prefix widths only grow).
    limit = bisect.bisect_right(_running(text, size, bold), width)
    while limit < len(text) and text[limit].isspace():
        limit += 1
    fitting = [p for p in break_points(text, names) if p <= limit]
    if not fitting and not names:
        # Prose with a word wider than the line (an identifier): break it as a name.
        fitting = [p for p in break_points(text, True) if p <= limit]
    if fitting:
        return fitting[-1]
    return max(limit, 1)


def widest_piece(text: str, size: float, bold: bool = False, names: bool = True) -> float:
    """Width of the widest run of `text` with no break opportunity inside (px)."""
    text = " ".join(text.split())
    edges = (0, *break_points(text, names), len(text))
    return max(
        (measure(text[a:b].strip(), size, bold) for a, b in zip(edges, edges[1:], strict=False)),
        default=0.0,
    )


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
    piece = widest_piece(text, size, bold, names)
    most = max(most, min(piece, 1.5 * most))
    widest = wrap(text, most, size, bold, max_lines, names)
    if widest.truncated:
        return widest
    lines = len(widest.lines)
    lo, hi = max(min(piece, most), whole / lines), most
    for _ in range(12):  # the line count only grows as the width shrinks
        mid = (lo + hi) / 2
        if len(wrap(text, mid, size, bold, lines + 1, names).lines) <= lines:
            hi = mid
        else:
            lo = mid
    narrow = wrap(text, hi, size, bold, lines, names)
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
