"""The validated model of a stacktour project: immutable, typed, free of YAML and MkDocs.

A project is a set of repositories, groups (processes and other boundaries), layers (the
participants of a story, each holding frames) and stacks (stories through the frames).
Every object keeps the position of the YAML node it came from, so later stages can still
point a user at the exact line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .i18n.messages import N_

# The closed set of call kinds. The kinds are the point of a stack: an `await` is not a
# fire-and-forget dispatch, and a network hop crosses a process boundary.
# (The descriptions are shown to readers, in their language: N_ marks them for the
# message catalogue, i18n/messages.py.)
CALL_KINDS: dict[str, str] = {
    "call": N_("Synchronous call (or returns the callee's task without awaiting it)"),
    "await": N_("Awaited call: the caller resumes when the callee completes"),
    "fire-and-forget": N_("Dispatch without waiting (Task.Run, `_ = FooAsync()`)"),
    "next": N_("Pipeline or middleware `next(context)`"),
    "virtual": N_("Virtual, interface or override dispatch to another class"),
    "network": N_("Network hop to another process (protocol and method)"),
    "generated": N_("Call into code that exists only after a build"),
    "callback": N_("Callback or event handler invoked by the callee's owner"),
}

LAYER_KINDS: dict[str, str] = {
    "class": "A class or its members",
    "interface": "An interface or abstract class whose calls dispatch elsewhere",
    "middleware": "A stage of a middleware pipeline",
    "pipeline": "The machinery that composes and runs a pipeline",
    "generated": "Code emitted by a source generator at build time",
    "user-code": "Code the application's author writes",
    "client-stub": "A generated or library client for a remote service",
    "service": "A server-side implementation of a remote service",
    "proto": "An interface definition (protobuf, OpenAPI, IDL)",
    "storage": "A storage backend or provider",
    "library": "A library API used by the other layers",
}

GROUP_KINDS: dict[str, str] = {
    "process": "An operating-system process",
    "build": "Build time: code that exists only in build output",
    "repository": "A source repository",
    "package": "A package or assembly",
    "service": "A remote service or machine",
    "boundary": "Any other boundary",
}


@dataclass(frozen=True, order=True)
class Position:
    """Where a YAML node starts: 1-based line and column, as editors show them."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Pin:
    """A named commit of a repository (e.g. the version an excerpt quotes)."""

    name: str
    commit: str
    label: str = ""
    note: str = ""


@dataclass(frozen=True)
class Repo:
    id: str
    url: str  # "": no public address (code read from a clone, shown without links)
    commit: str  # "today": the snapshot that `current` notes describe
    title: str = ""
    pins: tuple[Pin, ...] = ()
    label: str = ""  # how a person names `commit`, e.g. "main, 2026-08-14"
    pos: Position = Position("")

    def pin(self, name: str | None) -> Pin:
        """The named pin, or the repository's own commit ("today") when `name` is None."""
        if name is None:
            return Pin(name="", commit=self.commit, label=self.label or self.commit[:8])
        for pin in self.pins:
            if pin.name == name:
                return pin
        raise KeyError(name)


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    kind: str = "process"
    parent: str | None = None
    summary: str = ""
    pos: Position = Position("")


@dataclass(frozen=True)
class Guard:
    """The loop or branch a call sits in: its condition text and the line it starts on."""

    text: str
    line: int | None = None


@dataclass(frozen=True)
class Via:
    """How a network hop travels: protocol and method (e.g. gRPC /Service/Method)."""

    protocol: str
    method: str


@dataclass(frozen=True)
class CallLocator:
    """A call site named by what it calls (`{call: Name, nth: 2}`), found by `sync`."""

    call: str
    nth: int | None = None  # which matching call, from 1; None: the only one


@dataclass(frozen=True)
class Call:
    kind: str
    to: str | None = None  # "layer.frame" of a documented frame
    external: str | None = None  # a callee that has no frame here (shown, never drawn)
    at: int | None = None  # (first) line of the call site in the caller's file
    at_end: int | None = None  # last line, when the call spans several lines
    locator: CallLocator | None = None
    via: Via | None = None
    loop: Guard | None = None
    branch: Guard | None = None
    label: str = ""  # text on the arrow; defaults to the callee's short name
    returns: str = ""  # text on the dashed return arrow, when returns are drawn
    note: str = ""  # Markdown
    pos: Position = Position("")

    @property
    def at_lines(self) -> tuple[int, ...]:
        """Every line of the call site (one, or a span), for highlighting."""
        if self.at is None:
            return ()
        return tuple(range(self.at, (self.at_end or self.at) + 1))

    @property
    def where(self) -> str:
        """ "line 66" or "lines 696–708"; "" when the line is not known."""
        if self.at is None:
            return ""
        if self.at_end is not None and self.at_end != self.at:
            return f"lines {self.at}–{self.at_end}"
        return f"line {self.at}"


@dataclass(frozen=True)
class Segment:
    """A run of consecutive source lines quoted verbatim, starting at `start`.

    `start` is 0 for code with no upstream file (e.g. source-generated code): it is
    shown without line numbers.
    """

    start: int
    text: str

    @property
    def numbered(self) -> bool:
        return self.start > 0

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(self.text.split("\n"))

    @property
    def end(self) -> int:
        return self.start + len(self.lines) - 1


@dataclass(frozen=True)
class Current:
    """The same member today (at the repository's `commit`), when the frame quotes older."""

    lines: tuple[int, int] | None = None
    note: str = ""


@dataclass(frozen=True)
class Frame:
    id: str  # "layer.frame", unique in the project
    name: str  # the frame's own id inside its layer
    layer: str
    title: str  # short name for arrows, e.g. "ProcessMessageAsync"
    signature: str = ""
    symbol: str | None = None  # qualified member name, located in the file by a parser
    language: str = "text"
    lines: tuple[int, int] | None = None
    excerpt: tuple[Segment, ...] = ()
    path: str | None = None
    pin: str | None = None  # the repository pin the lines and excerpt refer to
    current: Current | None = None
    explanation: str = ""
    caveat: str = ""
    calls: tuple[Call, ...] = ()
    pos: Position = Position("")


@dataclass(frozen=True)
class Layer:
    id: str
    title: str
    kind: str
    group: str
    repo: str | None = None
    path: str | None = None
    pin: str | None = None
    tags: tuple[str, ...] = ()
    subtitle: str = ""
    summary: str = ""
    caveat: str = ""
    frames: tuple[Frame, ...] = ()
    file: str = ""
    pos: Position = Position("")


@dataclass(frozen=True)
class StepSpec:
    """One listed step: a call from a frame to a frame, or a whole other stack."""

    caller: str | None = None
    callee: str | None = None
    at: int | None = None
    ref: str | None = None  # id of a stack shown as one collapsed sub-flow
    pos: Position = Position("")


@dataclass(frozen=True)
class Stack:
    id: str
    title: str
    entry: str
    summary: str = ""
    steps: tuple[StepSpec, ...] = ()  # empty: derived by following calls from `entry`
    # frame -> the calls to follow from it, each a call line or a callee frame id
    follow: tuple[tuple[str, tuple[int | str, ...]], ...] = ()
    level: str = ""  # the level of detail its page opens at ("": the built-in choice)
    file: str = ""
    pos: Position = Position("")


@dataclass(frozen=True)
class Project:
    repos: tuple[Repo, ...] = ()
    groups: tuple[Group, ...] = ()
    layers: tuple[Layer, ...] = ()
    stacks: tuple[Stack, ...] = ()
    stack_order: tuple[str, ...] = ()  # system.yaml `stack_order`: menus list these first
    root: str = ""
    files: tuple[str, ...] = field(default=())  # every file the project was read from
    # system.yaml's `id`, `title` and `summary`: how a site of several systems names this
    # one (systems/); "" when not given
    system_id: str = ""
    title: str = ""
    summary: str = ""
    languages: tuple[str, ...] = ("en",)  # of the prose (i18n/), the default language first

    def repo(self, repo_id: str) -> Repo:
        return next(r for r in self.repos if r.id == repo_id)

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)

    def layer(self, layer_id: str) -> Layer:
        """The layer with this id (the first, if the project repeats it); KeyError if none."""
        return self._layers_by_id[layer_id]

    def stack(self, stack_id: str) -> Stack:
        return next(s for s in self.stacks if s.id == stack_id)

    def frame(self, frame_id: str) -> Frame:
        """The frame `layer.frame` (the first, if repeated); KeyError if none."""
        return self._frames_by_id[frame_id]

    # Lookups by id, built once per project: pages ask for frames and layers by id at
    # every step, and a scan per lookup made a large site's pages quadratic. (A frozen
    # dataclass may still fill a cached_property: it writes the instance's __dict__.)
    @cached_property
    def _layers_by_id(self) -> dict[str, Layer]:
        return {x.id: x for x in reversed(self.layers)}

    @cached_property
    def _frames_by_id(self) -> dict[str, Frame]:
        found: dict[str, Frame] = {}
        for layer in self._layers_by_id.values():
            for f in reversed(layer.frames):
                if f.id.partition(".")[0] == layer.id:
                    found[f.id] = f
        return found

    def frames(self) -> dict[str, Frame]:
        return {f.id: f for layer in self.layers for f in layer.frames}

    def group_chain(self, group_id: str) -> tuple[Group, ...]:
        """The group and its ancestors, outermost first."""
        chain: list[Group] = []
        seen: set[str] = set()
        current: str | None = group_id
        while current is not None and current not in seen:
            seen.add(current)
            group = self.group(current)
            chain.append(group)
            current = group.parent
        return tuple(reversed(chain))
