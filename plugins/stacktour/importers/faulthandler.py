"""`faulthandler` dumps: what Python prints on a fatal error, or on `dump_traceback()`.

    Fatal Python error: Segmentation fault

    Current thread 0x00007f1c2a3b4740 (most recent call first):
      File "/app/work.py", line 5 in crash
      File "/app/work.py", line 9 in <module>

One stack per thread, most recent call first; the current thread is taken by default.
"""

from __future__ import annotations

import re

from .builder import StackBuilder
from .model import Trace, TraceFrame
from .pythonpaths import is_stdlib, module_of, split_qualname

FORMAT = "faulthandler"

THREAD = re.compile(
    r"^(?P<current>Current thread|Thread|Stack)\s*(?P<ident>0x[0-9a-fA-F]+)?"
    r"(?: \[(?P<name>[^\]]*)\])? ?\(most recent call first\):\s*$"
)
FRAME = re.compile(r'^\s+File "(?P<file>[^"]*)", line (?P<line>\d+|\?\?\?) in (?P<func>.+?)\s*$')
_IGNORED = re.compile(
    r"^(?:Fatal Python error: .*|Python runtime state: .*|Extension modules: .*|"
    r"Thread 0x[0-9a-f]+ .*|\s+<no Python frame>|\s+\.\.\.|Timeout \(\d.*|"
    r"Windows fatal exception: .*|Current thread's C stack trace.*|Fatal Python error.*)\s*$"
)


def parse(text: str) -> Trace:
    """Every thread's stack; the `Current thread` one by default."""
    out = StackBuilder(callee_first=True)
    current = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            out.close()
            continue
        header = THREAD.match(line)
        if header:
            if header.group("current") == "Current thread":
                current = len(out.stacks) + (1 if out.is_open else 0)
            ident = header.group("ident") or ""
            name = header.group("name") or ""
            title = f"{header.group('current')} {ident}".strip() + (f" [{name}]" if name else "")
            out.start(title, number, kind="thread", ident=ident)
            continue
        match = FRAME.match(line)
        if match and out.is_open:
            file = match.group("file")
            lineno = match.group("line")
            func = match.group("func")
            owner, name = split_qualname(func)
            out.add(
                TraceFrame(
                    function=name,
                    owner=owner,
                    module=module_of(file),
                    file=file,
                    line=int(lineno) if lineno.isdigit() else None,
                    language="python",
                    runtime=is_stdlib(file),
                    trace_line=number,
                )
            )
            continue
        if _IGNORED.match(line):
            continue
        out.problem(number, raw, "not part of a faulthandler dump")
    return out.trace(FORMAT, current)
