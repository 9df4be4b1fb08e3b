"""Lifelines of a view: which layers a walk passes through, which the view hides or
folds, and the participants drawn for them (one per layer, grouped so each group's
members are adjacent, or one per top-level group at the process level)."""

from __future__ import annotations

from collections.abc import Sequence

from ..i18n.messages import t
from ..i18n.words import group_kind_word, kind_word
from ..links import LinkScheme
from ..model import Group, Layer, Project
from ..resolve import ResolvedStack
from .diagram import GroupBox, Participant
from .prose import gist
from .walk import WalkStep


def walk_layers(project: Project, resolved: ResolvedStack, steps: list[WalkStep]) -> list[Layer]:
    """The layers a walk passes through, in order of first appearance (as the resolver
    orders a stack's own: the entry's first)."""
    order: list[str] = [resolved.entry.layer]
    for w in steps:
        step = w.step
        names = step.ref_layers if step.ref else (step.caller.layer, step.callee.layer)  # type: ignore[union-attr]
        for name in names:
            if name not in order:
                order.append(name)
    known = {layer.id: layer for layer in project.layers}
    return [known[name] for name in order if name in known]


def hidden_layers(project: Project, layers: Sequence[Layer], hide: Sequence[str]) -> set[str]:
    """Ids of the layers `hide` names, directly or by a group around them; ValueError
    for an id that is neither a layer nor a group."""
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


def layer_lifelines(
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
                        tooltip=_join(group.title, _kind_note(group), gist(group.summary)),
                    )
                )
                walk(value, (*path, group.id))

    walk(tree, ())
    return participants, boxes


def _kind_note(group: Group) -> str:
    """ "(process)", in the build's language: a group's kind in its tooltip."""
    return f"({group_kind_word(group.kind)})"


def _participant(
    project: Project, layer: Layer, groups: tuple[str, ...], links: LinkScheme
) -> Participant:
    where = ""
    if layer.path:
        where = f"{layer.repo}: {layer.path}" if layer.repo else layer.path
    return Participant(
        key=layer.id,
        title=layer.title or layer.id,
        subtitle=layer.subtitle or kind_word(layer.kind),
        tooltip=_join(layer.title, f"({kind_word(layer.kind)})", gist(layer.summary), where),
        href=links.layer(layer.id),
        groups=groups,
    )


def process_lifelines(
    project: Project, layers: Sequence[Layer], links: LinkScheme
) -> tuple[list[Participant], dict[str, int]]:
    """One lifeline per top-level group (a process, mostly), in order of first
    appearance, and the column of each layer. A layer outside any known group keeps
    its own lifeline."""
    participants: list[Participant] = []
    column: dict[str, int] = {}
    by_key: dict[str, int] = {}
    members: dict[str, list[Layer]] = {}
    for layer in layers:
        chain = _chain(project, layer.group)
        key = "g:" + chain[0].id if chain else "l:" + layer.id
        if key not in by_key:
            by_key[key] = len(participants)
            participants.append(Participant(layer.id, "", "", "", None, ()))  # filled below
        column[layer.id] = by_key[key]
        members.setdefault(key, []).append(layer)
    for key, col in by_key.items():
        inside = members[key]
        if key.startswith("l:"):
            participants[col] = _participant(project, inside[0], (), links)
            continue
        group = project.group(key[2:])
        names = ", ".join(layer.title or layer.id for layer in inside)
        participants[col] = Participant(
            key=group.id,
            title=group.title or group.id,
            subtitle=t("1 layer") if len(inside) == 1 else t("{count} layers", count=len(inside)),
            tooltip=_join(group.title, _kind_note(group), gist(group.summary), names),
            href=None,
            groups=(),
            folds="group",
        )
    return participants, column


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)
