"""The maps of this repository's own stacks: every layer a linked node, on every scope."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from stacktour.graph import MapScope, render_map_svg
from stacktour.links import LinkScheme
from stacktour.loader import load_project

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz dot")


@pytest.fixture(scope="module")
def site():
    result = load_project(ROOT / "stacks")
    assert result.ok, [d.format() for d in result.diagnostics]
    return result


def linked_layers(svg: str) -> dict[str, str]:
    root = ET.fromstring(svg)
    out = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("data-layer"):
            anchor = g.find(f".//{SVG}a")
            assert anchor is not None, g.get("data-layer")
            out[g.get("data-layer")] = anchor.get(XLINK_HREF)
    return out


def test_site_map_shows_every_layer_with_its_link(site):
    links = LinkScheme(base="../")
    shown = linked_layers(render_map_svg(site.project, links=links, resolved=site.stacks))
    assert shown == {layer.id: links.layer(layer.id) for layer in site.project.layers}


def _neighbours(project, core: set[str]) -> set[str]:
    """Layers one call away from `core`, computed from the frames' calls."""
    frames = project.frames()
    out = set()
    for layer in project.layers:
        for frame in layer.frames:
            for call in frame.calls:
                if call.to in frames:
                    ends = {layer.id, frames[call.to].layer}
                    if len(ends & core) == 1:
                        out |= ends - core
    return out


def _context(svg: str) -> set[str]:
    root = ET.fromstring(svg)
    return {
        g.get("data-layer")
        for g in root.iter(f"{SVG}g")
        if g.get("data-layer") and "st-context" in g.get("class", "").split()
    }


def test_every_stack_map_shows_its_neighbourhood_and_nothing_else(site):
    everything = {layer.id for layer in site.project.layers}
    for stack_id, resolved in site.stacks.items():
        svg = render_map_svg(
            site.project, scope=MapScope.stack(stack_id), links=LinkScheme(), resolved=site.stacks
        )
        core = {layer.id for layer in resolved.layers}
        around = _neighbours(site.project, core)
        assert set(linked_layers(svg)) == core | around, stack_id
        assert _context(svg) == around, stack_id  # neighbours are drawn dashed
        if stack_id == "host-start-instance":  # one process: the other one is not drawn
            assert not {"grpc-worker", "pipeline"} & set(linked_layers(svg))
        assert core | around != everything or stack_id == "start-orchestration", stack_id


def test_every_layer_map_shows_the_layer_its_callers_and_callees(site):
    for layer in site.project.layers:
        svg = render_map_svg(site.project, scope=MapScope.layer(layer.id), links=LinkScheme())
        assert set(linked_layers(svg)) == {layer.id} | _neighbours(site.project, {layer.id})
        assert _context(svg) == set()


def test_every_layer_map_highlights_its_layer(site):
    for layer in site.project.layers:
        svg = render_map_svg(site.project, scope=MapScope.layer(layer.id), links=LinkScheme())
        root = ET.fromstring(svg)
        focus = [
            g.get("data-layer")
            for g in root.iter(f"{SVG}g")
            if "st-focus" in g.get("class", "").split()
        ]
        assert focus == [layer.id]


SCRIPT = """
import sys
from stacktour.graph import render_map_svg
from stacktour.loader import load_project
result = load_project(sys.argv[1])
sys.stdout.write(render_map_svg(result.project, resolved=result.stacks, cache_dir=sys.argv[2]))
"""


def test_same_stacks_give_the_same_bytes_under_any_hash_seed(tmp_path):
    outputs = []
    for seed, cache in (("1", tmp_path / "a"), ("4242", tmp_path / "b")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(ROOT / "stacks"), str(cache)],
            capture_output=True,
            env=env,
            check=True,
            timeout=120,
        )
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1] and outputs[0].startswith(b"<svg ")


def test_legend_lists_exactly_the_kinds_drawn() -> None:
    from stacktour.graph import legend_html

    svg = '<g data-kind="await"></g><g data-kind="network"></g><g data-kind="await"></g>'
    html = legend_html(svg)
    assert html.count("<li ") == 2
    assert 'class="st-kind-await"' in html and 'class="st-kind-network"' in html
    assert 'stroke-width="2.8"' in html  # the network edge's pen, as in the map
    assert legend_html("<svg/>") == ""
