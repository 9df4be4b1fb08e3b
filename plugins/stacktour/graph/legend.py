"""The legend under a map: one swatch per call kind the map draws, each swatch an edge
drawn by `dot` with the very attributes and classes the map's edges get.

One small graph holds an edge of every kind (`legend_dot`); its layout is cached like a
map's (same key: DOT text and `dot` version), so it costs one `dot` run per cache and
none on a rebuild. Each edge's `<g>` is cut out into a swatch `<svg>` of its own, with
its sentinel colours turned into the same `st-stroke-kind-*` / `st-fill-kind-*`
classes as on the map, so a swatch cannot differ from the line it explains.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import graphviz

from ..escape import html_attr, html_text
from ..model import CALL_KINDS
from .dotgen import SMALL_SIZE
from .kinds import KIND_STYLES, edge_attributes
from .mapgraph import GraphError
from .run import DEFAULT_TIMEOUT, layout_svg
from .style import colour
from .svg import SVG_NS, colours_to_classes

_KIND = re.compile(r'data-kind="([a-z-]+)"')
# What a swatch keeps of dot's drawing: geometry and paint, nothing that could act
# (a tampered cache entry cannot bring an event handler or a link along).
_SHAPES = ("path", "polygon", "polyline", "ellipse")
_DRAWING = (
    "d",
    "points",
    "cx",
    "cy",
    "rx",
    "ry",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_S = f"{{{SVG_NS}}}"
PT_TO_PX = 4 / 3  # a map is drawn in points; a swatch matches it at 1:1


def legend_dot() -> str:
    """DOT of the legend graph: one edge per call kind, ends invisible, left to right."""
    g = graphviz.Digraph(
        "stacktour_legend",
        graph_attr={"rankdir": "LR", "nodesep": "0.12", "ranksep": "0.55", "margin": "0"},
        node_attr={"shape": "point", "width": "0.01", "style": "invis"},
        edge_attr={"arrowsize": "0.8", "fontsize": f"{SMALL_SIZE:g}"},
    )
    for i, ks in enumerate(KIND_STYLES):
        attrs = edge_attributes(ks.kind, colour(ks.role))
        g.edge(f"a{i}", f"b{i}", id=f"K{i}", _attributes={"class": _classes(ks.kind)}, **attrs)
    return g.source


def _classes(kind: str) -> str:
    return f"st-edge st-kind-{kind}"


def _bbox(group: ET.Element) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for el in group:
        tag = el.tag.removeprefix(_S)
        if tag == "ellipse":
            cx, cy = float(el.get("cx", 0)), float(el.get("cy", 0))
            rx, ry = float(el.get("rx", 0)), float(el.get("ry", 0))
            xs += [cx - rx, cx + rx]
            ys += [cy - ry, cy + ry]
        elif tag in ("path", "polygon", "polyline"):
            numbers = [float(n) for n in _NUMBER.findall(el.get("d") or el.get("points") or "")]
            xs += numbers[0::2]
            ys += numbers[1::2]
    if not xs:
        raise GraphError("`dot` drew no line for the map legend", code="ST504")
    return min(xs), min(ys), max(xs), max(ys)


def _swatches(raw: str) -> dict[str, str]:
    """Swatch `<svg>` text per kind, cut out of the legend graph's SVG."""
    root = ET.fromstring(raw)
    out: dict[str, str] = {}
    for i, ks in enumerate(KIND_STYLES):
        group = next((g for g in root.iter(f"{_S}g") if g.get("id") == f"K{i}"), None)
        if group is None:
            raise GraphError(f"`dot` drew no {ks.kind} line for the map legend", code="ST504")
        x0, y0, x1, y1 = _bbox(group)
        pad = 2.0  # room for the pen's width around the outline
        x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
        svg = ET.Element(
            f"{_S}svg",
            {
                "class": "st-map-swatch",
                "width": f"{(x1 - x0) * PT_TO_PX:.1f}",
                "height": f"{(y1 - y0) * PT_TO_PX:.1f}",
                "viewBox": f"{x0:.2f} {y0:.2f} {x1 - x0:.2f} {y1 - y0:.2f}",
                "aria-hidden": "true",
                "focusable": "false",
            },
        )
        edge = ET.SubElement(svg, f"{_S}g", {"class": _classes(ks.kind)})
        for el in group:
            if el.tag.removeprefix(_S) not in _SHAPES:
                continue
            kept = {k: v for k, v in el.attrib.items() if k in _DRAWING}
            copy = ET.SubElement(edge, el.tag, kept)
            colours_to_classes(copy)
        for el in svg.iter():
            el.tag = el.tag.removeprefix(_S)
        svg.set("xmlns", SVG_NS)
        out[ks.kind] = ET.tostring(svg, encoding="unicode")
    return out


def kinds_drawn(svg: str) -> list[str]:
    """The call kinds whose edges a rendered map draws (`data-kind`), in the model's order."""
    drawn = set(_KIND.findall(svg))
    return [k for k in CALL_KINDS if k in drawn]


def legend_html(
    svg: str, *, cache_dir: str | Path | None = None, timeout: float = DEFAULT_TIMEOUT
) -> str:
    """The legend of a rendered map: a swatch and the name of every call kind it draws
    (empty when it draws no edge). Raises GraphError when `dot` fails."""
    kinds = kinds_drawn(svg)
    if not kinds:
        return ""
    raw = layout_svg(
        legend_dot(),
        name="the map legend",
        cache_dir=None if cache_dir is None else Path(cache_dir),
        timeout=timeout,
    )
    swatches = _swatches(raw)
    items = [
        f'<li class="st-kind-{html_attr(kind)}" title="{html_attr(CALL_KINDS[kind])}">'
        f"{swatches[kind]}<span>{html_text(kind)}</span></li>"
        for kind in kinds
    ]
    return f'<ul class="st-map-legend" aria-label="Arrow styles">{"".join(items)}</ul>'
