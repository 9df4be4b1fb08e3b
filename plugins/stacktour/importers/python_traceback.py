"""Python tracebacks, `traceback.format_stack()` output and `logging`'s `stack_info`.

    Traceback (most recent call last):
      File "/app/render.py", line 12, in <module>
        main()
      File "/app/render.py", line 9, in main
        Template(src).render()
    ValueError: bad template

Frames are printed caller first. A chain ("During handling of the above exception..." or
"The above exception was the direct cause...") prints the first exception first; its
stack starts at the frame that caught it, so it is completed from the next one. Exception
groups print their sub-tracebacks behind `| ` margins, which are read through.
"""

from __future__ import annotations

import re

from .builder import StackBuilder, complete_caught
from .model import Trace, TraceFrame
from .pythonpaths import is_stdlib, module_of, split_qualname

FORMAT = "python"

HEADER = re.compile(r"^(?:Exception Group )?Traceback \(most recent call last\):\s*$")
STACK_HEADER = re.compile(r"^Stack \(most recent call last\):\s*$")
FRAME = re.compile(r'^(\s*)File "(?P<file>[^"]*)", line (?P<line>\d+), in (?P<func>.+?)\s*$')
_CHAIN = (
    "During handling of the above exception, another exception occurred:",
    "The above exception was the direct cause of the following exception:",
)
_REPEATED = re.compile(r"^\s*\[Previous line repeated \d+ more times?\]\s*$")
# Exception-group margins: "  | ", "  +-+---- 1 ----", "    +------------".
_MARGIN = re.compile(r"^\s*(?:[+|] ?)+")
_SEPARATOR = re.compile(r"^\s*\+[-+]*(?:\s*\d+\s*-+|\s*\.\.\.[^-]*-+)?\s*$")


def frame_from(match: re.Match[str], trace_line: int) -> TraceFrame:
    """A TraceFrame from a `File "...", line N, in func` match (shared with faulthandler)."""
    file = match.group("file")
    func = match.group("func")
    owner, name = split_qualname(func)
    return TraceFrame(
        function=name,
        owner=owner,
        module=module_of(file),
        file=file,
        line=int(match.group("line")),
        language="python",
        runtime=is_stdlib(file),
        trace_line=trace_line,
    )


def parse(text: str) -> Trace:
    """Every traceback in `text`; chained ones completed; the first (root) one by default."""
    out = StackBuilder(callee_first=False)
    caught: set[int] = set()  # stacks followed by an exception raised while handling them
    expecting_source = False  # a frame line is followed by its source line(s)
    in_message = False  # lines after the exception line belong to its message
    grouped = "Exception Group Traceback" in text
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _unmargined(raw.rstrip()) if grouped else raw.rstrip()
        if line is None:
            continue
        margin = len(raw) - len(raw.lstrip(" ")) if grouped else 0
        if not line.strip():
            expecting_source = False
            continue
        if HEADER.match(line.strip()) or STACK_HEADER.match(line.strip()):
            kind = "stack" if line.strip().startswith("Stack") else "exception"
            depth = max(0, margin - 2) // 2  # an exception group's sub-tracebacks sit deeper
            parent = next(
                (i for i in range(len(out.stacks) - 1, -1, -1) if out.stacks[i].depth < depth),
                None,
            )
            out.start("", number, kind=kind, depth=depth, parent=parent)
            expecting_source = in_message = False
            continue
        if line.strip() in _CHAIN:
            out.close()
            if out.stacks:
                caught.add(len(out.stacks) - 1)
            in_message = False
            continue
        match = FRAME.match(line)
        if match:
            out.add(frame_from(match, number))
            expecting_source, in_message = True, False
            continue
        if _REPEATED.match(line):
            continue
        if expecting_source and line.startswith(("    ", "\t")):
            continue  # the frame's source line, or 3.11's ~~~^^^ markers under it
        expecting_source = False
        if out.is_open and not line.startswith((" ", "\t")):
            out.retitle(line.strip())
            out.close()
            in_message = True
            continue
        if in_message:
            continue  # a message that runs over several lines
        out.problem(number, raw, "not part of a Python traceback")
    out.close()
    stacks = out.stacks
    for i in sorted(caught, reverse=True):
        if i + 1 < len(stacks):
            stacks[i] = complete_caught(stacks[i], stacks[i + 1])
    for i, stack in enumerate(stacks):
        if stack.parent is not None:  # a sub-exception, caught where its group was raised
            stacks[i] = complete_caught(stack, stacks[stack.parent])
    return out.trace(FORMAT, 0)


def _unmargined(line: str) -> str | None:
    """A line with an exception group's `| ` margin removed; None for a separator line."""
    if _SEPARATOR.match(line):
        return None
    match = _MARGIN.match(line)
    if match is None or FRAME.match(line):
        return line
    rest = line[match.end() :]
    return "  " + rest if rest.startswith("File ") else rest
