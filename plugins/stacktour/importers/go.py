"""Go goroutine dumps: what a panic, `SIGQUIT` or `runtime.Stack(buf, true)` prints.

    panic: no route

    goroutine 1 [running]:
    main.(*Router).handle(0xc000012018, {0x4b5e0e, 0x1})
        /app/main.go:12 +0x45
    main.main()
        /app/main.go:30 +0x1d

    goroutine 6 [chan receive]:
    main.worker(0xc000020060)
        /app/main.go:20 +0x2c
    created by main.main in goroutine 1
        /app/main.go:27 +0x6a

Each goroutine is one stack, most recent call first: a function line, then its file and
line indented by a tab. `created by` names the `go` statement that started the goroutine;
it becomes the stack's first frame, which spawns the next. The first goroutine (the one
that panicked) is taken by default.
"""

from __future__ import annotations

import re

from .builder import StackBuilder
from .model import Trace, TraceFrame

FORMAT = "go"

GOROUTINE = re.compile(
    r"^goroutine (?P<id>\d+) (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[(?P<state>[^\]]*)\]:\s*$"
)
FUNCTION = re.compile(r"^(?P<name>[^\s(][^\s]*?)(?:\((?P<args>[^()]*)\))?\s*$")
CREATED = re.compile(r"^created by (?P<name>\S+)(?: in goroutine (?P<parent>\d+))?\s*$")
LOCATION = re.compile(
    r"^\t(?P<file>.+?):(?P<line>\d+)(?: \+0x[0-9a-f]+)?(?: fp=\S+ sp=\S+ pc=\S+)?\s*$"
)
_IGNORED = re.compile(
    r"^(?:panic: .*|fatal error: .*|\[signal .*|exit status \d+|"
    r"\.\.\.additional frames elided\.\.\.|"
    r"\[recovered\].*|\s+panic: .*|goroutine \d+ gp=.*|SIGQUIT: quit|PC=0x.*|rax .*|rbx .*|"
    r"r\w\w? +0x.*|rip .*|rflags .*|cs .*|fs .*|gs .*|\t\w+: .*)$"
)
_CLOSURE = re.compile(r"^(?P<base>.+?)(?:\.func\d+)+(?:\.\d+)*$")


def split_function(name: str) -> tuple[str, str, str, str]:
    """`example.com/app/server.(*Router).handle.func1` -> package, owner, function, generated."""
    slash = name.rfind("/")
    dot = name.find(".", slash + 1)
    if dot < 0:
        return "", "", name, ""
    package, rest = name[:dot], name[dot + 1 :]
    rest = re.sub(r"\[[^\]]*\]", "", rest)  # generics: F[...]
    generated = ""
    closure = _CLOSURE.match(rest)
    if closure:
        rest, generated = closure.group("base"), "lambda"
    owner = ""
    method = re.match(r"^\(?\*?(?P<type>[\w]+)\)?\.(?P<name>\w+)$", rest)
    if method:
        owner, rest = method.group("type"), method.group("name")
    return package, owner, rest, generated


def parse(text: str) -> Trace:
    """Every goroutine's stack; the first one in the dump by default."""
    out = StackBuilder(callee_first=True)
    pending: tuple[str, int, bool] | None = None  # a function line waiting for its location
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\n").rstrip("\r")
        if not line.strip():
            if pending:
                out.problem(pending[1], pending[0], "a Go frame without its file line")
                pending = None
            out.close()
            continue
        header = GOROUTINE.match(line)
        if header:
            title = f"goroutine {header.group('id')} [{header.group('state')}]"
            out.start(title, number, kind="goroutine", ident=header.group("id"))
            pending = None
            continue
        where = LOCATION.match(line)
        if where and pending and out.is_open:
            name, at, spawned = pending
            package, owner, function, generated = split_function(name)
            out.add(
                TraceFrame(
                    function=function,
                    owner=owner,
                    module=package,
                    file=where.group("file"),
                    line=int(where.group("line")),
                    language="go",
                    runtime=_is_runtime(package, where.group("file")),
                    spawned=spawned,
                    generated=generated,
                    trace_line=at,
                )
            )
            pending = None
            continue
        created = CREATED.match(line)
        if created and out.is_open:
            pending = (created.group("name"), number, True)
            continue
        called = FUNCTION.match(line)
        if called and out.is_open and not line.startswith(("\t", " ")) and "." in line:
            if pending:
                out.problem(pending[1], pending[0], "a Go frame without its file line")
            pending = (called.group("name"), number, False)
            continue
        if _IGNORED.match(line):
            continue
        out.problem(number, raw, "not part of a Go goroutine dump")
    if pending:
        out.problem(pending[1], pending[0], "a Go frame without its file line")
    # `created by` is printed last, so it comes out first: it spawned the next frame.
    return out.trace(FORMAT, 0)


def _is_runtime(package: str, file: str) -> bool:
    """Go's own packages: a path whose first element has no dot (`runtime`, `net/http`),
    other than `main`, in a file under a Go installation's `src/`."""
    first = package.split("/", 1)[0]
    if package == "main" or "." in first:
        return False
    return package.startswith(("runtime", "internal/")) or bool(
        re.search(r"/go(?:-[\d.]+)?/src/|/goroot/src/|/libexec/src/", file)
    )
