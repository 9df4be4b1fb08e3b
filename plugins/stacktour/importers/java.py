"""Java stack traces, as `Throwable.printStackTrace()` and an uncaught exception print them.

    Exception in thread "main" java.lang.IllegalStateException: cannot load
        at com.example.Loader.load(Loader.java:14)
        at com.example.Main.main(Main.java:5)
    Caused by: java.lang.NumberFormatException: For input string: "x"
        at java.base/java.lang.Integer.parseInt(Integer.java:652)
        at com.example.Loader.parse(Loader.java:20)
        at com.example.Loader.load(Loader.java:12)
        ... 1 more

Frames are most recent call first. `... N more` means the N outermost frames are the
enclosing trace's; they are filled in. The deepest `Caused by:` is the root cause, taken by
default. `Suppressed:` blocks are indented one tab deeper and belong to the trace above.
Frame locations may carry a module (`java.base/`), a class loader (`app//`), or be
`Native Method` / `Unknown Source`; lambdas (`lambda$main$0`) are read back to their method.
"""

from __future__ import annotations

import re

from .builder import StackBuilder, complete_elided
from .model import Trace, TraceFrame

FORMAT = "java"

FRAME = re.compile(
    r"^(?P<indent>\s*)at (?P<method>[^\s(]+)\((?P<loc>[^)]*)\)\s*(?:~?\[[^\]]*\])?\s*$"
)
MORE = re.compile(r"^\s*\.\.\. (?P<count>\d+) (?:more|common frames omitted)\s*$")
CAUSED = re.compile(r"^(?P<indent>\s*)(?P<kind>Caused by|Suppressed): (?P<title>.+)$")
HEADER = re.compile(
    r"^(?:Exception in thread \"(?P<thread>[^\"]*)\" )?"
    r"(?P<title>[a-zA-Z_$][\w$]*(?:\.[\w$]+)+(?::.*)?)$"
)
_LAMBDA = re.compile(r"^lambda\$(?P<name>[\w$]+?)\$\d+$")
_RUNTIME = ("java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.", "scala.")


def frame_from(method: str, location: str, trace_line: int) -> TraceFrame:
    """`pkg.Outer$Inner.method` at `File.java:12` (or a module-qualified name)."""
    method = method.rsplit("/", 1)[-1]  # java.base/java.lang.X.m, app//com.x.Y.m
    qualified, _, name = method.rpartition(".")
    package, _, cls = qualified.rpartition(".")
    generated = ""
    lam = _LAMBDA.match(name)
    if lam:
        name, generated = lam.group("name"), "lambda"
    # Anonymous ($1) and lambda-holder classes fold into the class they are written in.
    owner_parts = [p for p in cls.split("$") if p and not p.isdigit() and not p.startswith("$")]
    owner_parts = [p for p in owner_parts if not p.startswith("Lambda")]
    file, line = "", None
    loc = location.strip()
    if ":" in loc:
        file, _, number = loc.rpartition(":")
        line = int(number) if number.isdigit() else None
    elif loc not in ("Native Method", "Unknown Source") and loc:
        file = loc
    if file and package and "/" not in file:
        file = package.replace(".", "/") + "/" + file  # where the source sits in its tree
    if name == "<init>":
        name = owner_parts[-1] if owner_parts else name
    return TraceFrame(
        function=name,
        owner=".".join(owner_parts),
        module=package,
        file=file,
        line=line,
        language="java",
        runtime=qualified.startswith(_RUNTIME),
        generated=generated,
        trace_line=trace_line,
    )


def parse(text: str) -> Trace:
    """Every trace and cause, completed; the root cause of the first report by default."""
    out = StackBuilder(callee_first=True)
    depth_of: list[int] = []
    root = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip().expandtabs(8)
        if not line.strip():
            continue
        match = FRAME.match(line)
        if match:
            if not out.is_open:
                out.start("", number)
                depth_of.append(0)
            out.add(frame_from(match.group("method"), match.group("loc"), number))
            continue
        more = MORE.match(line)
        if more and out.is_open:
            out.elide(int(more.group("count")))
            continue
        caused = CAUSED.match(line)
        if caused:
            depth = len(caused.group("indent")) // 8
            parent = _parent(depth_of, depth, caused.group("kind"))
            out.start(caused.group("title").strip(), number, depth=depth, parent=parent)
            depth_of.append(depth)
            continue
        header = HEADER.match(line)
        if header and not line.startswith((" ", "\t")):
            out.start(header.group("title").strip(), number, ident=header.group("thread") or "")
            depth_of.append(0)
            continue
        out.problem(number, raw, "not part of a Java stack trace")
    out.close()
    stacks = out.stacks
    for i, stack in enumerate(stacks):
        if stack.parent is not None:
            stacks[i] = complete_elided(stack, stacks[stack.parent])
    # The root cause: the last depth-0 `Caused by` of the first report.
    for i, stack in enumerate(stacks):
        if i and stack.depth == 0 and stack.parent is None:
            break
        if stack.depth == 0:
            root = i
    return out.trace(FORMAT, root)


def _parent(depth_of: list[int], depth: int, kind: str) -> int | None:
    """The trace a cause or suppressed exception is printed inside of."""
    wanted = depth if kind == "Caused by" else depth - 1
    for i in range(len(depth_of) - 1, -1, -1):
        if depth_of[i] == wanted:
            return i
    return None
