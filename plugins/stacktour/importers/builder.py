"""What every parser shares: collecting stacks line by line, and completing chained ones."""

from __future__ import annotations

from dataclasses import replace

from .model import Trace, TraceFrame, TraceProblem, TraceStack


class StackBuilder:
    """Collects frames in the order the trace prints them and the lines it skipped.

    `callee_first` says how the format prints a stack (most recent call first, as .NET,
    Java, Node.js and Go do); stacks come out caller first either way.
    """

    def __init__(self, callee_first: bool) -> None:
        self.callee_first = callee_first
        self.stacks: list[TraceStack] = []
        self.problems: list[TraceProblem] = []
        self._open: TraceStack | None = None
        self._frames: list[TraceFrame] = []

    @property
    def is_open(self) -> bool:
        return self._open is not None

    def start(
        self,
        title: str,
        line: int,
        kind: str = "exception",
        ident: str = "",
        depth: int = 0,
        parent: int | None = None,
    ) -> None:
        self.close()
        self._open = TraceStack(
            title=title, kind=kind, ident=ident, trace_line=line, depth=depth, parent=parent
        )

    def retitle(self, title: str) -> None:
        if self._open is not None and not self._open.title:
            self._open = replace(self._open, title=title)
        elif self.stacks and not self.stacks[-1].title:
            self.stacks[-1] = replace(self.stacks[-1], title=title)

    def add(self, frame: TraceFrame) -> None:
        if self._open is None:
            self.start("", frame.trace_line, kind="stack")
        self._frames.append(frame)

    def elide(self, count: int) -> None:
        if self._open is not None:
            self._open = replace(self._open, elided=count)

    def close(self) -> None:
        if self._open is None:
            return
        frames = list(reversed(self._frames)) if self.callee_first else list(self._frames)
        self.stacks.append(replace(self._open, frames=tuple(frames)))
        self._open, self._frames = None, []

    def problem(self, line: int, text: str, message: str) -> None:
        self.problems.append(TraceProblem(line, text.rstrip("\n"), message))

    def last_frame(self) -> TraceFrame | None:
        return self._frames[-1] if self._frames else None

    def replace_last(self, frame: TraceFrame) -> None:
        self._frames[-1] = frame

    def trace(self, fmt: str, default: int | None = None) -> Trace:
        self.close()
        chosen = 0 if default is None else default
        chosen = max(0, min(chosen, len(self.stacks) - 1))
        return Trace(fmt, tuple(self.stacks), tuple(self.problems), chosen)


def same_frame(a: TraceFrame, b: TraceFrame) -> bool:
    """The same function of the same file (lines may differ: one is a call, one a raise)."""
    return (a.file, a.module, a.owner, a.function) == (b.file, b.module, b.owner, b.function)


def complete_caught(inner: TraceStack, outer: TraceStack) -> TraceStack:
    """Give a caught exception's stack the callers it was caught under.

    A Python or .NET report prints the first exception from the frame that caught it down
    to where it was raised; the exception raised while handling it (printed after it, or
    around it) runs from the top of the thread down to that same frame. The frames of
    `outer` above the catching frame are the callers `inner` is missing.
    """
    if not inner.frames:
        return inner
    first = inner.frames[0]
    for k, frame in enumerate(outer.frames):
        if same_frame(frame, first):
            return replace(inner, frames=outer.frames[:k] + inner.frames)
    return inner


def complete_elided(stack: TraceStack, enclosing: TraceStack) -> TraceStack:
    """Java's `... N more`: the N outermost frames are those of the enclosing trace."""
    if stack.elided <= 0:
        return stack
    shared = enclosing.frames[: stack.elided]
    return replace(stack, frames=shared + stack.frames, elided=0)
