"""Excerpts of the walkthrough as HTML: real line numbers, and call lines numbered with
the steps they start.

A fenced block cannot carry a link per line, so the walkthrough writes its own blocks:
Pygments highlights the text (the same token classes Material styles in any fence), and
each line becomes `<span class="st-line" id="L77-ANCHOR">` with a gutter holding its
line number and, on a call line, the number of the step that call starts, linked to it.
The gutter is hidden while Material copies a block, so a copy is the code alone.

Long segments fold: the signature and the lines around each call stay in view, and each
run of other lines becomes a `<details>` row ("⋯ 24 more lines (54–77)") that opens in
place. Every line is in the page, folded or not; find-in-page opens a fold it matches.

    excerpt_html(segments, "csharp", anchor="step-6", marks={77: (Mark(7, "#step-7", ...),)},
                 head="...", frame_id="functions-application.invoke")
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from functools import cache

from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from ..escape import html_attr, html_text, xml_safe
from ..i18n.messages import t
from ..model import Segment
from .walkthrough import line_anchor

_LANGUAGE = re.compile(r"^[a-z0-9+#-]{1,20}$")


@dataclass(frozen=True)
class Mark:
    """A call line's badge: the step it starts, where that step is, and what it calls."""

    number: int
    href: str
    title: str  # e.g. "Step 8: DurableTaskFunctionsMiddleware.Invoke"
    kind: str  # the call kind, for the badge's colour


@cache
def _lexer(language: str) -> Lexer:
    # stripnl=False: a segment that starts with a blank line keeps its line numbers.
    options = {"stripnl": False, "ensurenl": True}
    try:
        return get_lexer_by_name(language if _LANGUAGE.match(language) else "text", **options)
    except ClassNotFound:
        return get_lexer_by_name("text", **options)


@cache
def _formatter() -> HtmlFormatter:
    # One for the process: making one builds its style's whole stylesheet, which cost
    # more than highlighting a call site.
    return HtmlFormatter(nowrap=True)


def highlighted_lines(text: str, language: str) -> list[str]:
    """`text` as highlighted HTML, one string per source line, each with balanced tags.

    Pygments' HTML formatter closes and reopens a token's span at each line break, so
    splitting its output on newlines keeps every line well formed.
    """
    lines = text.split("\n")
    out = io.StringIO()
    _formatter().format(_lexer(language).get_tokens(xml_safe(text) + "\n"), out)
    rendered = out.getvalue().split("\n")
    if len(rendered) < len(lines):  # never expected; keep every line rather than lose one
        rendered += [html_text(line) for line in lines[len(rendered) :]]
    return rendered[: len(lines)]


def _gutter(number: str, line_href: str | None, marks: tuple[Mark, ...], with_calls: bool) -> str:
    badges = "".join(
        f'<a class="st-callno st-kind-{html_attr(m.kind)}" href="{html_attr(m.href)}"'
        f' title="{html_attr(m.title)}">{m.number}</a>'
        for m in marks
    )
    slot = f'<span class="st-calls-slot">{badges}</span>' if with_calls else ""
    lineno = (
        f'<a class="st-lineno" href="{html_attr(line_href)}">{number}</a>'
        if line_href
        else f'<span class="st-lineno">{number}</span>'
    )
    return f'<span class="st-gutter" aria-hidden="true">{slot}{lineno}</span>'


# Folding: what stays in view of a long segment. The rest is one click away, in place.
CONTEXT = 2  # lines shown before and after a call line
HEAD = 1  # first lines of a segment always shown (the signature)
LEAF_HEAD = 4  # first lines shown of a segment that makes none of the stack's calls
MIN_FOLD = 4  # a run of hidden lines shorter than this is shown instead


def visible_lines(segment: Segment, marked: set[int]) -> list[bool]:
    """Which lines of `segment` stay in view (True) when its code is folded.

    The first line, and `CONTEXT` lines around each marked (call) line; with no marked
    line, the first `LEAF_HEAD` lines. A hidden run shorter than `MIN_FOLD` is shown. A
    segment without line numbers (generated code) is shown whole.
    """
    count = len(segment.lines)
    if not segment.numbered:
        return [True] * count  # no line numbers, no call marks to fold around: shown whole
    lines = [segment.start + i for i in range(count)]
    calls = [i for i, line in enumerate(lines) if line in marked]
    show = [False] * count
    for i in range(min(count, HEAD if calls else LEAF_HEAD)):
        show[i] = True
    for c in calls:
        for i in range(max(0, c - CONTEXT), min(count, c + CONTEXT + 1)):
            show[i] = True
    i = 0
    while i < count:
        if show[i]:
            i += 1
            continue
        j = i
        while j < count and not show[j]:
            j += 1
        if j - i < MIN_FOLD:
            show[i:j] = [True] * (j - i)
        i = j
    return show


def _fold_summary(segment: Segment, first: int, last: int) -> str:
    count = last - first + 1
    where = f" ({segment.start + first}–{segment.start + last})" if segment.numbered else ""
    return "⋯ " + t("{count} more lines", count=count) + where


def _block(
    segment: Segment,
    language: str,
    anchor: str,
    marks: dict[int, tuple[Mark, ...]],
    with_calls: bool,
    lit: frozenset[int] = frozenset(),
) -> tuple[str, bool]:
    """One segment as `<pre>` chunks, hidden runs in `<details>`; and whether it folded."""
    rows = []
    for offset, code in enumerate(highlighted_lines(segment.text, language)):
        line = segment.start + offset
        here = marks.get(line, ()) if segment.numbered else ()
        number = str(line) if segment.numbered else ""
        line_id = line_anchor(anchor, line) if segment.numbered else ""
        classes = "st-line hll" if here or (segment.numbered and line in lit) else "st-line"
        id_attr = f' id="{html_attr(line_id)}"' if line_id else ""
        gutter = _gutter(number, f"#{line_id}" if line_id else None, here, with_calls)
        rows.append(f'<span class="{classes}"{id_attr}>{gutter}{code}\n</span>')
    show = visible_lines(segment, set(marks) | set(lit) if segment.numbered else set())
    chunks: list[str] = []
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and show[j] == show[i]:
            j += 1
        pre = f"<pre><code>{''.join(rows[i:j])}</code></pre>"
        if show[i]:
            chunks.append(pre)
        else:
            summary = _fold_summary(segment, i, j - 1)
            chunks.append(
                f'<details class="st-fold"><summary>{html_text(summary)}</summary>{pre}</details>'
            )
        i = j
    return "".join(chunks), not all(show)


def _digits(segments: tuple[Segment, ...]) -> int:
    return max((len(str(s.end)) for s in segments if s.numbered), default=0)


def excerpt_html(
    segments: tuple[Segment, ...],
    language: str,
    *,
    anchor: str,
    marks: dict[int, tuple[Mark, ...]],
    head: str,
    frame_id: str,
    lit: frozenset[int] = frozenset(),
) -> str:
    """A frame's whole excerpt as one block: every segment, in order, `head` on top.

    Every line of every segment is in the block; long segments fold (`visible_lines`).
    `anchor` ends each line's id (`L77-ANCHOR`); `marks` maps a line to the call
    badges drawn in its gutter (the line is also highlighted); `lit` are further lines
    highlighted without a badge (the rest of a call that spans several lines). A segment
    with `start` 0 (code with no upstream file) is shown without line numbers or anchors.
    """
    lang = language if _LANGUAGE.match(language) else "text"
    with_calls = any(marks)
    built = [_block(s, lang, anchor, marks, with_calls, lit) for s in segments]
    folded = any(f for _, f in built)
    classes = f"language-{lang} highlight st-code st-digits-{_digits(segments)}"
    if with_calls:
        classes += " st-has-calls"
    if folded:
        # A copy button on one chunk would copy part of the excerpt as if it were all.
        classes += " st-folded no-copy"
    blocks = "".join(
        f'<div class="st-segment">{html}</div>' if len(built) > 1 else html for html, _ in built
    )
    return (
        f'<div class="{classes}" data-frame="{html_attr(frame_id)}">'
        f'<span class="filename st-code-head">{head}</span>'
        f'<div class="st-code-body">{blocks}</div></div>'
    )


def call_site_html(
    segment: Segment, lines: tuple[int, ...], language: str, line_href: str | None
) -> str:
    """The quoted call site of a step (one line, or every line of a call that spans
    several), numbered and lit, the first linked to its place in the caller's code."""
    lang = language if _LANGUAGE.match(language) else "text"
    shown = [n for n in lines if segment.start <= n <= segment.end]
    # Dedented together: the call site needs no indentation to be read.
    text = textwrap.dedent("\n".join(segment.lines[n - segment.start] for n in shown))
    rows = []
    for i, code in enumerate(highlighted_lines(text.strip("\n") or text, lang)):
        gutter = _gutter(str(shown[i]), line_href if i == 0 else None, (), False)
        rows.append(f'<span class="st-line hll">{gutter}{code}\n</span>')
    return (
        f'<div class="language-{lang} highlight st-code st-callsite no-copy'
        f' st-digits-{len(str(shown[-1]))}"><pre><code>{"".join(rows)}</code></pre></div>'
    )
