"""What a built page ships, part by part: the bytes a reader downloads before the diagram.

Parts are found by their elements in the built HTML (an element runs from its opening tag
to the matching closing tag of the same name); "repeated" code blocks show the same lines
of the same file as a block earlier on the same page (only the lit line may differ).
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    what: str
    count: int
    bytes: int


def _spans(html: str, opening: str, tag: str) -> list[tuple[int, int]]:
    """(start, end) of every element whose opening tag matches the regex `opening`."""
    spans = []
    token = re.compile(rf"<{tag}\b|</{tag}>")
    for match in re.finditer(opening, html):
        depth = 0
        for t in token.finditer(html, match.start()):
            depth += -1 if t.group().startswith("</") else 1
            if depth == 0:
                spans.append((match.start(), t.end()))
                break
    # Drop spans nested in an earlier one (a code block inside a code block's wrapper).
    kept: list[tuple[int, int]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _inside(spans: list[tuple[int, int]], html: str, pattern: str) -> tuple[int, int]:
    count = size = 0
    for start, end in spans:
        for match in re.finditer(pattern, html[start:end]):
            count += 1
            size += len(match.group().encode())
    return count, size


def _part(what: str, html: str, spans: list[tuple[int, int]]) -> Part:
    return Part(what, len(spans), sum(len(html[s:e].encode()) for s, e in spans))


def page_anatomy(html: str) -> list[Part]:
    """The page's parts, largest concerns first; sizes are UTF-8 bytes of the HTML."""
    parts = [
        Part("whole page", 1, len(html.encode())),
        Part("whole page, gzip -6", 1, len(gzip.compress(html.encode(), 6, mtime=0))),
    ]
    sequence = _spans(html, r'<div class="st-diagram st-sequence', "div")
    parts.append(_part("sequence diagram(s), with wrapper", html, sequence))
    svgs, _ = _inside(sequence, html, r"<svg\b")
    parts.append(Part("… <svg> elements in them (levels of detail, header copies)", svgs, 0))
    count, size = _inside(sequence, html, r"(?s)<title\b[^>]*>.*?</title>")
    parts.append(Part("… tooltips (<title>) in the diagram", count, size))
    count, size = _inside(sequence, html, r'\stextLength="[^"]*"(\s+lengthAdjust="[^"]*")?')
    parts.append(Part("… textLength (+ lengthAdjust) attributes", count, size))
    maps = _spans(html, r'<div class="st-diagram st-map-wrap', "div")
    parts.append(_part("map(s), inline", html, maps))
    count, size = _inside(maps, html, r"(?s)<title\b[^>]*>.*?</title>")
    parts.append(Part("… tooltips (<title>) in the map", count, size))
    parts.append(
        _part("text alternative", html, _spans(html, r'<details class="st-textalt"', "details"))
    )
    parts.append(
        _part("call stack lists", html, _spans(html, r'<details class="st-callstack"', "details"))
    )
    blocks = _spans(html, r'<div class="language-[^"]*highlight', "div")
    parts.append(_part("code blocks", html, blocks))
    seen: set[str] = set()
    repeats = []
    for start, end in blocks:
        # The same excerpt shown again: the same text from the same first line, whatever
        # line it lights up (compared without markup, so anchors and highlights differ).
        body = re.sub(r"<[^>]+>", "", html[start:end])
        if body in seen:
            repeats.append((start, end))
        seen.add(body)
    parts.append(_part("… of which repeat an earlier block", html, repeats))
    parts.append(
        _part("site navigation", html, _spans(html, r'<nav class="md-nav md-nav--primary', "nav"))
    )
    parts.append(
        _part(
            "table of contents", html, _spans(html, r'<nav class="md-nav md-nav--secondary"', "nav")
        )
    )
    return parts


def first_diagram_svg_bytes(html: str) -> int:
    """Bytes of the `<svg>` a reader first sees in the page's sequence diagram: that of
    the level of detail shown first (the one not `hidden`), else the first one."""
    spans = _spans(html, r'<div class="st-diagram st-sequence', "div")
    if not spans:
        return 0
    shown = [
        (start, end)
        for start, end in spans
        if not re.search(r"\shidden[\s>=]", html[start : html.index(">", start) + 1])
    ]
    start, end = (shown or spans)[0]
    svg = _spans(html[start:end], r"<svg\b", "svg")
    return len(html[start + svg[0][0] : start + svg[0][1]].encode()) if svg else 0
