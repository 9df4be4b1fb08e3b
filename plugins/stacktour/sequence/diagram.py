"""The diagram model: what a sequence diagram draws (participants in column order,
nested groups, events in row order, activations, fragments), every text and URL
decided, and nothing about where. `view.build` makes it; the layout places it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n.messages import N_
from .prose import Para

# In English; translated where drawn (`t(KIND_NAMES[kind])`).
KIND_NAMES: dict[str, str] = {
    "call": N_("call"),
    "await": N_("await"),
    "fire-and-forget": N_("fire-and-forget"),
    "next": N_("pipeline next"),
    "virtual": N_("virtual dispatch"),
    "network": N_("network hop"),
    "generated": N_("into generated code"),
    "callback": N_("callback"),
    "return": N_("return"),
}


@dataclass(frozen=True)
class ViewOptions:
    """Which part of a stack to draw, and how."""

    steps: tuple[int, int] | None = None  # inclusive, 1-based; None: every step
    hide: tuple[str, ...] = ()  # layer or group ids
    show_returns: bool = False
    show_notes: bool = False  # draw each call's note as a note box beside its arrow
    fold: tuple[str, ...] = ()  # layer kinds folded away, as hidden layers are
    lifelines: str = "layer"  # "layer": one per layer; "process": one per top-level group
    expand: bool = False  # draw each sub-flow's own steps (needs the sub-flows resolved)
    level: str = ""  # the level of detail these options make, if any (names the ids)
    line_numbers: bool = False  # the call line beside each arrow's label


@dataclass(frozen=True)
class Participant:
    key: str  # layer id
    title: str
    subtitle: str
    tooltip: str
    href: str | None
    groups: tuple[str, ...]  # keys of the shown groups around it, outermost first
    folds: str = ""  # "group": a whole group (process) drawn as one lifeline; key is its id


@dataclass(frozen=True)
class GroupBox:
    key: str
    title: str
    kind: str
    tooltip: str


@dataclass(frozen=True)
class Message:
    """An arrow: a call (numbered) or a return (dashed, unnumbered)."""

    kind: str  # one of model.CALL_KINDS, or "return"
    source: int | None  # participant index; None: from a hidden caller (found message)
    target: int
    label: str
    sublabel: str  # protocol and method of a network hop
    number: int | None
    steps: tuple[int, ...]  # every step this arrow stands for (folded ones too)
    href: str | None
    tooltip: str
    note: tuple[Para, ...] = ()  # the call's note, when the view draws notes
    shown: str = ""  # the number drawn, when not `number` ("1.4" in an expanded sub-flow)
    at: str = ""  # the call line(s) in the frame the arrow leaves, when the view shows them


@dataclass(frozen=True)
class Ref:
    """A sub-flow drawn as one box over the participants it passes through."""

    number: int
    title: str
    first: int
    last: int
    href: str | None  # the sub-flow's own stack page
    step_href: str | None
    tooltip: str
    shown: str = ""  # the number drawn, when not `number` (a sub-flow inside an expanded one)


Event = Message | Ref


@dataclass(frozen=True)
class Activation:
    participant: int
    level: int  # 0 for the outermost frame of this participant, 1 if re-entered, ...
    start: int | None  # event that starts it; None: active from the top
    end: int | None  # event that ends it; None: still active at the bottom
    end_at_event: bool  # True: ends at the return arrow `end`; False: just before it
    tooltip: str
    steps: tuple[int, ...] = ()  # steps made inside this frame that draw no arrow of their own


@dataclass(frozen=True)
class Fragment:
    kind: str  # "loop", "branch", or "sub-flow" (an expanded one)
    text: str
    first: int  # first event inside
    last: int  # last event inside
    tooltip: str
    number: int | None = None  # a sub-flow's step (data-step)
    shown: str = ""  # a sub-flow's number as drawn
    href: str | None = None  # a sub-flow's own stack page
    step_href: str | None = None  # a sub-flow's step on this page


@dataclass(frozen=True)
class Diagram:
    key: str  # stable, unique per stack and view; prefixes every id
    title: str
    summary: str
    stack_id: str
    participants: tuple[Participant, ...]
    groups: tuple[GroupBox, ...]
    events: tuple[Event, ...]
    activations: tuple[Activation, ...]
    fragments: tuple[Fragment, ...]
    kinds: tuple[str, ...]  # kinds drawn, in legend order
    first_step: int
    last_step: int
    options: ViewOptions = field(default_factory=ViewOptions)
