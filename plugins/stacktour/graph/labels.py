"""Line breaks for the names on a map: only where a name has a seam, never inside a word.

A layer's title is usually one identifier (`DurableTaskFunctionsMiddleware`,
`http.client.HTTPConnection`, `orchestrator_service.proto`). Drawn on one line, a few
such names make a map wider than any page, and `dot` never wraps. So a name may break
after `.`, `/`, `::`, `_`, `-` and spaces, between East Asian wide characters, and
before a capital that starts a word (`Durable|Task`, `HTTP|Connection`), and nowhere
else. Widths are measured with the real
glyph advances of `text.measure` (DejaVu Sans, a little wider than the Helvetica/Arial
the map is drawn in, so a measured line is never narrower than the drawn one).
"""

from __future__ import annotations

from functools import lru_cache

from ..text import is_wide, measure


def seams(name: str, *, words: bool = True) -> list[int]:
    """Indices where `name` may break (the break goes before the character at the index);
    `words=False` leaves out the breaks between the words of an identifier."""
    points = []
    for i in range(1, len(name)):
        prev, ch = name[i - 1], name[i]
        nxt = name[i + 1] if i + 1 < len(name) else ""
        spaced = ch == " " or prev == " " or is_wide(prev) or is_wide(ch)
        if spaced or prev in "./_-" or (name[i - 2 : i] == "::" and ch != ":"):
            points.append(i)
        elif not words:
            continue
        elif ch.isupper() and (prev.islower() or prev.isdigit()):
            points.append(i)  # camelCase: Durable|Task
        elif ch.isupper() and prev.isupper() and nxt.islower():
            points.append(i)  # an acronym ends: HTTP|Connection
    return points


def _pieces(name: str, words: bool) -> list[str]:
    cuts = [0, *seams(name, words=words), len(name)]
    return [name[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if name[a:b]]


def wrap_name(name: str, width: float, size: float, bold: bool = False) -> tuple[str, ...]:
    """`name` in as few lines as fit `width` (px at font `size`), broken only at seams,
    the lines as even as those breaks allow. A piece wider than `width` stays whole.
    Punctuation and spaces are preferred to the seams between the words of an
    identifier when they give as few lines (`http.client.` / `HTTPConnection`)."""
    name = " ".join(name.split())
    if measure(name, size, bold) <= width:
        return (name,)
    strong = _wrap(name, width, size, bold, False)
    if max(measure(line, size, bold) for line in strong) <= width:
        return strong
    return _wrap(name, width, size, bold, True)


# Above this many seams, lines are packed greedily rather than evened out (and the
# search below, which recurses once per line, stays shallow).
MAX_EVEN_PIECES = 40


@lru_cache(maxsize=1024)
def _wrap(name: str, width: float, size: float, bold: bool, words: bool) -> tuple[str, ...]:
    pieces = _pieces(name, words)
    if len(pieces) < 2:
        return (name,)

    def w(i: int, j: int) -> float:
        return measure("".join(pieces[i:j]).strip(), size, bold)

    # How many lines greedy packing needs; no split at seams can use fewer.
    lines, start, greedy = 1, 0, []
    for end in range(1, len(pieces) + 1):
        if end - start > 1 and w(start, end) > width:
            lines, start = lines + 1, end - 1
            greedy.append(start)
    n = len(pieces)
    if n > MAX_EVEN_PIECES:
        # Evening lines out costs about n * n * lines measurements (a 600-character
        # title took a minute): a name with this many seams keeps the greedy breaks.
        bounds = [0, *greedy, n]
        return tuple("".join(pieces[a:b]).strip() for a, b in zip(bounds, bounds[1:], strict=False))
    # Among splits into that many lines, the one whose widest line is narrowest.
    best: dict[tuple[int, int], tuple[float, tuple[int, ...]]] = {}

    def solve(i: int, k: int) -> tuple[float, tuple[int, ...]]:
        if k == 1:
            return w(i, n), ()
        if (i, k) not in best:
            options = []
            for j in range(i + 1, n - k + 2):
                rest, cuts = solve(j, k - 1)
                options.append((max(w(i, j), rest), (j, *cuts)))
            best[(i, k)] = min(options)
        return best[(i, k)]

    _, cuts = solve(0, min(lines, n))
    bounds = [0, *cuts, n]
    return tuple("".join(pieces[a:b]).strip() for a, b in zip(bounds, bounds[1:], strict=False))
