"""The view step: a resolved stack plus view options become a diagram model.

The diagram model says *what* is drawn (participants in column order, nested groups,
events in row order, activations, fragments) with every text and URL decided, and
nothing about *where*: that is the layout's job. Views of one stack:

- a slice of the steps (`steps=(3, 9)`), keeping the original step numbers;
- hidden layers or whole groups: a call into a hidden frame draws nothing, and a
  call out of a hidden frame is drawn from the nearest shown frame below it on the
  call stack, so `A -> hidden H -> B` becomes one arrow `A -> B` (numbered with the
  step that reaches B, and carrying the folded step numbers in `steps`);
- dashed returns, derived from how the call stack shrinks between steps;
- notes drawn beside their arrows (off on the site, where the walkthrough below the
  diagram shows them; on in exports, where there is no walkthrough).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..links import LinkScheme
from ..model import Call, Frame, Group, Layer, Project
from ..resolve import ResolvedStack, Step

KIND_NAMES: dict[str, str] = {
    "call": "call",
    "await": "await",
    "fire-and-forget": "fire-and-forget",
    "next": "pipeline next",
    "virtual": "virtual dispatch",
    "network": "network hop",
    "generated": "into generated code",
    "callback": "callback",
    "return": "return",
}


@dataclass(frozen=True)
class ViewOptions:
    """Which part of a stack to draw, and how."""

    steps: tuple[int, int] | None = None  # inclusive, 1-based; None: every step
    hide: tuple[str, ...] = ()  # layer or group ids
    show_returns: bool = False
    show_notes: bool = False  # draw each call's note as a note box beside its arrow


@dataclass(frozen=True)
class Participant:
    key: str  # layer id
    title: str
    subtitle: str
    tooltip: str
    href: str | None
    groups: tuple[str, ...]  # keys of the shown groups around it, outermost first


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
    note: str = ""  # plain text of the call's note, when the view draws notes


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


Event = Message | Ref


@dataclass(frozen=True)
class Activation:
    participant: int
    level: int  # 0 for the outermost frame of this participant, 1 if re-entered, ...
    start: int | None  # event that starts it; None: active from the top
    end: int | None  # event that ends it; None: still active at the bottom
    end_at_event: bool  # True: ends at the return arrow `end`; False: just before it
    tooltip: str


@dataclass(frozen=True)
class Fragment:
    kind: str  # "loop" or "branch"
    text: str
    first: int  # first event inside
    last: int  # last event inside
    tooltip: str


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


def parse_steps(text: str) -> tuple[int, int]:
    """`"3-9"` -> (3, 9); `"5"` -> (5, 5). Raises ValueError with a readable message."""
    first, sep, last = text.partition("-")
    try:
        a = int(first)
        b = int(last) if sep else a
    except ValueError:
        raise ValueError(f"steps must look like 3-9 or 5, not {text!r}") from None
    return a, b


def build(
    resolved: ResolvedStack, project: Project, links: LinkScheme, options: ViewOptions
) -> Diagram:
    """The diagram model of one view of a resolved stack.

    Raises ValueError for a step range outside the stack or an unknown hidden id.
    """
    stack = resolved.stack
    all_steps = resolved.steps
    first, last = options.steps or (1, len(all_steps))
    if all_steps and not 1 <= first <= last <= len(all_steps):
        raise ValueError(f"steps {first}-{last} are outside 1-{len(all_steps)} of {stack.id}")
    hidden = _hidden_layers(project, resolved.layers, options.hide)
    selected = [s for s in all_steps if first <= s.number <= last]
    # A slice shows only the layers it touches, and those on the call stack as it begins.
    frame_layer = {f.id: f.layer for layer in project.layers for f in layer.frames}
    used = {frame_layer.get(f, "") for f in (_before(selected[0]) if selected else ())}
    used.add(resolved.entry.layer if not selected else "")
    for step in selected:
        used.add(step.caller.layer)
        used.update(step.ref_layers if step.ref else (step.callee.layer,) if step.callee else ())
    shown_layers = [
        layer for layer in resolved.layers if layer.id not in hidden and layer.id in used
    ]
    if not shown_layers:
        raise ValueError(f"--hide {', '.join(options.hide)} hides every participant of {stack.id}")
    participants, groups = _participants(project, shown_layers, links)
    column = {p.key: i for i, p in enumerate(participants)}

    builder = _Builder(project, resolved, links, column, frame_layer, options)
    builder.run(selected)
    kinds = tuple(k for k in KIND_NAMES if k in builder.kinds_used)
    return Diagram(
        key=diagram_key(stack.id, options),
        title=stack.title,
        summary=stack.summary,
        stack_id=stack.id,
        participants=tuple(participants),
        groups=tuple(groups),
        events=tuple(builder.events),
        activations=tuple(builder.activations),
        fragments=tuple(builder.fragments),
        kinds=kinds,
        first_step=first,
        last_step=min(last, len(all_steps)),
        options=options,
    )


def diagram_key(stack_id: str, options: ViewOptions) -> str:
    """A readable id prefix, unique per stack and view: `st-<stack>[-<hash of view>]`."""
    import hashlib

    slug = "".join(ch if ch.isascii() and (ch.isalnum() or ch == "-") else "-" for ch in stack_id)
    key = f"st-{slug.strip('-').lower() or 'stack'}"
    view = repr((options.steps, tuple(sorted(options.hide)), options.show_returns))
    if options.show_notes:  # appended only when on, so ids of views without notes stay put
        view += " notes"
    default = repr((None, (), False))
    if view != default or slug != stack_id:
        key += "-" + hashlib.sha1((stack_id + view).encode("utf-8")).hexdigest()[:6]
    return key


def _hidden_layers(project: Project, layers: Sequence[Layer], hide: Sequence[str]) -> set[str]:
    known_layers = {layer.id for layer in project.layers}
    known_groups = {g.id for g in project.groups}
    for name in hide:
        if name not in known_layers and name not in known_groups:
            raise ValueError(f"--hide {name}: no layer or group has this id")
    hidden: set[str] = set()
    for layer in layers:
        chain = {g.id for g in _chain(project, layer.group)}
        if layer.id in hide or chain & set(hide):
            hidden.add(layer.id)
    return hidden


def _chain(project: Project, group_id: str) -> tuple[Group, ...]:
    try:
        return project.group_chain(group_id)
    except StopIteration:  # an unknown group is reported by the loader
        return ()


def _participants(
    project: Project, layers: Sequence[Layer], links: LinkScheme
) -> tuple[list[Participant], list[GroupBox]]:
    """Participants ordered so that each group's members are adjacent (boxes nest).

    Groups keep the order in which their first member appears; so do layers in a group.
    """
    tree: dict[str, object] = {}  # group key -> subtree; layer key -> Layer
    group_of: dict[str, Group] = {}
    for layer in layers:
        node = tree
        for group in _chain(project, layer.group):
            group_of[group.id] = group
            child = node.setdefault("g:" + group.id, {})
            assert isinstance(child, dict)
            node = child
        node["l:" + layer.id] = layer

    participants: list[Participant] = []
    boxes: list[GroupBox] = []

    def walk(node: dict[str, object], path: tuple[str, ...]) -> None:
        for key, value in node.items():
            if isinstance(value, Layer):
                participants.append(_participant(project, value, path, links))
            else:
                assert isinstance(value, dict)
                group = group_of[key[2:]]
                boxes.append(
                    GroupBox(
                        key=group.id,
                        title=group.title or group.id,
                        kind=group.kind,
                        tooltip=_join(group.title, f"({group.kind})", group.summary),
                    )
                )
                walk(value, (*path, group.id))

    walk(tree, ())
    return participants, boxes


def _participant(
    project: Project, layer: Layer, groups: tuple[str, ...], links: LinkScheme
) -> Participant:
    where = ""
    if layer.path:
        where = f"{layer.repo}: {layer.path}" if layer.repo else layer.path
    return Participant(
        key=layer.id,
        title=layer.title or layer.id,
        subtitle=layer.subtitle or layer.kind,
        tooltip=_join(layer.title, f"({layer.kind})", layer.summary.strip(), where),
        href=links.layer(layer.id),
        groups=groups,
    )


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _where(project: Project, frame: Frame, line: int | None, end: int | None = None) -> str:
    """`path:line` of a frame (or of a call site in it), for tooltips."""
    layer = project.layer(frame.layer)
    path = frame.path or layer.path or ""
    if not path:
        return ""
    if line is None and frame.lines:
        return f"{path}:{frame.lines[0]}"
    if line is not None and end is not None and end != line:
        return f"{path}:{line}\u2013{end}"
    return f"{path}:{line}" if line is not None else path


@dataclass
class _Open:
    """A frame on the call stack and what the diagram knows of it."""

    frame: str
    call: Call | None  # the call that pushed it (None for the entry)
    number: int | None  # the step that pushed it
    activation: int | None  # index into activations, when its layer is shown


class _Builder:
    """Walks the selected steps once, emitting events, activations and fragments."""

    def __init__(
        self,
        project: Project,
        resolved: ResolvedStack,
        links: LinkScheme,
        column: dict[str, int],
        frame_layer: dict[str, str],
        options: ViewOptions,
    ) -> None:
        self.project = project
        self.resolved = resolved
        self.links = links
        self.column = column
        self.frame_layer = frame_layer
        self.options = options
        self.events: list[Event] = []
        self.activations: list[Activation] = []
        self.fragments: list[Fragment] = []
        self.kinds_used: set[str] = set()
        self.stack: list[_Open] = []
        self.folded: set[int] = set()  # step numbers already shown inside some arrow
        self.return_depth: dict[int, int] = {}  # return event -> stack position it pops

    # -- helpers ---------------------------------------------------------------

    def _col(self, frame_id: str) -> int | None:
        return self.column.get(self.frame_layer.get(frame_id, ""))

    def _open(
        self, frame_id: str, call: Call | None, number: int | None, start: int | None
    ) -> None:
        col = self._col(frame_id)
        index: int | None = None
        if col is not None:
            level = sum(1 for o in self.stack if self._col(o.frame) == col)
            frame = self.project.frame(frame_id)
            index = len(self.activations)
            self.activations.append(
                Activation(
                    participant=col,
                    level=level,
                    start=start,
                    end=None,
                    end_at_event=False,
                    tooltip=_join(
                        frame.signature or frame.title, _where(self.project, frame, None)
                    ),
                )
            )
        self.stack.append(_Open(frame_id, call, number, index))

    def _close(self, opened: _Open, end: int, at_event: bool) -> None:
        if opened.activation is not None:
            act = self.activations[opened.activation]
            self.activations[opened.activation] = Activation(
                act.participant, act.level, act.start, end, at_event, act.tooltip
            )

    def _shown_position(self, depth: int) -> int | None:
        """Stack position of the nearest shown frame strictly below position `depth`."""
        for pos in range(depth - 1, -1, -1):
            if self._col(self.stack[pos].frame) is not None:
                return pos
        return None

    def _shown_below(self, depth: int) -> int | None:
        """Column of the nearest shown frame strictly below stack position `depth`."""
        pos = self._shown_position(depth)
        return None if pos is None else self._col(self.stack[pos].frame)

    # -- the walk --------------------------------------------------------------

    def run(self, steps: Sequence[Step]) -> None:
        all_steps = self.resolved.steps
        before = steps[0].number - 1 if steps else 0
        # The call stack as it stands when the first selected step is made.
        pushed_by: dict[str, tuple[Call | None, int | None]] = {
            self.resolved.entry.id: (None, None)
        }
        for step in all_steps[:before]:
            if step.callee is not None and step.call is not None:
                pushed_by[step.callee.id] = (step.call, step.number)
        initial = _before(steps[0]) if steps else (self.resolved.entry.id,)
        for frame_id in initial:
            call, number = pushed_by.get(frame_id, (None, None))
            self._open(frame_id, call, number, None)

        step_events: list[tuple[int, int]] = []  # per selected step: first, last event
        for i, step in enumerate(steps):
            first_event = len(self.events)
            self._step(step)
            step_events.append((first_event, len(self.events) - 1))
            # Unwind to the state before the next step (or to the entry at the end of
            # the whole stack), so returns belong to the step they end.
            if i + 1 < len(steps):
                target = self._prefix_for(steps[i + 1])
            elif step.number == len(all_steps):
                target = 1
            elif step.number < len(all_steps):
                target = self._prefix_for(all_steps[step.number])
            else:
                target = len(self.stack)
            self._unwind(target)
            step_events[-1] = (first_event, len(self.events) - 1)
        self._fragments(steps, step_events)

    def _prefix_for(self, step: Step) -> int:
        """How much of the current stack survives until `step` is made."""
        n = 0
        for opened, frame_id in zip(self.stack, _before(step), strict=False):
            if opened.frame != frame_id:
                break
            n += 1
        return n

    def _unwind(self, keep: int) -> None:
        while len(self.stack) > keep:
            opened = self.stack[-1]
            depth = len(self.stack) - 1
            col = self._col(opened.frame)
            back = self._shown_below(depth)
            wants_return = (
                self.options.show_returns
                and col is not None
                and back is not None
                and back != col
                and (opened.call is None or opened.call.kind != "fire-and-forget")
            )
            if wants_return:
                assert col is not None and back is not None
                call = opened.call
                frame = self.project.frame(opened.frame)
                label = call.returns if call is not None else ""
                self.events.append(
                    Message(
                        kind="return",
                        source=col,
                        target=back,
                        label=label,
                        sublabel="",
                        number=None,
                        steps=(opened.number,) if opened.number is not None else (),
                        href=None,
                        tooltip=_join(f"{frame.title} returns", label),
                    )
                )
                self.kinds_used.add("return")
                self.return_depth[len(self.events) - 1] = depth
                self._close(opened, len(self.events) - 1, True)
            else:
                self._close(opened, len(self.events), False)
            self.stack.pop()

    def _step(self, step: Step) -> None:
        # Frames the step pops (its caller is below them) end before it.
        self._unwind(self._prefix_for(step))
        if step.ref is not None:
            self._ref(step)
            return
        assert step.callee is not None and step.call is not None
        callee, call = step.callee, step.call
        target = self._col(callee.id)
        if target is None:
            self._open(callee.id, call, step.number, None)
            return
        source_pos = self._shown_position(len(self.stack))
        source = None if source_pos is None else self._col(self.stack[source_pos].frame)
        # Hidden frames between the shown source and this call: their calls fold in.
        via = self.stack[(source_pos + 1) if source_pos is not None else 0 :]
        via_calls = [o.call for o in via if o.call is not None]
        folded = tuple(
            o.number for o in via if o.number is not None and o.number not in self.folded
        )
        self.folded.update(folded)
        kinds = [c.kind for c in via_calls] + [call.kind]
        kind = "network" if "network" in kinds else kinds[0]
        net = next((c for c in [*via_calls, call] if c.kind == "network" and c.via), None)
        sublabel = f"{net.via.protocol} {net.via.method}" if net is not None and net.via else ""
        caller = step.caller
        tooltip = _join(
            f"{step.number}. {caller.title} \u2192 {callee.title}"
            + (f" (folds steps {', '.join(map(str, folded))})" if folded else ""),
            callee.signature,
            f"call site: {_where(self.project, caller, call.at, call.at_end)}" if call.at else "",
            _plain(call.note),
        )
        self.events.append(
            Message(
                kind=kind,
                source=source,
                target=target,
                label=callee.title if via_calls else (call.label or callee.title),
                sublabel=sublabel,
                number=step.number,
                steps=(*folded, step.number),
                href=self.links.step(self.resolved.stack.id, step.number),
                tooltip=tooltip,
                note=_plain(call.note) if self.options.show_notes else "",
            )
        )
        self.kinds_used.add(kind)
        self._open(callee.id, call, step.number, len(self.events) - 1)

    def _ref(self, step: Step) -> None:
        assert step.ref is not None
        cols = sorted(
            c for c in (self.column.get(name) for name in step.ref_layers) if c is not None
        )
        if not cols:
            here = self._shown_below(len(self.stack))
            cols = [here] if here is not None else [0]
        if not self.column:
            return
        sub = step.ref
        self.events.append(
            Ref(
                number=step.number,
                title=sub.title or sub.id,
                first=cols[0],
                last=cols[-1],
                href=self.links.stack(sub.id),
                step_href=self.links.step(self.resolved.stack.id, step.number),
                tooltip=_join(f"{step.number}. sub-flow: {sub.title}", sub.summary.strip()),
            )
        )
        index = len(self.events) - 1
        known = {o.frame for o in self.stack}
        below = self.stack[-1].frame if self.stack else None
        for frame_id in step.active:
            if frame_id not in known:
                self._open(frame_id, self._call_between(below, frame_id), step.number, index)
            below = frame_id

    def _call_between(self, caller: str | None, callee: str) -> Call | None:
        """The documented call from `caller` to `callee` (for frames a sub-flow pushes)."""
        if caller is None:
            return None
        return next((c for c in self.project.frame(caller).calls if c.to == callee), None)

    def _fragments(self, steps: Sequence[Step], spans: list[tuple[int, int]]) -> None:
        """Loop and branch boxes: a guarded call, its subtree, and its guarded siblings."""
        found: list[Fragment] = []
        merged: set[tuple[int, str]] = set()  # guarded siblings of an earlier step
        n = len(steps)
        for i, step in enumerate(steps):
            for kind in ("loop", "branch"):
                guard = _guard(step, kind)
                if guard is None or (i, kind) in merged:
                    continue
                anchor, j = step, i
                while j + 1 < n:
                    later = steps[j + 1]
                    if _below(anchor, later):
                        j += 1
                    elif _sibling(anchor, later) and _guard(later, kind) == guard:
                        anchor, j = later, j + 1
                        merged.add((j, kind))
                    else:
                        break
                first_event, last_event = spans[i][0], spans[j][1]
                # Returns that pop the guarded call's caller (or lower) are outside.
                callee_depth = len(step.active) - 1
                while (
                    last_event >= first_event
                    and self.return_depth.get(last_event, callee_depth) < callee_depth
                ):
                    last_event -= 1
                if last_event < first_event:
                    continue  # everything inside is hidden
                text, line = guard
                where = f" (line {line})" if line else ""
                found.append(
                    Fragment(
                        kind=kind,
                        text=text,
                        first=first_event,
                        last=last_event,
                        tooltip=f"{kind}: {text}{where}",
                    )
                )
        # Outer fragments first, so the layout can nest them in order.
        found.sort(key=lambda f: (f.first, -f.last, f.kind != "loop"))
        self.fragments = found


def _before(step: Step) -> tuple[str, ...]:
    """The call stack right before `step` is made: up to and including its caller."""
    if step.ref is None:
        return step.active[:-1]
    if step.caller.id in step.active:
        return step.active[: step.active.index(step.caller.id) + 1]
    return ()


def _guard(step: Step, kind: str) -> tuple[str, int | None] | None:
    call = step.call
    if call is None:
        return None
    guard = call.loop if kind == "loop" else call.branch
    return None if guard is None else (guard.text, guard.line)


def _sibling(a: Step, b: Step) -> bool:
    """Both calls are made by the same active frame (same call stack below them)."""
    return b.ref is None and a.caller.id == b.caller.id and a.active[:-1] == b.active[:-1]


def _below(anchor: Step, later: Step) -> bool:
    """`later` happens inside the frame `anchor` called (its subtree)."""
    depth = len(anchor.active)
    return (
        anchor.ref is None and len(later.active) > depth and later.active[:depth] == anchor.active
    )


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _plain(markdown: str) -> str:
    """Markdown reduced to drawn or tooltip text: links become their text, no backticks
    or emphasis markers (the SVG draws plain text; the walkthrough renders the Markdown).
    """
    text = _LINK.sub(r"\1", markdown)
    return " ".join(text.replace("`", "").replace("**", "").split())
