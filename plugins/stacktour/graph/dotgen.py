"""A MapGraph as DOT source, built with the `graphviz` package.

Every value from YAML goes through `escaping`; names, ids and classes are generated
(`L3`, `E7`, `cluster_G2`, kinds reduced to `[a-z0-9-]`), so nothing a stack file says
can become a DOT keyword, a port, or an attribute.

Layout choices, all for reading at the drawing's natural size:

- Top to bottom for every scope: a call stack reads downwards, and a map that grows in
  height scrolls the way a page does, where a wide one overflows the column.
- Long names wrap at their seams (`labels.wrap_name`), so one long identifier does not
  widen its whole rank.
- A group's title is not a Graphviz cluster label. `dot` routes edges straight through
  cluster labels (it reserves their space but does not avoid it), so every map had
  edges and edge labels crossing group titles. Instead the title is a text-only node,
  ranked above every other member of its group by invisible edges (`minlen=1`, weight 1
  so that it sits just above the first member, not at the top of the map), and `dot`
  routes edges and places edge labels around nodes. `tests/test_map_geometry.py` and
  `tests/e2e/test_maps.py` check the result on the rendered SVG.
- Ranks are global (`newrank`), so a call chain reads downwards across groups.
- A process that a network hop enters is ranked below the whole process the hop leaves
  (unless hops go both ways), and layers with no edge on the map, with the groups
  holding only such layers, are ranked last; side by side they would widen the map.
  The invisible edges that do this start only at the deepest layers (`_depths`), since
  `dot` routes even invisible edges, and long ones widened the map by a third.
"""

from __future__ import annotations

import graphviz

from ..i18n.words import kind_word
from ..text import is_wide
from . import escaping as esc
from .kinds import edge_attributes, style_of
from .labels import wrap_name
from .mapgraph import MapCluster, MapEdge, MapGraph, MapNode
from .style import FONT, colour

TITLE_SIZE = 11.0  # pt: a layer's name (bold) and a group's title (bold)
SMALL_SIZE = 9.0  # pt: a layer's kind and an edge's label; 12 CSS px at 1:1
NAME_WIDTH = 120.0  # pt: a layer name wraps (at a seam) beyond this
GROUP_WIDTH = 170.0  # pt: a group title wraps beyond this
LABEL_WIDTH = 150.0  # pt: an edge label wraps beyond this


# Between two lines either of which holds CJK: dot spaces lines by the Latin font's
# height, and CJK glyphs (drawn in the CJK font, taller) would touch the next line.
_CJK_GAP = '<font point-size="3"> </font><br align="center"/>'


def _has_wide(text: str) -> bool:
    return any(is_wide(ch) for ch in text)


def _lines(text: str, width: float, size: float, bold: bool) -> str:
    """HTML-label lines of a name: escaped, broken only at seams, never empty."""
    lines = wrap_name(text, width, size, bold)
    out = ""
    for i, line in enumerate(lines):
        if i:
            gap = _CJK_GAP if _has_wide(lines[i - 1]) or _has_wide(line) else ""
            out += '<br align="center"/>' + gap
        out += esc.html_text(line)
    return out or " "


def _node_label(node: MapNode) -> str:
    # dot rejects an empty element (`<b></b>`): an empty title is drawn as a space.
    title = _lines(node.layer.title, NAME_WIDTH, TITLE_SIZE, True).strip() or " "
    word = kind_word(node.layer.kind).replace("-", " ")
    kind = esc.html_text(word) or " "
    gap = _CJK_GAP if _has_wide(node.layer.title) or _has_wide(word) else ""
    return (
        f'<<font color="{colour("text")}"><b>{title}</b></font><br/>{gap}'
        f'<font point-size="{SMALL_SIZE:g}" color="{colour("muted")}">{kind}</font>>'
    )


def _add_node(g: graphviz.Digraph, node: MapNode) -> None:
    attrs = {
        "id": node.key,
        "class": f"st-layer st-layer-{esc.token(node.layer.kind)}",
        "label": _node_label(node),
    }
    link = esc.url(node.url)
    if link is not None:
        attrs["URL"] = link
        attrs["tooltip"] = node.key  # replaced by the real tooltip after layout
    if node.focus:
        attrs.update(
            {
                "class": attrs["class"] + " st-focus",
                "fillcolor": colour("focus"),
                "color": colour("focus-line"),
                "penwidth": "2",
            }
        )
    elif node.context:
        attrs.update({"class": attrs["class"] + " st-context", "style": "rounded,filled,dashed"})
    g.node(node.key, **attrs)


def _add_cluster(g: graphviz.Digraph, cluster: MapCluster) -> None:
    with g.subgraph(name=cluster.key) as sub:
        style = "rounded,filled,dashed" if cluster.group.kind == "build" else "rounded,filled"
        sub.attr(
            id=cluster.key,
            label="",
            _attributes={"class": f"st-group st-group-{esc.token(cluster.group.kind)}"},
            style=style,
            fillcolor=colour("cluster" if cluster.depth % 2 == 0 else "cluster-inner"),
            color=colour("cluster-line"),
            margin="8",
        )
        title = _lines(cluster.group.title, GROUP_WIDTH, TITLE_SIZE, True).strip() or " "
        sub.node(
            cluster.title_key,
            id=cluster.title_key,
            label=f'<<font color="{colour("cluster-text")}"><b>{title}</b></font>>',
            # An outline dot draws (transparent) marks the title's box for the tests; the
            # margin keeps passing edges a few points clear of the text.
            shape="box",
            style="solid",
            color="transparent",
            margin="0.1,0.03",
            _attributes={"class": "st-group-title"},
        )
        for node in cluster.nodes:
            _add_node(sub, node)
        for inner in cluster.clusters:
            _add_cluster(sub, inner)
        # The title above every member, pulled to sit just above the first.
        for member in [n.key for n in cluster.nodes] + [c.title_key for c in cluster.clusters]:
            sub.edge(cluster.title_key, member, style="invis", weight="1", minlen="1")


def _add_edge(g: graphviz.Digraph, edge: MapEdge) -> None:
    kind = style_of(edge.kind)
    classes = f"st-edge st-kind-{esc.token(edge.kind)}" + (" st-cross" if edge.crosses else "")
    attrs = {"id": edge.key, "class": classes, **edge_attributes(edge.kind, colour(kind.role))}
    if edge.label:
        lines = [
            "\n".join(wrap_name(line, LABEL_WIDTH, SMALL_SIZE, False))
            for line in edge.label.split("\n")
        ]
        attrs["label"] = esc.label("\n".join(lines))
    g.edge(edge.tail.key, edge.head.key, **attrs)


def _top(graph: MapGraph) -> dict[str, MapCluster]:
    """The outermost cluster of every clustered node."""
    out: dict[str, MapCluster] = {}

    def walk(root: MapCluster, c: MapCluster) -> None:
        out.update({n.key: root for n in c.nodes})
        for inner in c.clusters:
            walk(root, inner)

    for c in graph.clusters:
        walk(c, c)
    return out


def _depths(graph: MapGraph) -> dict[str, int]:
    """An estimate of each node's rank: the longest call chain that reaches it, cycles
    broken where a depth-first walk in map order meets them. Only used to pick which
    few nodes anchor the invisible edges below, so that no long invisible edge is made
    (`dot` gives even an invisible edge a path, and a long one widens the map)."""
    succ: dict[str, list[str]] = {n.key: [] for n in graph.nodes}
    for e in graph.edges:
        succ[e.tail.key].append(e.head.key)
    order: list[str] = []
    state: dict[str, int] = {}
    dag: dict[str, list[str]] = {k: [] for k in succ}
    for root in succ:
        if root in state:
            continue
        stack = [(root, iter(succ[root]))]
        state[root] = 1
        while stack:
            key, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[key] = 2
                order.append(key)
                stack.pop()
            elif state.get(nxt) != 1:  # not a back edge
                dag[key].append(nxt)
                if nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, iter(succ[nxt])))
    depth = dict.fromkeys(succ, 0)
    for key in reversed(order):  # topological order of the DAG
        for nxt in dag[key]:
            depth[nxt] = max(depth[nxt], depth[key] + 1)
    return depth


def _lowest(keys: list[str], depth: dict[str, int]) -> list[str]:
    deepest = max(depth[k] for k in keys)
    return [k for k in keys if depth[k] == deepest]


def _stack_processes(g: graphviz.Digraph, graph: MapGraph, depth: dict[str, int]) -> None:
    """Rank a group that a network hop enters below the whole group the hop leaves, unless
    hops go both ways: the map then reads top to bottom across processes as within one."""
    top = _top(graph)
    hops = {
        (top[e.tail.key].key, top[e.head.key].key): (top[e.tail.key], top[e.head.key])
        for e in graph.edges
        if e.kind == "network" and e.tail.key in top and e.head.key in top
    }
    for (a, b), (_tail, head) in sorted(hops.items()):
        if a == b or (b, a) in hops:
            continue
        for key in _lowest(sorted(k for k, c in top.items() if c.key == a), depth):
            g.edge(key, head.title_key, style="invis", weight="0", minlen="1")


def _rank_unlinked_last(g: graphviz.Digraph, graph: MapGraph, depth: dict[str, int]) -> None:
    """Rank layers without an edge (and groups holding nothing else) below the deepest
    layer of a call chain, where they widen the map least."""
    ends = {n.key for e in graph.edges for n in (e.tail, e.head)}
    if not ends:
        return
    anchor = _lowest(sorted(ends), depth)[0]
    targets: list[str] = []

    def walk(c: MapCluster, outer_unlinked: bool) -> None:
        unlinked = _holds_no(c, ends)
        if unlinked and not outer_unlinked:
            targets.append(c.title_key)
            return
        targets.extend(n.key for n in c.nodes if n.key not in ends)
        for inner in c.clusters:
            walk(inner, unlinked)

    for c in graph.clusters:
        walk(c, False)
    targets.extend(n.key for n in graph.loose if n.key not in ends)
    for target in targets:
        g.edge(anchor, target, style="invis", weight="0", minlen="1")


def _holds_no(cluster: MapCluster, keys: set[str]) -> bool:
    return not any(n.key in keys for n in cluster.nodes) and all(
        _holds_no(c, keys) for c in cluster.clusters
    )


# Above this many edges `dot`'s optimisation passes grow without useful bound: a map of a
# synthetic 274-step stack (1,201 edges over 50 layers) had not finished after 10 minutes
# of CPU. There, the passes are capped (network simplex and crossing reduction); it then
# took about 30 s. Maps of this size are dense beyond reading anyway.
_LARGE_MAP_EDGES = 300
_LARGE_MAP_LIMITS = {"nslimit": "2", "nslimit1": "2", "mclimit": "0.05"}


def to_dot(graph: MapGraph) -> str:
    """DOT source of a map; the same graph always gives the same text. A map of more than
    `_LARGE_MAP_EDGES` edges caps `dot`'s optimisation passes (`_LARGE_MAP_LIMITS`)."""
    limits = _LARGE_MAP_LIMITS if len(graph.edges) > _LARGE_MAP_EDGES else {}
    g = graphviz.Digraph(
        "stacktour_map",
        graph_attr={
            "id": "G",
            "bgcolor": colour("bg"),
            "rankdir": "TB",
            "newrank": "true",
            "nodesep": "0.2",
            "ranksep": "0.4",
            "pad": "0.02",
            "fontname": FONT,
            "fontsize": f"{TITLE_SIZE:g}",
            "margin": "0",
            **limits,
        },
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": colour("node"),
            "color": colour("node-line"),
            "fontname": FONT,
            "fontsize": f"{TITLE_SIZE:g}",
            "margin": "0.12,0.05",
            "penwidth": "1",
        },
        edge_attr={
            "fontname": FONT,
            "fontsize": f"{SMALL_SIZE:g}",
            "arrowsize": "0.8",
        },
    )
    for cluster in graph.clusters:
        _add_cluster(g, cluster)
    for node in graph.loose:
        _add_node(g, node)
    for edge in graph.edges:
        _add_edge(g, edge)
    depth = _depths(graph)
    _stack_processes(g, graph, depth)
    _rank_unlinked_last(g, graph, depth)
    return g.source
