"""Which layers, groups and calls a map shows: a pure function of the project and a scope.

The map is about layers, not frames: every call between two frames of different layers
becomes one edge per (caller layer, callee layer, kind), however many stacks or frames
make it. Calls inside one layer are left out; they belong to the layer's page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from ..i18n.messages import t
from ..i18n.words import call_kind_word, call_where
from ..links import LinkScheme
from ..model import CALL_KINDS, Call, Frame, Group, Layer, Project
from ..resolve import ResolvedStack, Step, resolve_all
from .escaping import token

ScopeKind = Literal["site", "stack", "layer"]


class GraphError(Exception):
    """A map could not be drawn; `message` is meant for users, as is, without a traceback."""

    def __init__(self, message: str, *, code: str = "ST500", hint: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


@dataclass(frozen=True)
class MapScope:
    """The whole site, one stack (its layers and the calls its steps make), or one layer
    with its callers and callees."""

    kind: ScopeKind = "site"
    id: str = ""

    @classmethod
    def site(cls) -> MapScope:
        return cls("site")

    @classmethod
    def stack(cls, stack_id: str) -> MapScope:
        return cls("stack", stack_id)

    @classmethod
    def layer(cls, layer_id: str) -> MapScope:
        return cls("layer", layer_id)

    @property
    def name(self) -> str:
        """How error messages name the graph."""
        if self.kind == "site":
            return "the site map"
        return f"the map of {self.kind} '{self.id}'"

    @property
    def graph_id(self) -> str:
        """A default SVG id, distinct for every scope of one project."""
        if self.kind == "site":
            return "st-map"
        return f"st-map-{self.kind}-{token(self.id)}"


@dataclass(frozen=True)
class CallRef:
    """One call an edge stands for."""

    caller: Frame
    callee: Frame
    call: Call


@dataclass(frozen=True)
class MapNode:
    key: str  # DOT name and SVG id stem, e.g. "L3"
    layer: Layer
    url: str | None
    focus: bool = False
    context: bool = False  # a neighbour of the scope, not part of it

    @property
    def tooltip(self) -> str:
        text = f"{self.layer.title} ({self.layer.kind})"
        return f"{text}: {self.layer.summary.strip()}" if self.layer.summary.strip() else text


@dataclass(frozen=True)
class MapCluster:
    key: str  # DOT name, must start with "cluster"
    group: Group
    depth: int
    nodes: tuple[MapNode, ...]
    clusters: tuple[MapCluster, ...]

    @property
    def tooltip(self) -> str:
        return f"{self.group.title} ({self.group.kind})"

    @property
    def title_key(self) -> str:
        """DOT name (and SVG id stem) of the node that draws the group's title."""
        return f"{self.key}_title"


@dataclass(frozen=True)
class MapEdge:
    key: str
    tail: MapNode
    head: MapNode
    kind: str
    calls: tuple[CallRef, ...]

    @property
    def crosses(self) -> bool:
        """Whether the edge leaves its group (a process boundary, usually)."""
        return self.tail.layer.group != self.head.layer.group

    @property
    def label(self) -> str:
        """Protocol and method of a network hop (one line per distinct method)."""
        if self.kind != "network":
            return ""
        vias = _unique(
            f"{c.call.via.protocol} {c.call.via.method}" for c in self.calls if c.call.via
        )
        if len(vias) > 3:
            vias = [*vias[:2], t("+{count} more", count=len(vias) - 2)]
        return "\n".join(vias)

    @property
    def tooltip(self) -> str:
        count = len(self.calls)
        head = f"{self.tail.layer.title} → {self.head.layer.title}: {call_kind_word(self.kind)}"
        head += ", " + t("{count} calls", count=count) if count > 1 else ""
        lines = [head]
        for ref in self.calls:
            line = f"{ref.caller.title} → {ref.callee.title}"
            details = []
            if ref.call.via:
                details.append(f"{ref.call.via.protocol} {ref.call.via.method}")
            if ref.call.at is not None:
                details.append(call_where(ref.call.at, ref.call.at_end))
            lines.append(line + (f" ({', '.join(details)})" if details else ""))
        return "\n".join(lines)


@dataclass(frozen=True)
class MapGraph:
    scope: MapScope
    title: str
    nodes: tuple[MapNode, ...]  # every node, in project order
    clusters: tuple[MapCluster, ...]  # outermost groups
    loose: tuple[MapNode, ...]  # nodes whose group is unknown
    edges: tuple[MapEdge, ...]
    left_out: int = 0  # neighbours one call away that a stack's map does not draw

    def titles(self) -> dict[str, str]:
        """Tooltip text for every DOT key, for the SVG's `<title>` elements."""
        out: dict[str, str] = {n.key: n.tooltip for n in self.nodes}
        out.update({e.key: e.tooltip for e in self.edges})

        def walk(clusters: Iterable[MapCluster]) -> None:
            for c in clusters:
                out[c.key] = out[c.title_key] = c.tooltip
                walk(c.clusters)

        walk(self.clusters)
        return out


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _all_calls(project: Project) -> list[CallRef]:
    return _call_index(project)[0]


# One project's calls, kept for the next map: a build draws a map per stack and per layer,
# and each would otherwise walk every call of the project again.
_INDEX: list[tuple[Project, list[CallRef], dict[str, list[int]]]] = []


def _call_index(project: Project) -> tuple[list[CallRef], dict[str, list[int]]]:
    """Every call between known frames, in project order, and for each layer the
    positions in that list of the calls with the layer at either end."""
    if _INDEX and _INDEX[0][0] is project:
        return _INDEX[0][1], _INDEX[0][2]
    frames = project.frames()
    refs = []
    for layer in project.layers:
        for frame in layer.frames:
            for call in frame.calls:
                if call.to is not None and call.to in frames:
                    refs.append(CallRef(frame, frames[call.to], call))
    by_layer: dict[str, list[int]] = {}
    for i, ref in enumerate(refs):
        by_layer.setdefault(ref.caller.layer, []).append(i)
        if ref.callee.layer != ref.caller.layer:
            by_layer.setdefault(ref.callee.layer, []).append(i)
    _INDEX[:] = [(project, refs, by_layer)]
    return refs, by_layer


def _stack_calls(
    stack_id: str, resolved: Mapping[str, ResolvedStack], seen: set[str]
) -> list[CallRef]:
    """The calls a stack's steps make, sub-flows included in place (each stack once).

    Walked with an explicit stack, not recursion: sub-flows may nest as deep as the
    project has stacks."""
    refs: list[CallRef] = []
    if stack_id in seen or stack_id not in resolved:
        return refs
    seen.add(stack_id)
    todo: list[Iterator[Step]] = [iter(resolved[stack_id].steps)]
    while todo:
        step = next(todo[-1], None)
        if step is None:
            todo.pop()
        elif step.ref is not None:
            if step.ref.id not in seen and step.ref.id in resolved:
                seen.add(step.ref.id)
                todo.append(iter(resolved[step.ref.id].steps))
        elif step.callee is not None and step.call is not None:
            refs.append(CallRef(step.caller, step.callee, step.call))
    return refs


@dataclass(frozen=True)
class _Scoped:
    layers: list[str]  # in project order
    context: set[str]  # neighbours shown for orientation, not part of the scope
    calls: list[CallRef]
    title: str
    left_out: int = 0  # neighbours not drawn (see MAX_CONTEXT)


# A stack's map draws at most this many neighbours, those with the most calls to and from
# the stack's layers: in a big system nearly every layer is one call away from a long
# stack, and a ring of a hundred dashed boxes says nothing (nor can `dot` place it fast).
MAX_CONTEXT = 12


def _neighbourhood(
    project: Project,
    core: set[str],
    own: list[CallRef],
    title: str,
    *,
    mark: bool,
    limit: int | None = None,
) -> _Scoped:
    """`core` with every layer one call away (either direction), and the calls between
    the core and those neighbours; calls among the core are `own`. Neighbours are marked
    as context when `mark`. With a `limit`, only that many neighbours are kept: those
    with the most calls to and from the core, then in project order."""
    refs, by_layer = _call_index(project)
    touching = sorted({i for lid in core for i in by_layer.get(lid, ())})
    near = [
        r
        for r in map(refs.__getitem__, touching)
        if (r.caller.layer in core) != (r.callee.layer in core)
    ]
    calls: dict[str, int] = {}
    for ref in near:
        other = ref.callee.layer if ref.caller.layer in core else ref.caller.layer
        calls[other] = calls.get(other, 0) + 1
    left_out = 0
    if limit is not None and len(calls) > limit:
        order = {x.id: i for i, x in enumerate(project.layers)}
        kept = set(sorted(calls, key=lambda lid: (-calls[lid], order.get(lid, 0)))[:limit])
        left_out = len(calls) - limit
        near = [r for r in near if r.caller.layer in kept or r.callee.layer in kept]
    around = {r.caller.layer for r in near} | {r.callee.layer for r in near}
    ids = [x.id for x in project.layers if x.id in core | around]
    return _Scoped(ids, (around - core) if mark else set(), [*own, *near], title, left_out)


def _scoped(
    project: Project, scope: MapScope, resolved: Mapping[str, ResolvedStack] | None
) -> _Scoped:
    """Layers, calls and title of a scope.

    A stack's map shows the layers its steps pass through (sub-flows included) with the
    calls those steps make, plus, dashed, every layer one call away from them and those
    calls: where the story comes from and where it leads. A layer's map shows the layer
    with its callers and callees and the calls between it and them.
    """
    known = {layer.id for layer in project.layers}
    if scope.kind == "site":
        ids = [x.id for x in project.layers]
        return _Scoped(ids, set(), _all_calls(project), t("Map of all layers"))
    if scope.kind == "stack":
        if not any(s.id == scope.id for s in project.stacks):
            raise GraphError(f"no stack '{scope.id}' to draw a map of", code="ST510")
        if resolved is None:
            resolved, _ = resolve_all(project)
        if scope.id not in resolved:
            raise GraphError(
                f"stack '{scope.id}' has errors, so its map cannot be drawn", code="ST510"
            )
        stack = resolved[scope.id]
        own = _stack_calls(scope.id, resolved, set())
        core = {x.id for x in stack.layers}
        core |= {r.caller.layer for r in own} | {r.callee.layer for r in own}
        return _neighbourhood(
            project,
            core,
            own,
            t("Map of {stack} and its neighbours", stack=stack.stack.title),
            mark=True,
            limit=MAX_CONTEXT,
        )
    if scope.id not in known:
        raise GraphError(f"no layer '{scope.id}' to draw a map of", code="ST510")
    title = t("{layer} with its callers and callees", layer=project.layer(scope.id).title)
    return _neighbourhood(project, {scope.id}, [], title, mark=False)


def build_map(
    project: Project,
    *,
    scope: MapScope | None = None,
    links: LinkScheme | None = None,
    highlight: str | None = None,
    resolved: Mapping[str, ResolvedStack] | None = None,
) -> MapGraph:
    """The nodes, clusters and merged edges of one map. A layer scope highlights its layer
    unless `highlight` names another."""
    scope = scope or MapScope.site()
    links = links or LinkScheme()
    if highlight is None and scope.kind == "layer":
        highlight = scope.id
    scoped = _scoped(project, scope, resolved)
    layer_ids, calls, title = scoped.layers, scoped.calls, scoped.title
    by_id = {x.id: x for x in project.layers}
    nodes = tuple(
        MapNode(
            f"L{i}",
            by_id[lid],
            links.layer(lid),
            focus=lid == highlight,
            context=lid in scoped.context,
        )
        for i, lid in enumerate(layer_ids)
    )
    node_of = {n.layer.id: n for n in nodes}

    kind_order = {k: i for i, k in enumerate(CALL_KINDS)}
    merged: dict[tuple[int, int, int, str], list[CallRef]] = {}
    index = {n.layer.id: i for i, n in enumerate(nodes)}
    seen: set[tuple[object, ...]] = set()
    for ref in calls:
        tail, head = ref.caller.layer, ref.callee.layer
        if tail == head or tail not in node_of or head not in node_of:
            continue
        key = (
            index[tail],
            index[head],
            kind_order.get(ref.call.kind, len(kind_order)),
            ref.call.kind,
        )
        ident = (ref.caller.id, ref.callee.id, ref.call.at, ref.call.pos)
        if ident not in seen:
            seen.add(ident)
            merged.setdefault(key, []).append(ref)
    edges = tuple(
        MapEdge(
            f"E{i}",
            nodes[key[0]],
            nodes[key[1]],
            key[3],
            tuple(sorted(refs, key=lambda r: (r.caller.id, r.call.at or 0, r.callee.id))),
        )
        for i, (key, refs) in enumerate(sorted(merged.items()))
    )

    groups = {g.id: g for g in project.groups}
    clusters, loose = _clusters(project, nodes, groups)
    return MapGraph(scope, title, nodes, clusters, loose, edges, scoped.left_out)


def _clusters(
    project: Project, nodes: tuple[MapNode, ...], groups: dict[str, Group]
) -> tuple[tuple[MapCluster, ...], tuple[MapNode, ...]]:
    """Nest the nodes in their groups; only groups that hold a node (at any depth) appear."""
    members: dict[str, list[MapNode]] = {}
    loose: list[MapNode] = []
    used: set[str] = set()
    for node in nodes:
        if node.layer.group not in groups:
            loose.append(node)
            continue
        members.setdefault(node.layer.group, []).append(node)
        used.update(g.id for g in project.group_chain(node.layer.group))
    order = {g.id: i for i, g in enumerate(project.groups)}
    children: dict[str | None, list[Group]] = {}
    for group in project.groups:
        if group.id in used:
            parent = group.parent if group.parent in groups else None
            children.setdefault(parent, []).append(group)

    def make(group: Group, depth: int, trail: frozenset[str]) -> MapCluster:
        inner = tuple(
            make(child, depth + 1, trail | {child.id})
            for child in children.get(group.id, [])
            if child.id not in trail
        )
        return MapCluster(
            f"cluster_G{order[group.id]}",
            group,
            depth,
            tuple(members.get(group.id, [])),
            inner,
        )

    roots = tuple(make(g, 0, frozenset({g.id})) for g in children.get(None, []))
    placed: set[str] = set()

    def collect(clusters: Iterable[MapCluster]) -> None:
        for c in clusters:
            placed.update(n.key for n in c.nodes)
            collect(c.clusters)

    collect(roots)
    loose.extend(n for n in nodes if n.key not in placed and n not in loose)  # group cycles
    return roots, tuple(loose)
