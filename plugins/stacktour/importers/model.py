"""The common trace model every parser produces: stacks of frames, caller first.

A trace is text someone pasted: an exception report, a thread dump, a goroutine dump. It
holds one or more stacks (one per exception in a chain, per thread, per goroutine). Every
frame keeps the line of the trace it was read from, so a problem can be pointed at.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class TraceFrame:
    """One frame as the trace reports it.

    `function` is the member's own name (`tokeniter`, `ProcessRequestCoreAsync`); `owner`
    the enclosing type or types, dotted (`Lexer`, `Outer.Inner`), empty for a free
    function; `module` the module, namespace or package (`jinja2.lexer`,
    `Microsoft.Azure.Functions.Worker`, `com.example`, `main`). `line` is the 1-based line
    the frame was executing: for a caller, the line of its call to the next frame.
    """

    function: str
    owner: str = ""
    module: str = ""
    file: str = ""
    line: int | None = None
    column: int | None = None
    language: str = "text"
    runtime: bool = False  # the platform's own code: stdlib, System.*, java.*, node:internal
    awaited: bool = False  # its call to the next frame is an await (the trace shows it)
    spawned: bool = False  # the frame started the next one on another thread (`go` statement)
    enclosing: str = ""  # for a local function: the member it is declared in
    generated: str = ""  # "lambda" or "local function" when the compiler named the frame
    trace_line: int = 0  # 1-based line of the trace this frame was read from
    qualified: str = ""  # the symbol found in the frame's own file, when it was read

    @property
    def symbol(self) -> str:
        """Qualified member name as stacktour's `symbol:` spells it: `Owner.member`."""
        if self.qualified:
            return self.qualified
        parts = [p for p in (self.owner, self.enclosing, self.function) if p]
        return ".".join(parts)

    @property
    def where(self) -> str:
        """`file:line` as the trace gave it, for messages and comments."""
        if not self.file:
            return "(no file)"
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class TraceStack:
    """One stack of a trace, frames ordered caller -> callee.

    `title` says what the stack is (`ValueError: bad input`, `goroutine 1 [running]`,
    `Thread 0x48C4`); `ident` the thread or goroutine id when the trace gives one.
    `shared_tail` counts frames Java elided with `... N more` (filled in by completion).
    """

    title: str
    frames: tuple[TraceFrame, ...] = ()
    kind: str = "exception"  # exception, thread, goroutine, stack
    ident: str = ""
    trace_line: int = 0
    depth: int = 0  # nesting in the trace (Java's Suppressed: blocks)
    elided: int = 0  # frames the trace left out ("... 3 more"), taken from the enclosing one
    parent: int | None = None  # index of the stack this one was caught in or caused


@dataclass(frozen=True)
class TraceProblem:
    """A line of the trace that was not understood, and was skipped."""

    line: int
    text: str
    message: str

    def format(self, source: str) -> str:
        shown = self.text if len(self.text) <= 80 else self.text[:77] + "..."
        return f"{source}:{self.line}: {self.message}: {shown!r}"


@dataclass(frozen=True)
class Trace:
    """Every stack found in one trace, the problems met, and which stack to take by default."""

    format: str
    stacks: tuple[TraceStack, ...] = ()
    problems: tuple[TraceProblem, ...] = field(default=())
    default: int = 0  # index into stacks: the root cause, or the first thread


def with_frames(stack: TraceStack, frames: list[TraceFrame]) -> TraceStack:
    return replace(stack, frames=tuple(frames))
