"""`py-spy dump` output: one stack per thread, most recent call first.

    Process 25865: python3 render.py
    Python v3.11.7 (/usr/bin/python3.11)

    Thread 25865 (idle): "MainThread"
        Worker.wait (render.py:4)
            Arguments:
                self: <Worker at 0x7f256f71a210>
        main (render.py:6)

Function names are qualified (`Worker.wait`); file names are shortened to the package part
unless py-spy ran with `--full-filenames`. `--locals` adds indented variables, skipped.
"""

from __future__ import annotations

import re

from .builder import StackBuilder
from .model import Trace, TraceFrame
from .pythonpaths import is_short_stdlib, is_stdlib, module_of, split_qualname

FORMAT = "py-spy"

THREAD = re.compile(r'^Thread (?P<ident>\S+) \((?P<state>[^)]*)\)(?:: "(?P<name>[^"]*)")?\s*$')
FRAME = re.compile(r"^ {4}(?P<func>\S.*?) \((?P<file>.+?):(?P<line>\d+)\)\s*$")
_NO_LINE = re.compile(r"^ {4}(?P<func>\S.*?) \((?P<file>[^:()]+)\)\s*$")
_HEADER = re.compile(r"^(?:Process \d+: .*|Python v\d.*)$")
_LOCALS = re.compile(r"^ {8,}\S")


def parse(text: str) -> Trace:
    """Every thread's stack; the first thread (py-spy lists the main thread first) by default."""
    out = StackBuilder(callee_first=True)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        header = THREAD.match(line)
        if header:
            name = header.group("name") or header.group("ident")
            title = f"Thread {header.group('ident')} ({header.group('state')}): {name}"
            out.start(title, number, kind="thread", ident=header.group("ident"))
            continue
        if _HEADER.match(line) or (_LOCALS.match(line) and out.is_open):
            continue
        match = FRAME.match(line) or _NO_LINE.match(line)
        if match and out.is_open:
            file = match.group("file")
            func = match.group("func")
            owner, name = split_qualname(func)
            lineno = match.groupdict().get("line")
            out.add(
                TraceFrame(
                    function=name,
                    owner=owner,
                    module=module_of(file),
                    file=file,
                    line=int(lineno) if lineno else None,
                    language="python",
                    runtime=is_stdlib(file) or is_short_stdlib(file),
                    trace_line=number,
                )
            )
            continue
        out.problem(number, raw, "not part of a py-spy dump")
    return out.trace(FORMAT, 0)
