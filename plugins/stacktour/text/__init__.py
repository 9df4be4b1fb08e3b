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
- `wrap(text, width, size, bold=False, max_lines=3) -> Wrapped`: lines that each fit.
- `shorten(text, width, size, bold=False) -> str`: the text, cut with "…" to fit.
- `FONT_STACK`, `CJK_FONT_STACK`: CSS font-family values matching the measurement.
"""

from __future__ import annotations

import bisect
import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

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
    face = _face(bold)
    return sum(face.advance(ch) for ch in text) * size


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
    """East Asian wide or full-width: drawn one em wide and breakable on either side."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _break_points(text: str) -> list[int]:
    """Indices where a line may break: spaces, after punctuation, camelCase, CJK."""
    points: list[int] = []
    for i in range(1, len(text)):
        prev, ch = text[i - 1], text[i]
        if (
            ch == " "
            or prev == " "
            or prev in "./_,;:(-=>)]}|\\"
            or ch in "([{<"
            or is_wide(prev)
            or is_wide(ch)
            or (prev.islower() and ch.isupper())
        ):
            points.append(i)
    return points


@dataclass(frozen=True)
class Wrapped:
    lines: tuple[str, ...]
    width: float  # widest line, px
    truncated: bool  # some text was cut (the caller puts the whole text in a tooltip)


def wrap(text: str, width: float, size: float, bold: bool = False, max_lines: int = 3) -> Wrapped:
    """Greedy wrap at natural break points; the last allowed line is shortened with "…".

    A single unbreakable piece wider than `width` is cut at a character boundary, so
    every returned line measures at most `width` (unless even "…" does not fit).
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
        cut = _fit(rest, width, size, bold)
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if not lines:
        lines = [""]
    widest = max(measure(line, size, bold) for line in lines)
    return Wrapped(tuple(lines), widest, truncated)


def _fit(text: str, width: float, size: float, bold: bool) -> int:
    """Index of the best break so that `text[:index]` fits `width` (at least 1)."""
    face = _face(bold)
    total = 0.0
    limit = 0
    for i, ch in enumerate(text):
        total += face.advance(ch) * size
        if total > width:
            break
        limit = i + 1
    fitting = [p for p in _break_points(text) if p <= limit]
    # Prefer a natural break unless it wastes more than half of the line.
    if fitting and measure(text[: fitting[-1]], size, bold) >= width / 2:
        return fitting[-1]
    return max(limit, 1)


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
