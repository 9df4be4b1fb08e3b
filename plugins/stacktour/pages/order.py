"""The order of stacks and layers in menus and indexes: the author's, not the alphabet's.

Stacks: first as `stack_order` in system.yaml lists them; then as the home page first
links to them (its reading order); then by id. Layers: grouped by their group (nested
groups after their parent), groups and layers in call order, i.e. the order in which the
stacks, read in that order, first reach them; layers no stack reaches come last, by id.

    stack_order(project, home_links("...[a](stacks/b.md)...")) -> [Stack b, ...]
    layer_sections(project, stacks) -> [(Group worker, [Layer, ...]), (Group host, [...])]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..escape import html_attr
from ..model import Group, Layer, Project, Stack
from ..resolve import ResolvedStack

_STACK_ID = r"stacks/([a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?:\.md|/|\b)"
# A link to a stack of the stacks folder's own system, not to one in a system's folder.
_STACK_LINK = re.compile(r"(?<![\w-])(?<![\w-]/)" + _STACK_ID)


def home_links(markdown: str, prefix: str = "") -> tuple[str, ...]:
    """The stack ids a page links to (`stacks/ID.md`, `stacks/ID/`), first mention first;
    with `prefix`, those of the system in that folder (`mkdocs-build/stacks/ID.md`)."""
    pattern = _STACK_LINK
    if prefix:
        pattern = re.compile(r"(?<![\w-])" + re.escape(prefix) + _STACK_ID)
    seen: dict[str, None] = {}
    for match in pattern.finditer(markdown):
        seen.setdefault(match.group(1), None)
    return tuple(seen)


def stack_order(project: Project, preferred: Sequence[str] = ()) -> list[Stack]:
    """Every stack once: `project.stack_order`, then `preferred`, then the rest by id."""
    by_id = {s.id: s for s in project.stacks}
    ordered: dict[str, Stack] = {}
    for stack_id in (*project.stack_order, *preferred, *sorted(by_id)):
        if stack_id in by_id:
            ordered.setdefault(stack_id, by_id[stack_id])
    return list(ordered.values())


def layer_order(project: Project, stacks: Sequence[ResolvedStack]) -> list[Layer]:
    """Every layer once, in the order the stacks (in reading order) first reach them."""
    seen: dict[str, None] = {}
    for resolved in stacks:
        for layer in resolved.layers:
            seen.setdefault(layer.id, None)
    for layer in sorted(project.layers, key=lambda x: x.id):
        seen.setdefault(layer.id, None)
    return [project.layer(layer_id) for layer_id in seen]


def layer_sections(
    project: Project, stacks: Sequence[ResolvedStack]
) -> list[tuple[Group, list[Layer]]]:
    """Layers by group, in call order; a nested group right after its parent's layers.

    Groups no layer belongs to are left out. A group's place is where its first layer
    (or, for a parent, the first layer of any group under it) is reached.
    """
    order = layer_order(project, stacks)
    members: dict[str, list[Layer]] = {}
    for layer in order:
        members.setdefault(layer.group, []).append(layer)
    rank = {layer.id: i for i, layer in enumerate(order)}
    first: dict[str, int] = {}
    for group_id, layers in members.items():
        for group in project.group_chain(group_id):
            here = rank[layers[0].id]
            first[group.id] = min(first.get(group.id, here), here)

    def key(group_id: str) -> tuple[int, ...]:
        return tuple(first[g.id] for g in project.group_chain(group_id))

    return [(project.group(g), members[g]) for g in sorted(members, key=key)]


def menu(
    project: Project,
    stacks: dict[str, ResolvedStack],
    preferred: Sequence[str] = (),
    *,
    stacks_title: str = "Stacks",
    layers_title: str = "Layers",
    listed: frozenset[str] = frozenset(),
    prefix: str = "",
) -> list[dict[str, Any]]:
    """The generated pages as nav sections, in the orders above, MkDocs-style:

        [{"Stacks": ["stacks/index.md", "stacks/a.md", ...]},
         {"Layers": ["layers/index.md", {"Worker process": ["layers/x.md", ...]}, ...]}]

    Pages in `listed` (the author's own nav already has them) are left out, and so is a
    section left empty. Every path starts with `prefix`, the system's folder in a site of
    several (see systems/).
    """
    reading = [stacks[s.id] for s in stack_order(project, preferred) if s.id in stacks]
    stack_pages = [f"{prefix}stacks/{x}.md" for x in ("index", *(r.stack.id for r in reading))]
    layer_items: list[Any] = [f"{prefix}layers/index.md"]
    for group, layers in layer_sections(project, reading):
        paths = (f"{prefix}layers/{x.id}.md" for x in layers)
        pages = [path for path in paths if path not in listed]
        if pages:
            # A nav title is printed raw by MkDocs' and Material's templates (no
            # autoescape), so one from YAML goes in as HTML text, like page titles do.
            title = html_attr(" › ".join(g.title for g in project.group_chain(group.id)))
            layer_items.append({title: pages})
    sections: list[dict[str, Any]] = []
    for title, items in ((stacks_title, stack_pages), (layers_title, layer_items)):
        kept = [x for x in items if not (isinstance(x, str) and x in listed)]
        if kept:
            sections.append({title: kept})
    return sections
