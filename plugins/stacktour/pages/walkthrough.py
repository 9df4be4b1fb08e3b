"""A stack's walkthrough as frame visits: the shape of the stack page's sections.

A step is a call; the walkthrough shows frames. Each frame the story enters gets one
section, a *visit*: the entry frame first, then one visit per call step, named after the
frame the call arrives in. A visit shows that frame's code once, with the lines where it
makes the stack's next calls marked with their step numbers. A sub-flow step is a section
of its own (the other stack's page walks through it).

    visits(resolved) -> [Visit(anchor="entry", frame=entry, calls=(step 1, ...)),
                         Visit(anchor="step-1", frame=callee of 1, step=step 1, calls=(...)),
                         Visit(anchor="step-2", step=sub-flow step, frame=None), ...]

Pure: no HTML here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Frame
from ..resolve import ResolvedStack, Step

ENTRY_ANCHOR = "entry"


@dataclass(frozen=True)
class Visit:
    """One section of the walkthrough.

    `anchor` is the section's id: "entry" for the entry frame, else the `step-N` of the
    step that starts it. `frame` is the frame the section shows (None for a sub-flow).
    `calls` are the steps this visit makes, in order: each one's call line is in
    `frame`'s code, and each starts a later visit.
    """

    anchor: str
    frame: Frame | None
    step: Step | None = None  # the step that arrives here; None for the entry
    calls: tuple[Step, ...] = ()

    def line_anchor(self, line: int) -> str:
        """The id of `line` in this visit's code, e.g. "L77-step-6".

        The line comes first: an id that starts with "step-" names a step.
        """
        return line_anchor(self.anchor, line)


def line_anchor(anchor: str, line: int) -> str:
    """The id of a code line in the section `anchor`: "L77-step-6", "L101-entry"."""
    return f"L{line}-{anchor}"


def visits(resolved: ResolvedStack) -> list[Visit]:
    """The walkthrough's sections in reading order (see the module docstring).

    A call's visit is the latest visit of its caller: a frame is never active twice at
    once (the resolver rejects cycles), so that visit is the one on the call stack.
    """
    anchors: list[str] = [ENTRY_ANCHOR]
    frames: list[Frame | None] = [resolved.entry]
    arriving: list[Step | None] = [None]
    calls: list[list[Step]] = [[]]
    latest: dict[str, int] = {resolved.entry.id: 0}
    for step in resolved.steps:
        if step.callee is not None:
            caller_visit = latest.get(step.caller.id)
            if caller_visit is not None:
                calls[caller_visit].append(step)
        anchors.append(step.anchor)
        frames.append(step.callee)
        arriving.append(step)
        calls.append([])
        if step.callee is not None:
            latest[step.callee.id] = len(anchors) - 1
    return [
        Visit(anchor=a, frame=f, step=s, calls=tuple(c))
        for a, f, s, c in zip(anchors, frames, arriving, calls, strict=True)
    ]


def visit_of_step(sections: list[Visit]) -> dict[int, Visit]:
    """Step number -> the visit whose code holds that step's call line."""
    found: dict[int, Visit] = {}
    for visit in sections:
        for step in visit.calls:
            found[step.number] = visit
    return found
