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
from dataclasses import dataclass
from pathlib import Path

import graphviz

from ..escape import html_attr, html_text
from ..i18n.messages import t
from ..i18n.words import call_kind_word
from ..model import CALL_KINDS
from ..text import measure
from .dotgen import SMALL_SIZE
from .kinds import KIND_STYLES, edge_attributes
from .mapgraph import GraphError
from .run import DEFAULT_TIMEOUT, layout_svg
from .style import FONT, colour
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


@dataclass(frozen=True)
class _Swatch:
    edge: ET.Element  # `<g class="st-edge st-kind-...">` holding the drawn shapes
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in points, pen included


def _cut(raw: str) -> dict[str, _Swatch]:
    """Each kind's edge, cut out of the legend graph's SVG: its shapes with only their
    geometry and paint, sentinel colours turned into role classes."""
    root = ET.fromstring(raw)
    out: dict[str, _Swatch] = {}
    for i, ks in enumerate(KIND_STYLES):
        group = next((g for g in root.iter(f"{_S}g") if g.get("id") == f"K{i}"), None)
        if group is None:
            raise GraphError(f"`dot` drew no {ks.kind} line for the map legend", code="ST504")
        x0, y0, x1, y1 = _bbox(group)
        pad = 2.0  # room for the pen's width around the outline
        edge = ET.Element("g", {"class": _classes(ks.kind)})
        for el in group:
            tag = el.tag.removeprefix(_S)
            if tag in _SHAPES:
                kept = {k: v for k, v in el.attrib.items() if k in _DRAWING}
                colours_to_classes(ET.SubElement(edge, tag, kept))
        out[ks.kind] = _Swatch(edge, (x0 - pad, y0 - pad, x1 + pad, y1 + pad))
    return out


def _swatch_svg(swatch: _Swatch) -> str:
    x0, y0, x1, y1 = swatch.box
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "class": "st-map-swatch",
            "width": f"{(x1 - x0) * PT_TO_PX:.1f}",
            "height": f"{(y1 - y0) * PT_TO_PX:.1f}",
            "viewBox": f"{x0:.2f} {y0:.2f} {x1 - x0:.2f} {y1 - y0:.2f}",
            "aria-hidden": "true",
            "focusable": "false",
        },
    )
    svg.append(swatch.edge)
    return ET.tostring(svg, encoding="unicode")


def _legend_layout(cache_dir: str | Path | None, timeout: float) -> dict[str, _Swatch]:
    raw = layout_svg(
        legend_dot(),
        name="the map legend",
        cache_dir=None if cache_dir is None else Path(cache_dir),
        timeout=timeout,
    )
    return _cut(raw)


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
    swatches = _legend_layout(cache_dir, timeout)
    items = [
        f'<li class="st-kind-{html_attr(kind)}" title="{html_attr(t(CALL_KINDS[kind]))}">'
        f"{_swatch_svg(swatches[kind])}<span>{html_text(call_kind_word(kind))}</span></li>"
        for kind in kinds
    ]
    label = html_attr(t("Arrow styles"))
    return f'<ul class="st-map-legend" aria-label="{label}">{"".join(items)}</ul>'


def add_legend(
    svg: str, *, cache_dir: str | Path | None = None, timeout: float = DEFAULT_TIMEOUT
) -> str:
    """A standalone map (`render_map_svg(standalone=True)`) with its legend drawn below
    the graph, inside the same `<svg>`, so an exported file explains its arrows. Rows
    of swatch + kind name wrap at the drawing's width. Raises GraphError."""
    kinds = kinds_drawn(svg)
    if not kinds:
        return svg
    swatches = _legend_layout(cache_dir, timeout)
    head, sep, body = svg.partition("?>\n")
    prolog, body = (head + sep, body) if sep else ("", svg)
    root = ET.fromstring(body)
    x, y, width, height = (float(n) for n in root.get("viewBox", "0 0 0 0").split())
    pad, gap, row = 8.0, 14.0, 16.0
    key = ET.SubElement(root, f"{_S}g", {"class": "st-map-key"})
    cx, cy = x + pad, y + height + 4.0
    for kind in kinds:
        sw = swatches[kind]
        x0, y0, x1, y1 = sw.box
        text_w = measure(kind, SMALL_SIZE)
        item_w = (x1 - x0) + 4.0 + text_w
        if cx > x + pad and cx + item_w > x + width - pad:
            cx, cy = x + pad, cy + row
        mid = cy + row / 2
        placed = ET.SubElement(
            key,
            f"{_S}g",
            {"transform": f"translate({cx - x0:.2f} {mid - (y0 + y1) / 2:.2f})"},
        )
        placed.append(_namespaced(sw.edge))
        label = ET.SubElement(
            key,
            f"{_S}text",
            {
                "x": f"{cx + (x1 - x0) + 4.0:.2f}",
                "y": f"{mid + SMALL_SIZE * 0.35:.2f}",
                "font-family": FONT,
                "font-size": f"{SMALL_SIZE:.2f}",
                "class": "st-fill-text",
            },
        )
        label.text = kind
        cx += item_w + gap
    grown = cy + row + 4.0 - (y + height)
    backdrop = {"x": f"{x:.2f}", "y": f"{y + height - 1:.2f}", "width": f"{width:.2f}"}
    backdrop.update({"height": f"{grown + 1:.2f}", "class": "st-fill-bg"})
    key.insert(0, ET.Element(f"{_S}rect", backdrop))  # the file's background goes on
    root.set("viewBox", f"{x:.2f} {y:.2f} {width:.2f} {height + grown:.2f}")
    unit = re.sub(r"[\d.]+", "", root.get("height", "pt")) or "pt"
    root.set("height", f"{(height + grown):.0f}{unit}")
    for el in root.iter():
        el.tag = el.tag.removeprefix(_S)
    root.set("xmlns", SVG_NS)
    ET.indent(key, space="")  # the graph keeps its text runs as they were
    key.tail = "\n"
    return prolog + ET.tostring(root, encoding="unicode") + "\n"


def _namespaced(edge: ET.Element) -> ET.Element:
    copy = ET.Element(f"{_S}g", dict(edge.attrib))
    for el in edge:
        copy.append(ET.Element(f"{_S}{el.tag}", dict(el.attrib)))
    return copy
