"""The walk a diagram draws: a stack's steps, with its sub-flows kept as one step each
or expanded into their own steps.

An expanded sub-flow's steps are drawn where the sub-flow runs, numbered under its step
("1.4" is step 4 of the sub-flow that is step 1), and still belong to that step of the
outer stack: step-through, `#step-N` and `data-step` use the outer number, so a number
means the same step at every level of detail. Each keeps its call stack as it stands in
the outer stack: the frames below the sub-flow's entry, then the sub-flow's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..model import Stack
from ..resolve import ResolvedStack, Step

MAX_DEPTH = 16  # sub-flows inside sub-flows; ref cycles are refused by the resolver


@dataclass(frozen=True)
class SubFlow:
    """An expanded sub-flow around some walk steps."""

    shown: str  # its number as drawn, e.g. "1" or "1.16"
    number: int  # the outer stack's step it is (or lies in)
    stack: Stack  # the sub-flow's stack
    owner: str  # the stack whose step it is
    local: int  # its step number there
    depth: int  # how many frames of the outer call stack lie below its entry


@dataclass(frozen=True)
class WalkStep:
    """One step as the diagram draws it."""

    step: Step  # `active` rebased onto the outer stack's call stack
    number: int  # the outer stack's step: data-step, `#step-N`
    shown: str  # the number drawn: "5", or "1.4" inside an expanded sub-flow
    owner: str  # the stack whose walkthrough explains it (its link target)
    local: int  # its number in that stack
    within: tuple[SubFlow, ...] = ()  # the expanded sub-flows it sits in, outermost first


def walk(resolved: ResolvedStack, subflows: Mapping[str, ResolvedStack] | None) -> list[WalkStep]:
    """The steps of `resolved`, with each sub-flow expanded when `subflows` has it
    (a mapping of stack id to resolved stack; None keeps every sub-flow as one step).

    A sub-flow with no steps, or nested deeper than `MAX_DEPTH`, stays one step.
    """
    out: list[WalkStep] = []
    _walk(resolved, subflows or {}, (), None, "", (), out)
    return out


def _walk(
    resolved: ResolvedStack,
    subflows: Mapping[str, ResolvedStack],
    below: tuple[str, ...],
    number: int | None,
    prefix: str,
    within: tuple[SubFlow, ...],
    out: list[WalkStep],
) -> None:
    owner = resolved.stack.id
    for step in resolved.steps:
        active = below + tuple(f for f in step.active if f not in below)
        outer = step.number if number is None else number
        shown = f"{prefix}{step.number}"
        sub = subflows.get(step.ref.id) if step.ref is not None else None
        if sub is not None and sub.steps and len(within) < MAX_DEPTH:
            # The frames under the sub-flow's entry stay; the sub-flow's own go on top.
            entry = sub.entry.id
            base = active[: active.index(entry)] if entry in active else active
            flow = SubFlow(shown, outer, sub.stack, owner, step.number, len(base))
            _walk(sub, subflows, base, outer, shown + ".", (*within, flow), out)
            continue
        out.append(WalkStep(replace(step, active=active), outer, shown, owner, step.number, within))
