"""Excerpts as fenced code blocks, so the site's own pymdownx.highlight settings apply.

Line numbers start at the real first line (`linenums`), call lines are highlighted
(`hl_lines`, which counts from 1 inside the block), and a fence longer than any backtick
run in the text keeps a quoted "```" from closing the block early.
"""

from __future__ import annotations

import re

from ..escape import xml_safe
from ..model import Segment

_SAFE_TITLE = re.compile(r"[^\w./ +#-]")
_LANGUAGE = re.compile(r"^[a-z0-9+#-]{1,20}$")


def fence(segment: Segment, language: str, *, marked: tuple[int, ...] = (), title: str = "") -> str:
    """A fenced block for one segment, with real line numbers and `marked` lines lit."""
    text = xml_safe(segment.text)
    longest = max((len(run) for run in re.findall(r"`+|~+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    lang = language if _LANGUAGE.match(language) else "text"
    options = [f'linenums="{segment.start}"'] if segment.numbered else []
    relative = sorted(
        {line - segment.start + 1 for line in marked if segment.start <= line <= segment.end}
    )
    if relative and segment.numbered:
        options.append('hl_lines="' + " ".join(str(n) for n in relative) + '"')
    clean_title = _SAFE_TITLE.sub("", title)[:80]
    if clean_title:
        options.append(f'title="{clean_title}"')
    return f"{ticks} {lang} {' '.join(options)}".rstrip() + f"\n{text}\n{ticks}\n"


def segment_for_line(segments: tuple[Segment, ...], line: int | None) -> Segment | None:
    """The segment that shows `line`, or the first one when the line is not quoted."""
    if not segments:
        return None
    for segment in segments:
        if line is not None and segment.start <= line <= segment.end:
            return segment
    return segments[0] if line is None else None
