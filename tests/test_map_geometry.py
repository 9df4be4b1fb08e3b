"""Where things land on a rendered map: no edge and no edge label crosses a group title,
and text is readable at the drawing's natural size, on every map of this site and on
generated projects of many shapes. Real `dot`, geometry read off the final SVG."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from stacktour.graph import MapScope, render_map_svg
from stacktour.graph.run import clear_memory_cache
from stacktour.loader import load_project
from stacktour.model import CALL_KINDS, Call, Frame, Group, Layer, Project, Stack, StepSpec, Via

from tests.mapgeometry import crossings, read, smallest_text_px

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz dot")

ROOT = Path(__file__).resolve().parent.parent
MIN_PX = 11.0  # the smallest map text, in CSS px at 1:1 (issue 12)


@pytest.fixture(scope="module")
def site():
    result = load_project(ROOT / "stacks")
    assert result.ok
    return result


def site_maps(site) -> list[tuple[str, str]]:
    scopes = [MapScope.site()]
    scopes += [MapScope.stack(s) for s in sorted(site.stacks)]
    scopes += [MapScope.layer(layer.id) for layer in site.project.layers]
    return [
        (scope.name, render_map_svg(site.project, scope=scope, resolved=site.stacks))
        for scope in scopes
    ]


def test_no_edge_or_label_crosses_a_group_title_on_any_map_of_this_site(site):
    maps = site_maps(site)
    assert len(maps) == 1 + len(site.stacks) + len(site.project.layers)
    problems = [f"{name}: {p}" for name, svg in maps for p in crossings(svg)]
    assert problems == []
    # the check sees what it checks: titles, edges and the network hop's label
    home = read(maps[0][1])
    assert len(home.titles) == len(site.project.groups)
    assert len(home.edges) > 20 and any(home.labels.values())


def test_every_map_of_this_site_has_11px_text_at_natural_size(site):
    sizes = {name: smallest_text_px(svg) for name, svg in site_maps(site)}
    assert min(sizes.values()) >= MIN_PX, sizes


def test_the_home_map_is_not_needlessly_wide(site):
    """The whole system, top to bottom: narrower than tall, and shrunk until its smallest
    text is at the 11 px floor it fits Material's content column at 1280 px (686 px).
    It was 1,663 px wide at 1:1 (cluster labels, left-to-right fan-outs, processes and
    unconnected groups side by side)."""
    svg = render_map_svg(site.project, resolved=site.stacks)
    m = read(svg)
    width = float(m.root.get("width", "0").removesuffix("pt")) * 4 / 3
    height = float(m.root.get("height", "0").removesuffix("pt")) * 4 / 3
    assert width < height
    at_floor = width * MIN_PX / smallest_text_px(svg)
    assert at_floor <= 686, (width, at_floor)


# --- generated projects -------------------------------------------------------------


def generated(seed: int) -> Project:
    """A random but reproducible system: nested groups, every call kind, network hops
    between processes with long method names, long CamelCase and CJK titles."""
    rng = random.Random(seed)
    processes = [
        Group(f"p{i}", f"Process {i} ({rng.choice(['host', 'worker', 'db'])})")
        for i in range(rng.randint(2, 4))
    ]
    nested = [
        Group(f"b{i}", f"Generated code {i} (build output)", kind="build", parent=p.id)
        for i, p in enumerate(processes)
        if rng.random() < 0.6
    ]
    groups = (*processes, *nested)
    words = [
        "Durable",
        "Task",
        "Grpc",
        "Worker",
        "Invocation",
        "Pipeline",
        "Client",
        "中文",
        "Http",
    ]
    count = rng.randint(6, 26)
    owner = [rng.choice(groups).id for _ in range(count)]
    top = {g.id: (g.parent or g.id) for g in groups}
    layers = []
    for i in range(count):
        calls = []
        for _ in range(rng.randint(0, 3)):
            j = rng.randrange(count)
            if j == i:
                continue
            if top[owner[i]] != top[owner[j]] and rng.random() < 0.5:
                via = Via("gRPC", "/" + "".join(rng.sample(words, 3)) + "Service/Start")
                calls.append(Call("network", to=f"l{j}.f", at=i + 1, via=via))
            else:
                calls.append(Call(rng.choice(list(CALL_KINDS)), to=f"l{j}.f", at=i + 1))
        title = "".join(rng.sample(words, rng.randint(1, 4)))
        frame = Frame(f"l{i}.f", "f", f"l{i}", f"{title}.Run", calls=tuple(calls))
        layers.append(Layer(f"l{i}", title, "class", owner[i], frames=(frame,)))
    first = next((lay for lay in layers if lay.frames[0].calls), layers[0])
    call = first.frames[0].calls[0] if first.frames[0].calls else None
    stacks = ()
    if call is not None and call.to is not None:
        stacks = (
            Stack(
                "s",
                "S",
                entry=f"{first.id}.f",
                steps=(StepSpec(f"{first.id}.f", call.to, call.at),),
            ),
        )
    return Project(groups=groups, layers=tuple(layers), stacks=stacks)


@pytest.mark.parametrize("seed", range(12))
def test_no_crossing_and_readable_text_on_generated_projects(seed):
    clear_memory_cache()
    project = generated(seed)
    scopes = [MapScope.site(), MapScope.layer(project.layers[0].id)]
    if project.stacks:
        scopes.append(MapScope.stack("s"))
    for scope in scopes:
        svg = render_map_svg(project, scope=scope)
        assert crossings(svg) == [], (seed, scope)
        assert smallest_text_px(svg) >= MIN_PX, (seed, scope)


def test_the_check_sees_an_edge_or_a_label_on_a_title(site):
    """The checker is not vacuous: a line drawn through a title, or a label put on one,
    is reported."""
    svg = render_map_svg(site.project, scope=MapScope.layer("pipeline"), resolved=site.stacks)
    (title,) = read(svg).titles
    x0, y0, x1, y1 = title.box
    mid = (y0 + y1) / 2
    through = f'<path d="M{x0 - 20},{mid}C{x0},{mid} {x1},{mid} {x1 + 20},{mid}"/>'
    edge = '<g id="st-map-layer-pipeline-E0" class="edge st-edge st-kind-next"'
    start = svg.index(edge)
    end = svg.index(">", start) + 1

    def insert(extra: str) -> str:
        return svg[:end] + extra + svg[end:]

    crossed = insert(through)
    assert crossed != svg and crossings(crossed) == [
        f"edge st-map-layer-pipeline-E0 crosses group title {title.text!r}"
    ]
    label = f'<text text-anchor="middle" x="{(x0 + x1) / 2}" y="{mid}" font-size="9">gRPC</text>'
    covered = insert(label)
    assert any("label 'gRPC'" in p for p in crossings(covered))


SYNTHETIC = [
    (12, 20, 1, ()),
    (30, 60, 2, ()),
    (20, 40, 3, ("调用链中的一层", "http.client.HTTPConnection", "A" * 60)),
]


@pytest.mark.parametrize(("layers", "steps", "seed", "texts"), SYNTHETIC)
def test_no_crossing_and_readable_text_on_synthetic_projects(layers, steps, seed, texts):
    """The projects the benchmarks use: nested groups, every kind, loops, hops."""
    from tools.synthetic import synthetic_project

    project = synthetic_project(layers, steps, seed, texts=texts)
    for scope in (MapScope.site(), MapScope.stack("synthetic")):
        svg = render_map_svg(project, scope=scope)
        assert crossings(svg) == [], (seed, scope)
        assert smallest_text_px(svg) >= MIN_PX, (seed, scope)
