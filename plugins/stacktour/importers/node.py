"""Node.js stack traces (V8's `Error.stack`), as an uncaught exception prints them.

    /app/server.js:12
        throw new Error('no route');
        ^

    Error: no route
        at Router.handle (/app/server.js:12:11)
        at async Server.onRequest (file:///app/index.mjs:30:5)
        at process.processTicksAndRejections (node:internal/process/task_queues:95:5)

    Node.js v20.20.2

Frames are most recent call first: `at [async ][new ]Name (location)` or `at location` for
anonymous code. `async` marks a frame suspended in an `await` of the frame above it.
`node:` and `internal/` locations are Node's own code. The source excerpt Node prints
above an uncaught error, and `[cause]:` blocks, are read as context and further stacks.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

from .builder import StackBuilder
from .model import Trace, TraceFrame

FORMAT = "node"

FRAME = re.compile(
    r"^\s+at (?:(?P<async>async) )?(?:(?P<new>new) )?(?P<name>.+?) \((?P<loc>.+)\)\s*$"
)
BARE = re.compile(r"^\s+at (?:(?P<async>async) )?(?P<loc>\S+:\d+:\d+|<anonymous>|native)\s*$")
HEADER = re.compile(
    r"^\s*(?:\[cause\]: |Uncaught )?"
    r"(?P<title>[A-Z]\w*(?:Error|Exception)?\w*(?: \[[A-Z_]+\])?(?::.*)?)\s*(?:\{)?$"
)
_LOCATION = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+)$")
_FOOTER = re.compile(r"^(?:Node\.js v\d.*|\s*[\^~]+\s*|\s*\}\s*|\s+\w+: .*,?|\s*\[\w+\]: .*)$")
_SOURCE_HEAD = re.compile(r"^\S.*:\d+$")  # "/app/server.js:12" above the excerpt


def frame_from(match: re.Match[str], trace_line: int) -> TraceFrame:
    """A TraceFrame from a matched `at ...` line."""
    groups = match.groupdict()
    name = (groups.get("name") or "").strip()
    loc = groups["loc"]
    if loc.startswith("eval at "):
        loc = loc.rsplit(", ", 1)[-1]  # eval at f (file:1:2), <anonymous>:3:4
    alias = re.search(r" \[as ([^\]]+)\]$", name)
    if alias:
        name = name[: alias.start()]
    file, line, column = loc, None, None
    where = _LOCATION.match(loc)
    if where:
        file, line, column = where.group("file"), int(where.group("line")), int(where.group("col"))
    if file.startswith("file://"):
        file = unquote(urlparse(file).path)
    owner, function = "", name or "<anonymous>"
    if "." in name and not name.startswith("<"):
        owner, _, function = name.rpartition(".")
    if owner in ("Object", "Module") and function == "<anonymous>":
        owner = ""  # a module's top-level code
    if groups.get("new"):
        owner, function = function, "constructor"
    runtime = file.startswith(("node:", "internal/")) or file in ("native", "<anonymous>")
    stem = file.replace("\\", "/").rsplit("/", 1)[-1]
    module = re.sub(r"\.(?:c|m)?[jt]sx?$", "", stem)
    return TraceFrame(
        function=function,
        owner=owner,
        module=module,
        file=file,
        line=line,
        column=column,
        language="javascript",
        runtime=runtime,
        awaited=bool(groups.get("async")),
        trace_line=trace_line,
    )


def parse(text: str) -> Trace:
    """Every error's stack (and each `[cause]`); the first one by default."""
    out = StackBuilder(callee_first=True)
    lines = text.splitlines()
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        # util.inspect opens a block of the error's own properties after its last frame.
        framed = line[:-2] if line.endswith(" {") else line
        match = FRAME.match(framed) or BARE.match(framed)
        if match:
            frame = frame_from(match, number)
            out.add(frame)
            continue
        header = HEADER.match(line)
        if header and not (out.is_open and out.last_frame() is None):
            out.start(header.group("title").strip(), number)
            continue
        if _FOOTER.match(line) or (_SOURCE_HEAD.match(line) and not out.is_open):
            continue
        if not out.is_open and number < len(lines) and _is_excerpt(lines, number):
            continue
        out.problem(number, raw, "not part of a Node.js stack trace")
    return out.trace(FORMAT, 0)


def _is_excerpt(lines: list[str], number: int) -> bool:
    """The source line Node quotes between `file:line` and the `^` marker."""
    before = lines[number - 2] if number >= 2 else ""
    after = lines[number] if number < len(lines) else ""
    return bool(_SOURCE_HEAD.match(before.rstrip())) or bool(re.match(r"^\s*\^", after))
