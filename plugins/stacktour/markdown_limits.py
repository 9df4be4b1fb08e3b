"""How much Markdown a prose field may hold.

Python-Markdown parses nested blocks by recursion (`"- " * 500 + "x"` is 500 nested lists
and a RecursionError), and some of its scans are superlinear: every `[` that is never
closed makes each link pattern scan the rest of the text, and a paragraph's lines are
re-examined line after line. The limits below keep the depth and the cost of one field
bounded. The loader checks every prose field against them (ST213, with the file's line
and column, so `validate` fails where the build would), and the prose renderer checks
again before it parses, so text that never went through the loader cannot crash a build.

Measured with the prose renderer (`pages/prose.py`), on one core: the worst text within
these limits renders in about half a second; before them, 2,000 `[` took 12 s and
`"- " * 500` raised RecursionError.
"""

from __future__ import annotations

import re

MAX_PROSE_CHARS = 8_000  # the schema's maxLength for every prose field says the same
MAX_PROSE_LINES = 400
MAX_PROSE_NESTING = 8  # lists, quotes and indented blocks inside one another
MAX_UNCLOSED_BRACKETS = 16  # `[` never closed by a `]`, and `](` never closed by `)`

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_TICKS = re.compile(r"`+")
# One block container at the start of what is left of a line: a quote or a list marker.
_CONTAINER = re.compile(r"(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")


def _line_depth(line: str) -> int:
    """How many blocks a line opens inside one another: each list marker or `>` opens
    one, and so does each 4 columns of indentation (a nested list, or code in a list)."""
    depth = 0
    rest = line.expandtabs(4)
    while True:
        stripped = rest.lstrip(" ")
        depth += (len(rest) - len(stripped)) // 4
        match = _CONTAINER.match(stripped)
        if match is None:
            return depth
        depth += 1
        rest = stripped[match.end() :]


def without_code(text: str) -> str:
    """`text` with its code taken out, line breaks kept (so line numbers stay true): a
    closed fenced block's lines become empty, a code span's characters become `x` (not
    blank, which would read as indentation; not Markdown punctuation).

    Linear in the length of the text (a regular expression with a back-reference took
    minutes on a thousand backticks).
    """
    lines = text.split("\n")
    blank = [False] * len(lines)
    # Fenced blocks, closed as Python-Markdown requires: `closing[c][i]` is the longest
    # closing run of `c` on line i or below, so an opener knows at once whether it closes.
    closing: dict[str, list[int]] = {"`": [0] * (len(lines) + 1), "~": [0] * (len(lines) + 1)}
    for i in range(len(lines) - 1, -1, -1):
        for best in closing.values():
            best[i] = best[i + 1]
        match = _FENCE.fullmatch(lines[i].rstrip(" \t"))
        if match:
            run = match.group(1)
            best = closing[run[0]]
            best[i] = max(best[i], len(run))
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match and closing[match.group(1)[0]][i + 1] >= len(match.group(1)):
            run = match.group(1)
            j = i + 1
            while not _closes(lines[j], run):
                j += 1
            for k in range(i, j + 1):
                blank[k] = True
            i = j + 1
        else:
            i += 1
    kept = ["" if blank[n] else line for n, line in enumerate(lines)]
    return "\n\n".join(_without_spans(part) for part in "\n".join(kept).split("\n\n"))


def _closes(line: str, run: str) -> bool:
    match = _FENCE.fullmatch(line.rstrip(" \t"))
    return match is not None and match.group(1)[0] == run[0] and len(match.group(1)) >= len(run)


def _without_spans(paragraph: str) -> str:
    """Code spans of one paragraph blanked: a run of n backticks opens a span that the
    next run of exactly n closes; a run with no partner is literal text."""
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(paragraph)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    cursor = dict.fromkeys(by_length, 0)  # next unseen position in each list
    out = list(paragraph)
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        while cursor[end - start] < len(same) and same[cursor[end - start]] <= index:
            cursor[end - start] += 1
        if cursor[end - start] == len(same):
            index += 1  # no partner: literal backticks
            continue
        partner = same[cursor[end - start]]
        for k in range(start, runs[partner][1]):
            if out[k] != "\n":
                out[k] = "x"
        index = partner + 1
    return "".join(out)


def nesting(text: str) -> tuple[int, int]:
    """The deepest nesting of block containers in `text`, and the 1-based line it is on."""
    deepest, where = 0, 1
    for number, line in enumerate(without_code(text).split("\n"), start=1):
        depth = _line_depth(line)
        if depth > deepest:
            deepest, where = depth, number
    return deepest, where


def unclosed_brackets(text: str) -> int:
    """How many `[` are never closed by a later `]`, plus how many `](` are never closed
    by a `)`, outside code: each one makes Python-Markdown scan the rest of the text."""
    text = without_code(text)
    open_brackets = 0
    open_targets = 0
    unclosed = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            open_brackets += 1
        elif ch == "]":
            if open_brackets:
                open_brackets -= 1
            if text.startswith("(", i + 1):
                open_targets += 1
                i += 1
        elif ch == ")" and open_targets:
            open_targets -= 1
        elif ch == "\n" and text.startswith("\n", i + 1):
            # A blank line ends the paragraph: what is open there stays open.
            unclosed += open_brackets + open_targets
            open_brackets = open_targets = 0
        i += 1
    return unclosed + open_brackets + open_targets


# A fence opener with `{...}` after it (on any line, after quotes and indentation, as
# SuperFences finds nested fences). SuperFences writes the id and classes of that list
# into the page unescaped: ```` ```{.x ."><img/src=x/onerror=...>} ```` is markup, and
# `#__search` or `#step-1` takes an id the theme or the page already uses.
_FENCE_ATTRIBUTES = re.compile(r"^[> \t]*(?:`{3,}|~{3,})[ \t]*\.?[\w#.+-]*[ \t]*\{", re.M)


def fence_problem(text: str) -> tuple[str, int] | None:
    """(why, 1-based line of the text) when a code fence in `text` carries a `{...}`
    attribute list, which prose may not (a language name after the fence is fine)."""
    match = _FENCE_ATTRIBUTES.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    return f"a code fence with `{{...}}` attributes (line {line} of the text)", line


def prose_problem(text: str) -> str | None:
    """Why `text` is more Markdown than a prose field may hold, or None."""
    if len(text) > MAX_PROSE_CHARS:
        return f"Markdown of {len(text):,} characters; the limit is {MAX_PROSE_CHARS:,}"
    lines = text.count("\n") + 1
    if lines > MAX_PROSE_LINES:
        return f"Markdown of {lines:,} lines; the limit is {MAX_PROSE_LINES:,}"
    depth, line = nesting(text)  # (code is blanked once per check; text is short)
    if depth > MAX_PROSE_NESTING:
        return (
            f"Markdown nested {depth:,} levels deep (line {line} of the text); "
            f"the limit is {MAX_PROSE_NESTING}"
        )
    unclosed = unclosed_brackets(text)
    if unclosed > MAX_UNCLOSED_BRACKETS:
        return (
            f"{unclosed:,} brackets `[` or link targets `](` are never closed; "
            f"the limit is {MAX_UNCLOSED_BRACKETS}"
        )
    return None
