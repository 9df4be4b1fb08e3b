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
  diagram shows them; on in exports, where there is no walkthrough);
- levels of detail (`levels.py` names them): layers of some kinds folded as if hidden
  (`fold`), each process drawn as one lifeline (`lifelines="process"`: a call inside
  it draws nothing and folds into the next arrow that leaves it, or into the bar it
  runs on), and sub-flows expanded into their own steps (`expand`, see `walk.py`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..i18n.messages import N_, t
from ..links import LinkScheme
from ..model import Call, Frame, Project
from ..resolve import ResolvedStack, Step
from .diagram import (
    KIND_NAMES,
    Activation,
    Diagram,
    Event,
    Fragment,
    GroupBox,
    Message,
    Participant,
    Ref,
    ViewOptions,
)
from .lifelines import hidden_layers, layer_lifelines, process_lifelines, walk_layers
from .prose import gist, paragraphs, plain
from .walk import SubFlow, WalkStep, walk

__all__ = [
    "KIND_NAMES",
    "Activation",
    "Diagram",
    "Event",
    "Fragment",
    "GroupBox",
    "Message",
    "Participant",
    "Ref",
    "ViewOptions",
    "build",
    "diagram_key",
    "lines_text",
    "parse_steps",
]


# A loop or branch fragment's tooltip, translated where used.
GUARD_WORDS = {"loop": N_("loop: {text}"), "branch": N_("branch: {text}")}


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
    resolved: ResolvedStack,
    project: Project,
    links: LinkScheme,
    options: ViewOptions,
    subflows: Mapping[str, ResolvedStack] | None = None,
) -> Diagram:
    """The diagram model of one view of a resolved stack.

    `subflows` (stack id -> resolved stack) is what `options.expand` expands; without
    it every sub-flow stays one box. Raises ValueError for a step range outside the
    stack, an unknown hidden id, or a view that hides every participant.
    """
    stack = resolved.stack
    all_steps = resolved.steps
    first, last = options.steps or (1, len(all_steps))
    if all_steps and not 1 <= first <= last <= len(all_steps):
        raise ValueError(f"steps {first}-{last} are outside 1-{len(all_steps)} of {stack.id}")
    steps = walk(resolved, subflows if options.expand else None)
    layers = walk_layers(project, resolved, steps)
    hidden = hidden_layers(project, layers, options.hide)
    hidden |= {layer.id for layer in layers if layer.kind in options.fold}
    selected = [w for w in steps if first <= w.number <= last]
    # A slice shows only the layers it touches, and those on the call stack as it begins.
    frame_layer = {f.id: f.layer for layer in project.layers for f in layer.frames}
    used = {frame_layer.get(f, "") for f in (_before(selected[0].step) if selected else ())}
    used.add(resolved.entry.layer if not selected else "")
    for w in selected:
        step = w.step
        used.add(step.caller.layer)
        used.update(step.ref_layers if step.ref else (step.callee.layer,) if step.callee else ())
    shown_layers = [layer for layer in layers if layer.id not in hidden and layer.id in used]
    if not shown_layers:
        what = ", ".join((*options.hide, *options.fold))
        raise ValueError(f"--hide {what} hides every participant of {stack.id}")
    if options.lifelines == "process":
        participants, column = process_lifelines(project, shown_layers, links)
        groups: list[GroupBox] = []
    else:
        participants, groups = layer_lifelines(project, shown_layers, links)
        column = {p.key: i for i, p in enumerate(participants)}

    folded_columns = frozenset(i for i, p in enumerate(participants) if p.folds)
    builder = _Builder(
        project, resolved, links, column, frame_layer, options, steps, folded_columns
    )
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
    if options.line_numbers:
        view += " lines"
    if options.level:  # a named level: readable, and unique among a page's levels
        level = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in options.level)
        key += f"-{level.lower()}"
    detail = (options.fold, options.lifelines, options.expand)
    if detail != ((), "layer", False) and not options.level:  # a level names its own
        view += " " + repr(detail)
    default = repr((None, (), False))
    if view != default or slug != stack_id:
        key += "-" + hashlib.sha1((stack_id + view).encode("utf-8")).hexdigest()[:6]
    return key


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _where(project: Project, frame: Frame, line: object = None) -> str:
    """`path:first-last` of a frame, or `path:line` of a call site in it, for tooltips."""
    layer = project.layer(frame.layer)
    path = frame.path or layer.path or ""
    if not path:
        return ""
    where = lines_text(line) or lines_text(frame.lines)
    return f"{path}:{where}" if where else path


def _call_lines(call: Call) -> int | tuple[int, int] | None:
    """A call site's line, or its first and last line when the call spans several."""
    if call.at is not None and call.at_end is not None and call.at_end != call.at:
        return (call.at, call.at_end)
    return call.at


def lines_text(at: object) -> str:
    """A call line or a line range as read: `66`, or `696\u2013708` for a range.

    Read defensively: a call's `at` is a line today and may become a range
    (`[696, 708]`) or a locator; anything else gives "".
    """
    if isinstance(at, bool):
        return ""
    if isinstance(at, int):
        return str(at)
    if (
        isinstance(at, tuple | list)
        and at
        and all(isinstance(n, int) and not isinstance(n, bool) for n in at)
    ):
        first, last = at[0], at[-1]
        return str(first) if first == last else f"{first}\u2013{last}"
    line = getattr(at, "line", None) or getattr(at, "lines", None)
    return lines_text(line) if line is not at and line is not None else ""


@dataclass
class _Open:
    """A frame on the call stack and what the diagram knows of it."""

    frame: str
    call: Call | None  # the call that pushed it (None for the entry)
    number: int | None  # the step that pushed it
    activation: int | None  # index into activations, when it has a bar of its own


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
        steps: list[WalkStep],
        folded_columns: frozenset[int] = frozenset(),
    ) -> None:
        self.project = project
        self.resolved = resolved
        self.links = links
        self.column = column
        self.frame_layer = frame_layer
        self.options = options
        self.walk = steps  # every step of the walk; the selected ones are drawn
        self.folded_columns = folded_columns  # lifelines that stand for a whole group
        self.events: list[Event] = []
        self.activations: list[Activation] = []
        self.fragments: list[Fragment] = []
        self.kinds_used: set[str] = set()
        self.stack: list[_Open] = []
        self.folded: set[int] = set()  # step numbers already shown inside some arrow
        self.drawn: set[int] = set()  # step numbers with an arrow or box of their own
        self.inside: dict[int, int | None] = {}  # undrawn step -> the bar it runs on
        self.return_depth: dict[int, int] = {}  # return event -> stack position it pops

    # -- helpers ---------------------------------------------------------------

    def _col(self, frame_id: str) -> int | None:
        return self.column.get(self.frame_layer.get(frame_id, ""))

    def _open(
        self,
        frame_id: str,
        call: Call | None,
        number: int | None,
        start: int | None,
        bar: bool = True,
    ) -> None:
        col = self._col(frame_id)
        index: int | None = None
        if col is not None and bar and not self._inside_lifeline(col):
            level = sum(
                1 for o in self.stack if o.activation is not None and self._col(o.frame) == col
            )
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

    def _inside_lifeline(self, col: int) -> bool:
        """Whether a frame pushed now on lifeline `col` runs inside a frame already
        active there: on a lifeline standing for a whole group, it gets no bar and no
        arrow of its own."""
        if col not in self.folded_columns:
            return False
        below = self._shown_position(len(self.stack))
        return below is not None and self._col(self.stack[below].frame) == col

    def _close(self, opened: _Open, end: int, at_event: bool) -> None:
        if opened.activation is not None:
            act = self.activations[opened.activation]
            self.activations[opened.activation] = replace(act, end=end, end_at_event=at_event)

    def _shown_position(self, depth: int) -> int | None:
        """Stack position of the nearest frame with a bar strictly below position `depth`."""
        for pos in range(depth - 1, -1, -1):
            if self.stack[pos].activation is not None:
                return pos
        return None

    def _shown_below(self, depth: int) -> int | None:
        """Column of the nearest frame with a bar strictly below stack position `depth`."""
        pos = self._shown_position(depth)
        return None if pos is None else self._col(self.stack[pos].frame)

    def _undrawn(self, number: int) -> None:
        """Step `number` draws nothing: remember the bar it runs on, for when no later
        arrow folds it in."""
        pos = self._shown_position(len(self.stack))
        self.inside.setdefault(number, None if pos is None else self.stack[pos].activation)

    # -- the walk --------------------------------------------------------------

    def run(self, selected: Sequence[WalkStep]) -> None:
        everything = self.walk
        before = everything.index(selected[0]) if selected else 0
        # The call stack as it stands when the first selected step is made.
        pushed_by: dict[str, tuple[Call | None, int | None]] = {
            self.resolved.entry.id: (None, None)
        }
        for w in everything[:before]:
            if w.step.callee is not None and w.step.call is not None:
                pushed_by[w.step.callee.id] = (w.step.call, w.number)
        initial = _before(selected[0].step) if selected else (self.resolved.entry.id,)
        for frame_id in initial:
            call, number = pushed_by.get(frame_id, (None, None))
            self._open(frame_id, call, number, None)

        step_events: list[tuple[int, int]] = []  # per selected step: first, last event
        for i, w in enumerate(selected):
            first_event = len(self.events)
            self._step(w)
            # Unwind to the state before the next step (or to the entry at the end of
            # the whole stack), so returns belong to the step they end.
            after = before + i + 1  # the walk's next step
            if i + 1 < len(selected):
                target = self._prefix_for(selected[i + 1].step)
            elif after == len(everything):
                target = 1
            else:
                target = self._prefix_for(everything[after].step)
            self._unwind(target)
            step_events.append((first_event, len(self.events) - 1))
        self._fragments([w.step for w in selected], step_events, [w.within for w in selected])
        self._subflows(selected, step_events)
        # A step no arrow or box stands for is marked on the bar it ran on, or, when it
        # ran on none drawn here, on the next arrow (the last one, at the end).
        marked = self.folded | self.drawn
        for number, bar in self.inside.items():
            if number in marked:
                continue
            if bar is not None:
                act = self.activations[bar]
                self.activations[bar] = replace(act, steps=(*act.steps, number))
            else:
                self._mark_on_arrow(number)
            marked.add(number)

    def _mark_on_arrow(self, number: int) -> None:
        arrows = [
            i for i, e in enumerate(self.events) if isinstance(e, Message) and e.number is not None
        ]
        later = [i for i in arrows if (self.events[i].number or 0) > number]
        if not arrows:
            return
        i = later[0] if later else arrows[-1]
        arrow = self.events[i]
        assert isinstance(arrow, Message)
        self.events[i] = replace(arrow, steps=tuple(sorted({*arrow.steps, number})))

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
                and opened.activation is not None
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
                        tooltip=_join(t("{frame} returns", frame=frame.title), label),
                    )
                )
                self.kinds_used.add("return")
                self.return_depth[len(self.events) - 1] = depth
                self._close(opened, len(self.events) - 1, True)
            else:
                self._close(opened, len(self.events), False)
            self.stack.pop()

    def _push_missing(self, step: Step) -> None:
        """Frames the step needs below it that are not on the stack (an expanded
        sub-flow whose entry was not active): they start at the step's own arrow."""
        below = self.stack[-1].frame if self.stack else None
        for frame_id in _before(step)[len(self.stack) :]:
            self._open(frame_id, self._call_between(below, frame_id), None, len(self.events))
            below = frame_id

    def _step(self, w: WalkStep) -> None:
        # Frames the step pops (its caller is below them) end before it.
        self._unwind(self._prefix_for(w.step))
        first_new = len(self.activations)
        at = len(self.events)
        self._push_missing(w.step)
        self._draw_step(w)
        if len(self.events) == at:
            # The step drew no arrow, so the bars pushed for it cannot start at one:
            # they start at the last arrow drawn before it.
            for i in range(first_new, len(self.activations)):
                act = self.activations[i]
                if act.start == at:
                    self.activations[i] = replace(act, start=at - 1 if at else None)

    def _draw_step(self, w: WalkStep) -> None:
        step = w.step
        if step.ref is not None:
            self._ref(w)
            return
        assert step.callee is not None and step.call is not None
        callee, call = step.callee, step.call
        target = self._col(callee.id)
        if target is None or self._inside_lifeline(target):
            # A hidden callee, or a call inside one process drawn as one lifeline.
            self._undrawn(w.number)
            self._open(callee.id, call, w.number, None, bar=False)
            return
        source_pos = self._shown_position(len(self.stack))
        source = None if source_pos is None else self._col(self.stack[source_pos].frame)
        # Frames without a bar between the shown source and this call: their calls fold in.
        via = self.stack[(source_pos + 1) if source_pos is not None else 0 :]
        via_calls = [o.call for o in via if o.call is not None]
        folded = tuple(
            dict.fromkeys(
                o.number
                for o in via
                if o.number is not None and o.number not in self.folded and o.number != w.number
            )
        )
        self.folded.update(folded)
        self.drawn.add(w.number)
        kinds = [c.kind for c in via_calls] + [call.kind]
        kind = "network" if "network" in kinds else kinds[0]
        net = next((c for c in [*via_calls, call] if c.kind == "network" and c.via), None)
        sublabel = f"{net.via.protocol} {net.via.method}" if net is not None and net.via else ""
        caller = step.caller
        tooltip = _join(
            f"{w.shown}. {caller.title} \u2192 {callee.title}"
            + (
                " " + t("(folds steps {steps})", steps=", ".join(map(str, folded)))
                if folded
                else ""
            ),
            callee.signature,
            t("call site: {where}", where=_where(self.project, caller, _call_lines(call)))
            if lines_text(call.at)
            else "",
            plain(call.note),
        )
        self.events.append(
            Message(
                kind=kind,
                source=source,
                target=target,
                label=callee.title if via_calls else (call.label or callee.title),
                sublabel=sublabel,
                number=w.number,
                steps=(*folded, w.number),
                href=self.links.step(w.owner, w.local),
                tooltip=tooltip,
                note=paragraphs(call.note) if self.options.show_notes else (),
                shown="" if w.shown == str(w.number) else w.shown,
                at=(
                    lines_text(_call_lines((via_calls or [call])[0]))
                    if self.options.line_numbers
                    else ""
                ),
            )
        )
        self.kinds_used.add(kind)
        self._open(callee.id, call, w.number, len(self.events) - 1)

    def _ref(self, w: WalkStep) -> None:
        step = w.step
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
        self.drawn.add(w.number)
        self.events.append(
            Ref(
                number=w.number,
                title=sub.title or sub.id,
                first=cols[0],
                last=cols[-1],
                href=self.links.stack(sub.id),
                step_href=self.links.step(w.owner, w.local),
                tooltip=_join(
                    f"{w.shown}. " + t("sub-flow: {title}", title=sub.title), gist(sub.summary)
                ),
                shown="" if w.shown == str(w.number) else w.shown,
            )
        )
        index = len(self.events) - 1
        known = {o.frame for o in self.stack}
        below = self.stack[-1].frame if self.stack else None
        for frame_id in step.active:
            if frame_id not in known:
                self._open(frame_id, self._call_between(below, frame_id), w.number, index)
            below = frame_id

    def _call_between(self, caller: str | None, callee: str) -> Call | None:
        """The documented call from `caller` to `callee` (for frames a sub-flow pushes)."""
        if caller is None:
            return None
        return next((c for c in self.project.frame(caller).calls if c.to == callee), None)

    def _subflows(self, selected: Sequence[WalkStep], spans: list[tuple[int, int]]) -> None:
        """A box around the events of each expanded sub-flow that draws any."""
        extent: dict[str, tuple[SubFlow, int, int]] = {}
        for w, (first, last) in zip(selected, spans, strict=True):
            for flow in w.within:
                _, a, b = extent.get(flow.shown, (flow, first, last))
                extent[flow.shown] = (flow, min(a, first), max(b, last))
        boxes = []
        for flow, first, last in extent.values():
            # Returns that pop frames below the sub-flow's entry are outside it.
            while last >= first and self.return_depth.get(last, flow.depth) < flow.depth:
                last -= 1
            if last < first:
                continue  # nothing of it is drawn at this level
            sub = flow.stack
            self.drawn.add(flow.number)
            boxes.append(
                Fragment(
                    kind="sub-flow",
                    text=sub.title or sub.id,
                    first=first,
                    last=last,
                    tooltip=_join(
                        f"{flow.shown}. " + t("sub-flow: {title}", title=sub.title),
                        gist(sub.summary),
                    ),
                    number=flow.number,
                    shown=flow.shown,
                    href=self.links.stack(sub.id),
                    step_href=self.links.step(flow.owner, flow.local),
                )
            )
        order = {"sub-flow": 0, "loop": 1, "branch": 2}
        self.fragments = sorted(
            [*self.fragments, *boxes], key=lambda f: (f.first, -f.last, order.get(f.kind, 3))
        )

    def _fragments(
        self,
        steps: Sequence[Step],
        spans: list[tuple[int, int]],
        within: Sequence[tuple[SubFlow, ...]],
    ) -> None:
        """Loop and branch boxes: a guarded call, its subtree, and its guarded siblings,
        up to the end of the expanded sub-flow the call is in (so boxes nest)."""
        found: list[Fragment] = []
        merged: set[tuple[int, str]] = set()  # guarded siblings of an earlier step
        n = len(steps)
        for i, step in enumerate(steps):
            for kind in ("loop", "branch"):
                guard = _guard(step, kind)
                if guard is None or (i, kind) in merged:
                    continue
                anchor, j = step, i
                flows = within[i]
                while j + 1 < n and within[j + 1][: len(flows)] == flows:
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
                where = " " + t("(line {line})", line=line) if line else ""
                found.append(
                    Fragment(
                        kind=kind,
                        text=text,
                        first=first_event,
                        last=last_event,
                        tooltip=t(GUARD_WORDS[kind], text=text) + where,
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
