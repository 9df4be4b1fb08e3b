"""A MapGraph as DOT source, built with the `graphviz` package.

Every value from YAML goes through `escaping`; names, ids and classes are generated
(`L3`, `E7`, `cluster_G2`, kinds reduced to `[a-z0-9-]`), so nothing a stack file says
can become a DOT keyword, a port, or an attribute.
"""

from __future__ import annotations

import graphviz

from . import escaping as esc
from .mapgraph import MapCluster, MapEdge, MapGraph, MapNode
from .style import FONT, colour

# How each call kind is drawn: DOT style, arrowhead, pen width. Colour comes from roles.
EDGE_STYLE: dict[str, tuple[str, str, str]] = {
    "call": ("solid", "normal", "1"),
    "await": ("solid", "vee", "1.4"),
    "fire-and-forget": ("dashed", "onormal", "1"),
    "next": ("solid", "odiamond", "1"),
    "virtual": ("dotted", "normal", "1.2"),
    "network": ("bold", "normal", "2"),
    "generated": ("dashed", "vee", "1"),
    "callback": ("solid", "odot", "1"),
}


def _node_label(node: MapNode) -> str:
    # dot rejects an empty element (`<b></b>`): an empty title is drawn as a space.
    title = esc.html_text(node.layer.title) or " "
    kind = esc.html_text(node.layer.kind.replace("-", " ")) or " "
    return (
        f'<<font color="{colour("text")}"><b>{title}</b></font><br/>'
        f'<font point-size="9" color="{colour("muted")}">{kind}</font>>'
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
    g.node(node.key, **attrs)


def _add_cluster(g: graphviz.Digraph, cluster: MapCluster) -> None:
    with g.subgraph(name=cluster.key) as sub:
        style = "rounded,filled,dashed" if cluster.group.kind == "build" else "rounded,filled"
        sub.attr(
            id=cluster.key,
            label=esc.label(cluster.group.title),
            _attributes={"class": f"st-group st-group-{esc.token(cluster.group.kind)}"},
            style=style,
            fillcolor=colour("cluster" if cluster.depth == 0 else "cluster-inner"),
            color=colour("cluster-line"),
            fontcolor=colour("cluster-text"),
            margin="12",
        )
        for node in cluster.nodes:
            _add_node(sub, node)
        for inner in cluster.clusters:
            _add_cluster(sub, inner)


def _add_edge(g: graphviz.Digraph, edge: MapEdge) -> None:
    style, arrow, pen = EDGE_STYLE.get(edge.kind, ("solid", "normal", "1"))
    role = "network" if edge.kind == "network" else "edge"
    classes = f"st-edge st-kind-{esc.token(edge.kind)}" + (" st-cross" if edge.crosses else "")
    attrs = {
        "id": edge.key,
        "class": classes,
        "style": style,
        "arrowhead": arrow,
        "penwidth": pen,
        "color": colour(role),
        "fontcolor": colour(role),
    }
    if edge.label:
        attrs["label"] = esc.label(edge.label)
    g.edge(edge.tail.key, edge.head.key, **attrs)


def to_dot(graph: MapGraph) -> str:
    """DOT source of a map; the same graph always gives the same text."""
    g = graphviz.Digraph(
        "stacktour_map",
        graph_attr={
            "id": "G",
            "bgcolor": colour("bg"),
            # Top to bottom keeps the site map near a page's shape; a layer's neighbourhood
            # (callers, the layer, callees) reads best left to right.
            "rankdir": "LR" if graph.scope.kind == "layer" else "TB",
            "nodesep": "0.3",
            "ranksep": "0.55",
            "pad": "0.15",
            "fontname": FONT,
            "fontsize": "11",
            "labeljust": "l",
            "margin": "0",
        },
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": colour("node"),
            "color": colour("node-line"),
            "fontname": FONT,
            "fontsize": "11",
            "margin": "0.14,0.06",
            "penwidth": "1",
        },
        edge_attr={
            "color": colour("edge"),
            "fontname": FONT,
            "fontsize": "9",
            "arrowsize": "0.7",
        },
    )
    for cluster in graph.clusters:
        _add_cluster(g, cluster)
    for node in graph.loose:
        _add_node(g, node)
    for edge in graph.edges:
        _add_edge(g, edge)
    return g.source
