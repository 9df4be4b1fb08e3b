"""Turn a stack into its numbered steps, each with the call stack active at that moment.

Steps are either listed by the author or derived by walking documented calls from the
entry frame, depth first, in the order of their call lines. Both give the same thing: a
sequence of calls, where each call's caller must be active (on the call stack) when it
is made; frames above the caller have returned by then.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .diagnostics import Diagnostic
from .model import Call, Frame, Layer, Position, Project, Stack, StepSpec

# A derived walk longer than this is surely a mistake (and would be unreadable).
MAX_DERIVED_STEPS = 2000
# A call stack deeper than this is unreadable, and every step's page section lists it:
# the page would grow with steps x depth. Walks here never recurse, whatever the depth.
MAX_CALL_DEPTH = 256


@dataclass(frozen=True)
class Step:
    number: int  # 1-based, as drawn on the diagram and used in `#step-N`
    caller: Frame
    callee: Frame | None = None  # None for a sub-flow
    call: Call | None = None
    active: tuple[str, ...] = ()  # frame ids on the call stack after the call, outermost first
    ref: Stack | None = None  # the stack a sub-flow step stands for
    ref_layers: tuple[str, ...] = ()  # layers the sub-flow passes through

    @property
    def anchor(self) -> str:
        return f"step-{self.number}"

    @property
    def depth(self) -> int:
        return len(self.active)


@dataclass(frozen=True)
class ResolvedStack:
    stack: Stack
    steps: tuple[Step, ...]
    layers: tuple[Layer, ...]  # participants, in order of first appearance
    entry: Frame


def resolve_all(
    project: Project, *, skip: frozenset[str] = frozenset()
) -> tuple[dict[str, ResolvedStack], list[Diagnostic]]:
    """Resolve every stack but those in `skip`; stacks that fail are left out and reported."""
    resolved: dict[str, ResolvedStack] = {}
    diagnostics: list[Diagnostic] = []
    for stack in _ref_order(project, diagnostics, skip):
        if stack.id in skip:
            continue
        result, problems = resolve_stack(project, stack, resolved)
        diagnostics.extend(problems)
        if result is not None:
            resolved[stack.id] = result
    return resolved, diagnostics


def _ref_order(
    project: Project, diagnostics: list[Diagnostic], skip: frozenset[str] = frozenset()
) -> list[Stack]:
    """Stacks ordered so that each comes after the stacks it refers to; ref cycles reported
    (but not through the stacks in `skip`, whose refs are not followed).

    A depth-first walk with an explicit stack (no recursion), so a chain of sub-flows as
    long as the project allows is no RecursionError.
    """
    by_id = {s.id: s for s in project.stacks}
    order: list[Stack] = []
    started: set[str] = set()
    for root in project.stacks:
        if root.id in started:
            continue
        started.add(root.id)
        todo: list[tuple[Stack, Iterator[StepSpec]]] = [(root, iter(root.steps))]
        chain: list[str] = [root.id]
        while todo:
            stack, specs = todo[-1]
            spec = next(specs, None)
            if spec is None:
                order.append(stack)
                todo.pop()
                chain.pop()
                continue
            if not spec.ref or spec.ref not in by_id or stack.id in skip:
                continue
            if spec.ref in chain:
                cycle = " -> ".join((*chain, spec.ref))
                diagnostics.append(
                    Diagnostic.at(spec.pos, "ST310", f"sub-flows form a cycle: {cycle}")
                )
                continue
            if spec.ref in started:
                continue
            started.add(spec.ref)
            todo.append((by_id[spec.ref], iter(by_id[spec.ref].steps)))
            chain.append(spec.ref)
    return order


def resolve_stack(
    project: Project, stack: Stack, resolved: dict[str, ResolvedStack]
) -> tuple[ResolvedStack | None, list[Diagnostic]]:
    frames = project.frames()
    entry = frames.get(stack.entry)
    if entry is None:  # reported by the loader's reference checks
        return None, []
    problems: list[Diagnostic] = []
    if stack.steps:
        steps = _listed_steps(stack, entry, frames, resolved, problems)
    else:
        steps = _derived_steps(stack, entry, frames, problems)
    if any(d.is_error for d in problems):
        return None, problems
    layers = _participants(project, entry, steps)
    return ResolvedStack(stack=stack, steps=tuple(steps), layers=layers, entry=entry), problems


def _participants(project: Project, entry: Frame, steps: list[Step]) -> tuple[Layer, ...]:
    order: list[str] = [entry.layer]
    for step in steps:
        names = step.ref_layers if step.ref else (step.caller.layer, step.callee.layer)  # type: ignore[union-attr]
        for name in names:
            if name not in order:
                order.append(name)
    return tuple(project.layer(name) for name in order)


def _find_call(caller: Frame, callee_id: str, at: int | None) -> Call | None:
    for call in caller.calls:
        if call.to == callee_id and (at is None or call.at == at):
            return call
    return None


def _listed_steps(
    stack: Stack,
    entry: Frame,
    frames: dict[str, Frame],
    resolved: dict[str, ResolvedStack],
    problems: list[Diagnostic],
) -> list[Step]:
    steps: list[Step] = []
    active: list[str] = [entry.id]
    for spec in stack.steps:
        number = len(steps) + 1
        if spec.ref is not None:
            sub = resolved.get(spec.ref)
            if sub is None:
                continue  # unknown stack or a cycle: reported elsewhere
            sub_active = sub.steps[-1].active if sub.steps else (sub.entry.id,)
            if sub.entry.id in active:
                active = active[: active.index(sub.entry.id)]
            caller = frames[active[-1]] if active else sub.entry
            active = active + [f for f in sub_active if f not in active]
            if len(active) > MAX_CALL_DEPTH:
                problems.append(_too_deep(spec.pos, number))
                return steps
            steps.append(
                Step(
                    number=number,
                    caller=caller,
                    active=tuple(active),
                    ref=sub.stack,
                    ref_layers=tuple(layer.id for layer in sub.layers),
                )
            )
            continue
        step = _listed_call(spec, number, frames, active, problems)
        if step is None:
            if problems and problems[-1].code == "ST308":
                return steps  # every later step would be deeper still, or off the stack
            continue
        steps.append(step)
        active = list(step.active)
    return steps


def _listed_call(
    spec: StepSpec,
    number: int,
    frames: dict[str, Frame],
    active: list[str],
    problems: list[Diagnostic],
) -> Step | None:
    assert spec.caller is not None and spec.callee is not None
    caller, callee = frames.get(spec.caller), frames.get(spec.callee)
    if caller is None or callee is None:
        return None  # unknown frames are reported by the loader
    call = _find_call(caller, callee.id, spec.at)
    if call is None:
        where = f" at line {spec.at}" if spec.at is not None else ""
        problems.append(
            Diagnostic.at(
                spec.pos,
                "ST304",
                f"step {number}: {caller.id} has no call to {callee.id}{where}",
                hint=f"add it to the `calls` of {caller.id}",
            )
        )
        return None
    if caller.id not in active:
        problems.append(
            Diagnostic.at(
                spec.pos,
                "ST305",
                f"step {number}: {caller.id} is not on the call stack here",
                hint="active: " + " > ".join(active),
            )
        )
        return None
    # Frames above the caller have returned by now: only those below it can recur.
    below = active[: active.index(caller.id) + 1]
    if callee.id in below:
        problems.append(
            Diagnostic.at(
                spec.pos, "ST306", f"step {number}: {callee.id} is already active (cycle)"
            )
        )
        return None
    if len(below) >= MAX_CALL_DEPTH:
        problems.append(_too_deep(spec.pos, number))
        return None
    return Step(number=number, caller=caller, callee=callee, call=call, active=(*below, callee.id))


def _too_deep(pos: Position, number: int) -> Diagnostic:
    return Diagnostic.at(
        pos,
        "ST308",
        f"step {number}: the call stack grows deeper than {MAX_CALL_DEPTH} frames",
        hint="split the story into sub-flows, or follow fewer calls",
    )


def _derived_steps(
    stack: Stack, entry: Frame, frames: dict[str, Frame], problems: list[Diagnostic]
) -> list[Step]:
    follow = dict(stack.follow)
    steps: list[Step] = []

    def chosen(frame: Frame) -> Iterator[Call]:
        calls = sorted(
            (c for c in frame.calls if c.to is not None and c.to in frames),
            key=lambda c: c.at or 0,
        )
        wanted = follow.get(frame.id)
        for call in calls:
            if wanted is None or call.at in wanted or call.to in wanted:
                yield call

    # Depth first, in call-line order, with an explicit stack: no recursion, so the
    # depth of a chain is bounded by MAX_CALL_DEPTH (a diagnostic), not by Python.
    todo: list[tuple[Frame, tuple[str, ...], Iterator[Call]]] = [
        (entry, (entry.id,), chosen(entry))
    ]
    while todo:
        frame, active, calls = todo[-1]
        call = next(calls, None)
        if call is None:
            todo.pop()
            continue
        assert call.to is not None
        callee = frames[call.to]
        if callee.id in active:
            trail = " -> ".join((*active, callee.id))
            problems.append(
                Diagnostic.at(
                    call.pos,
                    "ST306",
                    f"following calls from {stack.entry} loops: {trail}",
                    hint=f"pick the calls to follow with `follow:` in {stack.file}",
                )
            )
            break
        if len(steps) >= MAX_DERIVED_STEPS:
            problems.append(
                Diagnostic.at(stack.pos, "ST307", f"more than {MAX_DERIVED_STEPS} derived steps")
            )
            break
        if len(active) >= MAX_CALL_DEPTH:
            problems.append(_too_deep(call.pos, len(steps) + 1))
            break
        here = (*active, callee.id)
        steps.append(
            Step(number=len(steps) + 1, caller=frame, callee=callee, call=call, active=here)
        )
        todo.append((callee, here, chosen(callee)))
    return steps
