"""Levels of detail: the few views of a stack a reader switches between on its page.

- `processes` ("Processes"): each top-level group (a process, mostly) is one lifeline;
  a call inside a process draws nothing, so what is left is the hops between processes,
  and each sub-flow stays one box.
- `core` ("Without middleware and generated code"): layers of the kinds in
  `FOLDED_KINDS` are folded away (a call through them is one arrow, numbered with the
  step it reaches), and sub-flows are expanded into their own steps.
- `full` ("Full detail"): every layer, sub-flows expanded.

A level keeps the walkthrough's step numbers: it draws a subset of the arrows or merges
some (`data-steps` lists every step an arrow stands for; a step that draws no arrow is
listed on the activation bar it runs on), so `#step-N` means the same step at every
level. The author picks a stack's default level with `level:` in its file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..i18n.messages import N_
from ..links import LinkScheme
from ..model import Project
from ..resolve import ResolvedStack
from .view import Diagram, Message, Ref, ViewOptions, build

FOLDED_KINDS = ("middleware", "pipeline", "generated", "client-stub", "proto")


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    fold: tuple[str, ...] = ()
    lifelines: str = "layer"
    expand: bool = False

    def options(
        self, *, show_returns: bool = False, show_notes: bool = False, line_numbers: bool = False
    ) -> ViewOptions:
        """The view options that draw this level."""
        return ViewOptions(
            show_returns=show_returns,
            show_notes=show_notes,
            line_numbers=line_numbers,
            fold=self.fold,
            lifelines=self.lifelines,
            expand=self.expand,
            level=self.id,
        )


LEVELS: tuple[Level, ...] = (
    # Labels in English; translated where shown (`t(level.label)`).
    Level("processes", N_("Processes"), lifelines="process"),
    Level("core", N_("Without middleware and generated code"), fold=FOLDED_KINDS, expand=True),
    Level("full", N_("Full detail"), expand=True),
)
LEVEL_IDS = tuple(level.id for level in LEVELS)
FULL = "full"


def level(level_id: str) -> Level:
    """The level with this id; ValueError naming the known ones."""
    for candidate in LEVELS:
        if candidate.id == level_id:
            return candidate
    raise ValueError(f"level must be one of {', '.join(LEVEL_IDS)}, not {level_id!r}")


def stack_levels(
    resolved: ResolvedStack,
    project: Project,
    links: LinkScheme,
    subflows: Mapping[str, ResolvedStack],
    *,
    show_returns: bool = False,
    show_notes: bool = False,
    line_numbers: bool = False,
) -> list[tuple[Level, Diagram]]:
    """The levels worth offering for a stack, coarse to fine, each with its diagram.

    Left out: a level that draws nothing, a process level with a single lifeline, and
    a level that draws the same diagram as the next finer one kept. Full detail is
    always there.
    """
    kept: list[tuple[Level, Diagram]] = []
    for candidate in reversed(LEVELS):
        options = candidate.options(
            show_returns=show_returns, show_notes=show_notes, line_numbers=line_numbers
        )
        try:
            diagram = build(resolved, project, links, options, subflows)
        except ValueError:
            if candidate.id == FULL:
                raise
            continue  # e.g. folding hides every participant
        if candidate.id != FULL:
            if not any(isinstance(e, Message | Ref) for e in diagram.events):
                continue
            if candidate.lifelines == "process" and len(diagram.participants) < 2:
                continue
            if _same(diagram, kept[0][1]):
                continue
        kept.insert(0, (candidate, diagram))
    return kept


def _same(a: Diagram, b: Diagram) -> bool:
    """Whether two diagrams draw the same thing (ids and option names aside)."""
    return replace(a, key="", options=ViewOptions()) == replace(b, key="", options=ViewOptions())


def default_level(resolved: ResolvedStack, available: list[str]) -> str:
    """The level a stack page opens at: the author's `level:` when offered (else the
    next finer one that is); without one, the coarsest level for a stack made of
    sub-flows (at least half its steps: its real hops, the whole journey at a glance),
    full detail otherwise."""
    wanted = resolved.stack.level
    if not wanted:
        subflows = sum(1 for step in resolved.steps if step.ref is not None)
        return available[0] if subflows and 2 * subflows >= len(resolved.steps) else FULL
    order = list(LEVEL_IDS)
    for level_id in order[order.index(wanted) :] if wanted in order else [FULL]:
        if level_id in available:
            return level_id
    return FULL
