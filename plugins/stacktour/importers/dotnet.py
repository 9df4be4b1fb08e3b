""".NET exception stack traces, as `Exception.ToString()` and an unhandled exception print them.

    Unhandled exception. System.InvalidOperationException: Boom
     ---> System.FormatException: The input string 'x' was not in a correct format.
       at Orders.Parser.Parse(String text) in /src/Orders/Parser.cs:line 42
       --- End of inner exception stack trace ---
       at Orders.Handler.<PostAsync>d__3.MoveNext() in /src/Orders/Handler.cs:line 17
    --- End of stack trace from previous location ---
       at Orders.Program.Main(String[] args) in /src/Orders/Program.cs:line 8

Frames are printed most recent call first, each `at Namespace.Type.Method(args)`, with
` in FILE:line N` when symbols were available. An inner exception is printed first, up to
`--- End of inner exception stack trace ---`; it is completed with the outer one's callers
and taken by default. `--- End of stack trace from previous location ---` marks where an
awaited task's exception was rethrown: the frame below it awaited the one above.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .builder import StackBuilder, complete_caught
from .dotnetnames import is_runtime_namespace, split_member
from .model import Trace, TraceFrame

FORMAT = "dotnet"

FRAME = re.compile(
    r"^\s*at (?P<method>[^(]+?)\s*\((?P<args>[^)]*)\)"
    r"(?: in (?P<file>.+?):line (?P<line>\d+))?(?: ?\[[^\]]*\])?\s*$"
)
# Exception headers: "System.X: msg", "Unhandled exception. System.X: msg", " ---> System.Y: m".
HEADER = re.compile(
    r"^(?:Unhandled [Ee]xception\. ?|\s*---> )?(?P<type>[A-Za-z_][\w.`+]*(?:Exception|Error)\w*)"
    r"(?::\s?(?P<message>.*))?$"
)
INNER_END = re.compile(r"^\s*--- End of inner exception stack trace ---\s*$")
RETHROWN = re.compile(
    r"^\s*--- End of stack trace from previous location(?: where exception was thrown)? ---\s*$"
)


def frame_from(method: str, file: str, line: str | None, trace_line: int) -> TraceFrame:
    """A TraceFrame from `Namespace.Type.Method` and its optional file and line."""
    member = split_member(method)
    return TraceFrame(
        function=member.function,
        owner=member.owner,
        module=member.namespace,
        file=file,
        line=int(line) if line else None,
        language="csharp",
        # `<Main>` is the entry point the compiler wraps around an async Main: no source.
        runtime=is_runtime_namespace(member.namespace) or member.function == "<Main>",
        enclosing=member.enclosing,
        generated=member.generated,
        trace_line=trace_line,
    )


def parse(text: str) -> Trace:
    """Every exception's stack, inner ones completed with their outer callers.

    The innermost exception (the root cause) is the default."""
    out = StackBuilder(callee_first=True)
    titles: list[tuple[int, str]] = []  # headers not yet given their frames, outermost first
    groups: list[int] = []  # per stack: which exception report (ToString output) it belongs to
    report = -1
    rethrown = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        match = FRAME.match(line)
        if match:
            if not out.is_open:
                number_, title = titles.pop() if titles else (number, "")
                out.start(title, number_)
                groups.append(report)
            frame = frame_from(
                match.group("method"), match.group("file") or "", match.group("line"), number
            )
            if rethrown:
                # This frame awaited the task whose exception the frames above rethrew.
                frame = replace(frame, awaited=True)
                rethrown = False
            out.add(frame)
            continue
        if INNER_END.match(line):
            out.close()
            continue
        if RETHROWN.match(line):
            rethrown = True
            continue
        header = HEADER.match(line)
        if header and not line.startswith((" ", "\t")) or (header and " ---> " in line[:8]):
            if not line.lstrip().startswith("--->"):
                out.close()
                report += 1
                titles = []
            for piece in re.split(r"\s*---> ", line.strip()):
                if piece:
                    titles.append((number, _title(piece)))
            continue
        if titles and not out.is_open:
            continue  # the message of the last header runs over several lines
        out.problem(number, raw, "not part of a .NET stack trace")
    out.close()
    stacks = out.stacks
    # Within one report, stack i (inner) was caught in a frame of stack i + 1 (its outer).
    for i in range(len(stacks) - 2, -1, -1):
        if groups[i] == groups[i + 1]:
            stacks[i] = complete_caught(stacks[i], stacks[i + 1])
    return out.trace(FORMAT, 0)


def _title(header: str) -> str:
    header = re.sub(r"^Unhandled [Ee]xception\. ?", "", header)
    return header.strip()
