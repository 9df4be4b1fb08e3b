"""Stack traces read into one model: stacks of frames, caller first, with their lines.

`parse_trace(text)` recognises the format (or takes the one given) and returns a `Trace`;
nothing here touches files or the site. One module per format:

- `python_traceback`: tracebacks (chained ones too), `traceback.format_stack()`;
- `py_spy`: `py-spy dump`; `faulthandler`: fatal-error and `dump_traceback()` dumps;
- `dotnet`: exception stack traces; `dotnet_stack`: `dotnet-stack report`;
- `java`: `printStackTrace()` with `Caused by:` and `... N more`;
- `node`: V8 / Node.js `Error.stack`;
- `go`: goroutine dumps.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import dotnet, dotnet_stack, faulthandler, go, java, node, py_spy, python_traceback
from .model import Trace, TraceFrame, TraceProblem, TraceStack

__all__ = ["FORMATS", "Trace", "TraceFrame", "TraceProblem", "TraceStack", "detect", "parse_trace"]

# Name -> parser, in the order ties are broken when detecting.
FORMATS: dict[str, Callable[[str], Trace]] = {
    "python": python_traceback.parse,
    "faulthandler": faulthandler.parse,
    "py-spy": py_spy.parse,
    "dotnet": dotnet.parse,
    "dotnet-stack": dotnet_stack.parse,
    "java": java.parse,
    "node": node.parse,
    "go": go.parse,
}

# Lines that only one format prints; the format with the most of them wins.
_SIGNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "python": (
        python_traceback.HEADER,
        python_traceback.FRAME,
        python_traceback.STACK_HEADER,
        re.compile(r"^\s*(?:[+|] ?)+\s*(?:Exception Group )?Traceback \(most recent call last\):"),
        re.compile(r'^\s*(?:\| ?)+\s*File "[^"]*", line \d+, in '),
    ),
    "faulthandler": (faulthandler.THREAD, faulthandler.FRAME),
    "py-spy": (py_spy.THREAD, re.compile(r"^Python v\d"), re.compile(r"^Process \d+: ")),
    "dotnet": (
        re.compile(r"^\s*at [^(]+\(.*\) in .+:line \d+\s*$"),
        re.compile(r"^\s*at [\w.`+<>|$\[\],]+\((?:[\w.`<>\[\]&*]+(?: \w+)?(?:, )?)*\)\s*$"),
        dotnet.INNER_END,
        dotnet.RETHROWN,
    ),
    "dotnet-stack": (dotnet_stack.THREAD, dotnet_stack.NATIVE, dotnet_stack.FRAME),
    "java": (
        re.compile(
            r"^\s*at [\w$./]+\("
            r"(?:[\w$-]+\.(?:java|kt|scala|groovy):\d+|Native Method|Unknown Source)\)"
        ),
        java.MORE,
        re.compile(r"^Caused by: "),
    ),
    "node": (node.FRAME, node.BARE, re.compile(r"^Node\.js v\d")),
    "go": (go.GOROUTINE, go.LOCATION, go.CREATED),
}


# Terminal colours (Python 3.13 colours its tracebacks, so do many loggers): CSI sequences.
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def detect(text: str) -> str | None:
    """The format whose telltale lines are most frequent in `text`, or None."""
    text = _ANSI.sub("", text)
    scores = dict.fromkeys(_SIGNS, 0)
    for line in text.splitlines()[:5000]:
        for name, signs in _SIGNS.items():
            if any(sign.match(line) for sign in signs):
                scores[name] += 1
    best = max(scores.values())
    if best == 0:
        return None
    return next(name for name, score in scores.items() if score == best)


def parse_trace(text: str, fmt: str | None = None) -> Trace:
    """Read `text` as `fmt` (one of FORMATS), or as the format it looks like.

    Raises ValueError when no format is recognised; a line a parser does not understand is
    a `TraceProblem` in the result, never an exception.
    """
    text = _ANSI.sub("", text)
    name = fmt or detect(text)
    if name is None:
        raise ValueError(
            "no stack trace recognised (formats: "
            + ", ".join(FORMATS)
            + "; give one with --format)"
        )
    if name not in FORMATS:
        raise ValueError(f"unknown trace format '{name}' (formats: {', '.join(FORMATS)})")
    return FORMATS[name](text)
