"""The map: what it contains, how it escapes, and that its SVG is safe and stable.

Every test renders with the real `dot`; the project objects are built directly so each
test shows exactly the input it is about.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from stacktour.graph import MapScope, build_map, escaping, map_dot, render_map_svg, stylesheet
from stacktour.graph.run import clear_memory_cache
from stacktour.links import LinkScheme
from stacktour.model import Call, Frame, Group, Layer, Project, Stack, StepSpec, Via

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz dot")

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def layer(lid: str, title: str, group: str, *calls: Call, kind: str = "class") -> Layer:
    frame = Frame(f"{lid}.f", "f", lid, f"{title}.F", calls=calls)
    return Layer(lid, title, kind, group, frames=(frame,))


def project(*layers: Layer, groups: tuple[Group, ...] | None = None, stacks=()) -> Project:
    groups = groups or (Group("worker", "Worker process"), Group("host", "Host process"))
    return Project(groups=groups, layers=layers, stacks=tuple(stacks))


def demo() -> Project:
    """Three layers, two processes, a nested build group and a network hop."""
    return project(
        layer(
            "client",
            "Client",
            "worker",
            Call("await", to="stub.f", at=10),
            Call("call", to="stub.f", at=12),
            Call("await", to="stub.f", at=14),
        ),
        layer(
            "stub",
            "Stub",
            "gen",
            Call("network", to="server.f", at=3, via=Via("gRPC", "/Svc/Start")),
            kind="generated",
        ),
        layer("server", "Server", "host", kind="service"),
        layer("lonely", "Lonely", "host"),
        groups=(
            Group("worker", "Worker process"),
            Group("host", "Host process"),
            Group("gen", "Generated code", kind="build", parent="worker"),
        ),
        stacks=[
            Stack("start", "Start", entry="client.f", steps=(StepSpec("client.f", "stub.f", 10),))
        ],
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def links(root: ET.Element) -> dict[str, str]:
    """data-layer -> href of every linked node."""
    out = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("data-layer"):
            a = g.find(f".//{SVG}a")
            out[g.get("data-layer")] = "" if a is None else a.get(XLINK_HREF, "")
    return out


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_memory_cache()


# --- what the map shows -------------------------------------------------------------


def test_site_map_has_every_layer_clustered_and_linked():
    root = parse(render_map_svg(demo(), links=LinkScheme(base="../")))
    assert links(root) == {
        "client": "../layers/client/",
        "stub": "../layers/stub/",
        "server": "../layers/server/",
        "lonely": "../layers/lonely/",
    }
    clusters = {
        "".join(g.find(f"{SVG}title").itertext())
        for g in root.iter(f"{SVG}g")
        if "cluster" in g.get("class", "").split()
    }
    assert clusters == {
        "Worker process (process)",
        "Host process (process)",
        "Generated code (build)",
    }
    shown = texts(root)
    assert "Client" in shown and "generated" in shown  # title and kind


def test_nested_groups_nest_clusters():
    source = map_dot(demo())
    worker = source.index("subgraph cluster_G0")
    gen = source.index("subgraph cluster_G2")
    host = source.index("subgraph cluster_G1")
    assert worker < gen < host
    # the build cluster sits inside the worker cluster: it closes before the host opens
    assert source[gen:host].count("}") == 2


def test_edges_merge_per_layer_pair_and_kind_with_tooltips():
    graph = build_map(demo())
    kinds = [(e.tail.layer.id, e.head.layer.id, e.kind, len(e.calls)) for e in graph.edges]
    assert kinds == [
        ("client", "stub", "call", 1),
        ("client", "stub", "await", 2),
        ("stub", "server", "network", 1),
    ]
    root = parse(render_map_svg(demo()))
    edges = {g.get("data-kind"): g for g in root.iter(f"{SVG}g") if g.get("data-kind")}
    title = edges["await"].find(f"{SVG}title").text
    assert title.splitlines() == [
        "Client → Stub: await, 2 calls",
        "Client.F → Stub.F (line 10)",
        "Client.F → Stub.F (line 14)",
    ]


def test_network_hop_is_labelled_styled_and_crosses_clusters():
    root = parse(render_map_svg(demo()))
    (hop,) = [g for g in root.iter(f"{SVG}g") if g.get("data-kind") == "network"]
    assert {"st-kind-network", "st-cross"} <= set(hop.get("class").split())
    assert texts(hop) == ["gRPC /Svc/Start"]
    path = hop.find(f"{SVG}path")
    assert "st-stroke-kind-network" in path.get("class")


def test_edge_kinds_are_drawn_differently():
    calls = [
        Call(k, to=f"t{i}.f", at=i)
        for i, k in enumerate(("call", "await", "fire-and-forget", "next", "virtual", "callback"))
    ]
    targets = [layer(f"t{i}", f"T{i}", "worker") for i in range(len(calls))]
    source = map_dot(project(layer("s", "S", "worker", *calls), *targets))
    styles = re.findall(r"L0 -> L\d+ \[(.*)\]", source)
    drawn = {re.sub(r'class="[^"]*"|id=E\d+', "", s) for s in styles}
    assert len(drawn) == len(calls)


def test_stack_scope_shows_its_layers_and_step_calls_and_dashed_neighbours():
    graph = build_map(demo(), scope=MapScope.stack("start"))
    # client and stub are the stack's; server is one call away; lonely is unrelated.
    assert [(n.layer.id, n.context) for n in graph.nodes] == [
        ("client", False),
        ("stub", False),
        ("server", True),
    ]
    # the stack's own step (one of the two awaits), and the hop out to its neighbour
    assert [(e.kind, len(e.calls)) for e in graph.edges] == [("await", 1), ("network", 1)]
    root = parse(render_map_svg(demo(), scope=MapScope.stack("start")))
    dashed = [
        g.get("data-layer") for g in root.iter(f"{SVG}g") if "st-context" in g.get("class", "")
    ]
    assert dashed == ["server"]


def test_a_stack_map_draws_the_neighbours_with_most_calls_and_counts_the_rest():
    from stacktour.graph.mapgraph import MAX_CONTEXT
    from stacktour.site import _left_out_note

    callers = [
        layer(
            f"n{k:02}",
            f"N{k}",
            "host",
            *[Call("call", to="core.f", at=a) for a in (1, 2)][: 1 + (k % 5 == 3)],
        )
        for k in range(MAX_CONTEXT + 8)
    ]
    busy = [x.id for x in callers if len(x.frames[0].calls) == 2]
    p = project(
        layer("core", "Core", "worker", Call("call", to="tail.f", at=5)),
        layer("tail", "Tail", "worker"),
        *callers,
        stacks=[Stack("s", "S", entry="core.f")],
    )
    graph = build_map(p, scope=MapScope.stack("s"))
    context = [n.layer.id for n in graph.nodes if n.context]
    assert len(context) == MAX_CONTEXT and graph.left_out == 8
    # the callers that call twice come first, then project order fills the rest
    assert set(busy) <= set(context)
    assert context == sorted(context)
    assert [e.tail.layer.id for e in graph.edges if e.head.layer.id == "core"] == context
    # a layer's own map keeps every caller: they are what its page is about
    assert len(build_map(p, scope=MapScope.layer("core")).nodes) == len(callers) + 2
    note = _left_out_note(graph.left_out)
    assert note == (
        '<p class="st-map-more">8 more layers one call away are not drawn,'
        " to keep this map readable.</p>"
    )
    assert _left_out_note(0) == ""


def test_layer_scope_highlights_layer_with_callers_and_callees():
    graph = build_map(demo(), scope=MapScope.layer("stub"))
    assert [(n.layer.id, n.focus) for n in graph.nodes] == [
        ("client", False),
        ("stub", True),
        ("server", False),
    ]
    root = parse(render_map_svg(demo(), scope=MapScope.layer("stub")))
    focus = [g for g in root.iter(f"{SVG}g") if "st-focus" in g.get("class", "").split()]
    assert [g.get("data-layer") for g in focus] == ["stub"]
    assert root.get("id") == "st-map-layer-stub"


def test_unknown_scope_is_a_clear_error():
    from stacktour.graph import GraphError

    with pytest.raises(GraphError, match="no stack 'nope'"):
        build_map(demo(), scope=MapScope.stack("nope"))
    with pytest.raises(GraphError, match="no layer 'nope'"):
        build_map(demo(), scope=MapScope.layer("nope"))


def test_links_disabled_gives_no_anchors():
    root = parse(render_map_svg(demo(), links=LinkScheme(enabled=False)))
    assert list(root.iter(f"{SVG}a")) == []


# --- escaping -----------------------------------------------------------------------

HOSTILE_TITLES = [
    'say "hi"',
    "back\\slash",
    "ends in a backslash\\",
    "two at the end\\\\",
    "\\N \\G \\E \\T \\H \\L \\l \\n \\r",
    "&amp; &lt; &#106; &foo;",
    "<b>bold</b>",
    "<<b>double</b>>",
    "node",
    "edge",
    "graph",
    "a:b",
    "subgraph",
    "x; y -> z [color=red]",
    "line one\nline two",
    "}\ndigraph { a",
    "中文标签",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_titles_reach_the_svg_exactly_as_written(title):
    p = project(
        layer("a", title, "worker", Call("network", to="b.f", at=1, via=Via(title, title))),
        layer("b", "B", "host"),
        groups=(Group("worker", title), Group("host", "Host")),
    )
    root = parse(render_map_svg(p))

    def drawn(key: str) -> str:
        """The text of one node, its wrapped lines joined, without the spaces."""
        (g,) = [g for g in root.iter(f"{SVG}g") if g.get("id", "").endswith(key)]
        return "".join(texts(g)).replace(" ", "")

    flat = title.replace("\n", "").replace(" ", "")
    assert drawn("-L0").startswith(flat)  # node title (then its kind)
    assert drawn("cluster_G0_title") == flat  # the group title
    hop = [g for g in root.iter(f"{SVG}g") if g.get("data-kind") == "network"][0]
    if "\n" not in title:  # the edge label is "protocol method"
        assert "".join(texts(hop)).replace(" ", "") == flat + flat
    assert f"{title} → B: network" in "".join(root.itertext())


@pytest.mark.parametrize("lid", ["node", "edge", "graph", "a:b", "strict", "x y", "L0"])
def test_layer_ids_never_reach_dot_as_names(lid):
    p = project(
        layer(lid, "T", "worker", Call("call", to="other.f", at=1)), layer("other", "O", "worker")
    )
    source = map_dot(p, links=LinkScheme(enabled=False))
    generated = r"L\d+|cluster_G\d+_title"  # layers, and the nodes drawing group titles
    names = re.findall(r"^\t+(\S+) \[label", source, re.M)
    ends = re.findall(r"^\t+(\S+) -> (\S+) \[", source, re.M)
    assert names and all(re.fullmatch(generated, n) for n in names)
    assert ends and all(re.fullmatch(generated, n) for pair in ends for n in pair)
    assert f'"{lid}"' not in source
    root = parse(render_map_svg(p))
    assert set(links(root)) == {lid, "other"}


INJECTION = 'x" URL="javascript:alert(1)'


def _attributes(root: ET.Element) -> list[tuple[str, str]]:
    return [(k, v) for el in root.iter() for k, v in el.attrib.items()]


def test_label_cannot_inject_an_attribute_or_a_javascript_link():
    p = project(
        layer("a", INJECTION, "worker", Call("network", to="b.f", at=1, via=Via(INJECTION, "m"))),
        layer("b", "B", "host"),
        groups=(Group("worker", INJECTION), Group("host", "Host")),
    )
    source = map_dot(p)
    assert 'URL="javascript' not in source
    svg = render_map_svg(p, links=LinkScheme(enabled=False))
    root = parse(svg)
    assert list(root.iter(f"{SVG}a")) == []  # no link appeared from a label
    for name, value in _attributes(root):
        assert "javascript" not in value.lower(), (name, value)
    assert INJECTION in texts(root)  # shown as text, inert


@pytest.mark.parametrize(
    "base",
    [
        "javascript:alert(1)//",
        "JaVaScRiPt:alert(1)//",
        "data:text/html,x/",
        "//evil.example/",
        "java\tscript:alert(1)/",
        "file:///etc/",
    ],
)
def test_unsafe_link_schemes_never_reach_the_svg(base):
    # Refused where links are made (links.base_url), and again where the map writes one.
    with pytest.raises(ValueError, match="not an http"):
        LinkScheme(base=base)
    assert escaping.url(base + "layers/a/") is None


def test_forbidden_xml_characters_and_bidi_controls_are_neutralised():
    p = project(layer("a", "nul\x00 bell\x07 \u202eevil", "worker"))
    root = parse(render_map_svg(p))
    assert "nul\ufffd bell\ufffd <U+202E>evil" in texts(root)


# --- the SVG as a page sees it ------------------------------------------------------


def test_svg_is_inline_ready_well_formed_and_colourless():
    svg = render_map_svg(demo())
    assert svg.startswith("<svg ") and "<?xml" not in svg and "<!--" not in svg
    assert "DOCTYPE" not in svg and "\n\n" not in svg
    root = parse(svg)
    assert root.get("class") == "st-map"
    for name, value in _attributes(root):
        if name in ("fill", "stroke"):
            assert value == "none", (name, value)
    assert "<style" not in svg


def test_two_graphs_on_one_page_share_no_id():
    site = render_map_svg(demo())
    stack = render_map_svg(demo(), scope=MapScope.stack("start"))
    again = render_map_svg(demo(), graph_id="second map")
    ids = [
        el.get("id")
        for svg in (site, stack, again)
        for el in parse(svg).iter()
        if el.get("id") is not None
    ]
    assert len(ids) == len(set(ids))
    assert parse(again).get("id") == "second-map"


def test_output_is_deterministic():
    first = render_map_svg(demo(), standalone=True, theme="dark")
    clear_memory_cache()
    assert render_map_svg(demo(), standalone=True, theme="dark") == first
    assert map_dot(demo()) == map_dot(demo())


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_standalone_svg_carries_its_own_theme(theme):
    svg = render_map_svg(demo(), standalone=True, theme=theme)
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    root = parse(svg)
    style = root.find(f"{SVG}style").text
    assert "var(" not in style
    assert style == "\n" + stylesheet(theme, scope="#st-map")
    used = {
        c
        for el in root.iter()
        for c in el.get("class", "").split()
        if c.startswith("st-f") or c.startswith("st-s")
    }
    styled = set(re.findall(r"\.(st-(?:fill|stroke)-[a-z-]+)", style))
    assert used <= styled


def test_site_stylesheet_is_the_committed_asset():
    from pathlib import Path

    import stacktour

    asset = Path(stacktour.__file__).parent / "assets" / "map.css"
    assert asset.read_text(encoding="utf-8") == stylesheet()
    assert '[data-md-color-scheme="slate"] .st-map' in stylesheet()


# --- layout -------------------------------------------------------------------------


def _box(group: ET.Element) -> tuple[float, float, float, float]:
    """Bounding box of a cluster's or node's outline."""
    shape = group.find(f".//{SVG}path")
    if shape is None:
        shape = group.find(f".//{SVG}polygon")
    data = shape.get("d") or shape.get("points")
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", data)]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_clusters_never_overlap_and_hold_their_nodes():
    """A graph with many calls across four processes (newrank made these overlap)."""
    groups = tuple(Group(f"p{i}", f"Process {i}") for i in range(4))
    layers = []
    for i in range(40):
        calls = tuple(
            Call("call", to=f"l{t}.f", at=t)
            for t in (2 * i + 1, 2 * i + 2, (i * 7) % 40)
            if i < t < 40
        )
        layers.append(layer(f"l{i}", f"Layer{i}", f"p{(i * 3) % 4}", *calls))
    root = parse(render_map_svg(project(*layers, groups=groups)))
    clusters = {
        g.find(f"{SVG}title").text: _box(g)
        for g in root.iter(f"{SVG}g")
        if "cluster" in g.get("class", "").split()
    }
    assert len(clusters) == 4
    boxes = list(clusters.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b)
    for g in root.iter(f"{SVG}g"):
        if g.get("data-layer"):
            n = int(g.get("data-layer")[1:])
            box, outer = _box(g), clusters[f"Process {(n * 3) % 4} (process)"]
            assert (
                outer[0] <= box[0]
                and box[2] <= outer[2]
                and outer[1] <= box[1]
                and box[3] <= outer[3]
            )


def test_cjk_runs_name_the_cjk_font_so_exports_draw_them():
    """CairoSVG honours only a stack's first family (Helvetica), which has no CJK glyph:
    each CJK run names the CJK font, and the text reads the same."""
    p = project(layer("a", "Grpc中文Worker", "worker"), groups=(Group("worker", "进程 Worker"),))
    root = parse(render_map_svg(p, standalone=True).split("?>", 1)[1])
    runs = [t for t in root.iter(f"{SVG}tspan")]
    assert {t.text for t in runs} == {"中文", "进程"}
    assert all(t.get("font-family").startswith('"Noto Sans CJK SC"') for t in runs)
    shown = texts(root)
    assert "Grpc中文Worker" in shown and "进程 Worker" in shown


def test_a_dense_map_caps_dots_passes_and_a_readable_one_does_not() -> None:
    """Twenty layers that all call each other (380 edges) cap `dot`'s optimisation
    passes; the demo's map does not, so its drawing is dot's best."""
    ids = [f"l{i}" for i in range(20)]
    dense = project(
        *(
            layer(
                a,
                a.upper(),
                "worker",
                *(Call(kind="call", to=f"{b}.f", at=3) for b in ids if b != a),
            )
            for a in ids
        )
    )
    source = map_dot(dense)
    assert "nslimit=2" in source and "mclimit=0.05" in source
    assert "nslimit" not in map_dot(demo())
    # And `dot` draws it.
    assert render_map_svg(dense).count('class="edge st-edge') == 380
