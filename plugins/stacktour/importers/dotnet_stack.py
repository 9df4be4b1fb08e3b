"""`dotnet-stack report` output: every managed thread's stack, most recent call first.

    Thread (0x48839B):
      [Native Frames]
      System.Console!System.IO.StdInReader.ReadKey(bool&)
      System.Console!System.Console.ReadKey()
      StackTracee!Tracee.Program.Main(class System.String[])

Each frame is `Module!Namespace.Type.Method(IL argument types)`, without files or lines;
`[Native Frames]` stands for unmanaged code and lines starting with `#` are comments. The
first thread is taken by default.
"""

from __future__ import annotations

import re

from .builder import StackBuilder
from .dotnetnames import is_runtime_namespace, split_member
from .model import Trace, TraceFrame

FORMAT = "dotnet-stack"

THREAD = re.compile(r"^Thread \((?P<ident>0x[0-9A-Fa-f]+|\d+)\):\s*$")
FRAME = re.compile(r"^\s+(?P<module>[^\s!]+)!(?P<method>[^(]+?)(?:\((?P<args>.*)\))?\s*$")
NATIVE = re.compile(r"^\s+\[Native Frames\]\s*$")


def parse(text: str) -> Trace:
    """Every thread's stack; the first one by default."""
    out = StackBuilder(callee_first=True)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        header = THREAD.match(line)
        if header:
            out.start(
                f"Thread {header.group('ident')}",
                number,
                kind="thread",
                ident=header.group("ident"),
            )
            continue
        if NATIVE.match(line):
            continue
        match = FRAME.match(line)
        if match and out.is_open:
            member = split_member(match.group("method"))
            assembly = match.group("module").removesuffix(".il")
            out.add(
                TraceFrame(
                    function=member.function,
                    owner=member.owner,
                    module=member.namespace,
                    file="",
                    language="csharp",
                    runtime=is_runtime_namespace(member.namespace)
                    or assembly.startswith("System."),
                    enclosing=member.enclosing,
                    generated=member.generated,
                    trace_line=number,
                )
            )
            continue
        out.problem(number, raw, "not part of a dotnet-stack report")
    return out.trace(FORMAT, 0)
