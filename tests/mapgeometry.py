"""Geometry of a rendered map, read off its SVG: where group titles, edges and edge labels
are, and how large its text is at the drawing's natural size.

Shared by the map tests. Text boxes are estimated with `stacktour.text.measure` (DejaVu
Sans advances, wider than the Helvetica/Arial the map names, so a box is never smaller
than the drawn text) from the baseline down 0.25 em and up 0.8 em. Paths are sampled
(cubic Béziers at 24 points a segment), arrowheads taken as their outline.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from stacktour.text import measure

SVG = "{http://www.w3.org/2000/svg}"
PT_TO_PX = 4 / 3
_NUM = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in the drawing's units


@dataclass(frozen=True)
class Text:
    text: str
    box: Box
    size: float  # font size, drawing units


def _classes(el: ET.Element) -> set[str]:
    return set(el.get("class", "").split())


def text_box(el: ET.Element) -> Text:
    text = "".join(el.itertext())
    size = float(el.get("font-size", "14"))
    bold = el.get("font-weight") == "bold" or any(c.get("font-weight") == "bold" for c in el.iter())
    width = measure(text, size, bold)
    x, y = float(el.get("x", "0")), float(el.get("y", "0"))
    anchor = el.get("text-anchor", "start")
    x0 = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return Text(text, (x0, y - 0.8 * size, x0 + width, y + 0.25 * size), size)


def _cubic(p: list[tuple[float, float]], steps: int = 24) -> list[tuple[float, float]]:
    out = [p[0]]
    for i in range(0, len(p) - 3, 3):
        a, b, c, d = p[i : i + 4]
        for k in range(1, steps + 1):
            t = k / steps
            u = 1 - t
            out.append(
                (
                    u**3 * a[0] + 3 * u * u * t * b[0] + 3 * u * t * t * c[0] + t**3 * d[0],
                    u**3 * a[1] + 3 * u * u * t * b[1] + 3 * u * t * t * c[1] + t**3 * d[1],
                )
            )
    return out


def _pairs(data: str) -> list[tuple[float, float]]:
    nums = [float(n) for n in _NUM.findall(data)]
    return list(zip(nums[0::2], nums[1::2], strict=False))


def _bbox(points: list[tuple[float, float]]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _segment_points(a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float]]:
    n = 16
    return [(a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n) for k in range(n + 1)]


def edge_points(group: ET.Element) -> list[tuple[float, float]]:
    """Points along an edge's line (its `path`) and the outline of its arrowhead."""
    points: list[tuple[float, float]] = []
    for el in group.iter():
        tag = el.tag.removeprefix(SVG)
        if tag == "path":
            points += _cubic(_pairs(el.get("d", "")))
        elif tag in ("polygon", "polyline"):
            corners = _pairs(el.get("points", ""))
            for a, b in zip(corners, corners[1:], strict=False):
                points += _segment_points(a, b)
        elif tag == "ellipse":
            cx, cy = float(el.get("cx", 0)), float(el.get("cy", 0))
            rx, ry = float(el.get("rx", 0)), float(el.get("ry", 0))
            points += [(cx - rx, cy), (cx + rx, cy), (cx, cy - ry), (cx, cy + ry)]
    return points


@dataclass(frozen=True)
class Map:
    root: ET.Element
    titles: list[Text]  # group titles
    edges: dict[str, list[tuple[float, float]]]  # edge id -> points on it
    labels: dict[str, list[Text]]  # edge id -> its label's lines
    texts: list[Text]  # every text
    scale: float  # CSS px per drawing unit at natural size


def read(svg: str) -> Map:
    root = ET.fromstring(svg)
    titles: list[Text] = []
    edges: dict[str, list[tuple[float, float]]] = {}
    labels: dict[str, list[Text]] = {}
    for g in root.iter(f"{SVG}g"):
        cls = _classes(g)
        if "st-group-title" in cls:
            # The title node's box as dot laid it out: its text and a margin around it.
            box = _bbox(_pairs(g.find(f"{SVG}polygon").get("points", "")))
            name = " ".join("".join(t.itertext()) for t in g.iter(f"{SVG}text"))
            titles.append(Text(name, box, 0))
        elif "st-edge" in cls:
            key = g.get("id", "")
            edges[key] = edge_points(g)
            labels[key] = [text_box(t) for t in g.iter(f"{SVG}text")]
    width = root.get("width", "0")
    view = [float(n) for n in root.get("viewBox", "0 0 1 1").split()]
    scale = float(width.removesuffix("pt").removesuffix("px")) / view[2]
    scale *= PT_TO_PX if width.endswith("pt") else 1
    texts = [text_box(t) for t in root.iter(f"{SVG}text") if "".join(t.itertext()).strip()]
    return Map(root, titles, edges, labels, texts, scale)


def inside(point: tuple[float, float], box: Box, margin: float = 0.0) -> bool:
    x, y = point
    return box[0] - margin <= x <= box[2] + margin and box[1] - margin <= y <= box[3] + margin


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def crossings(svg: str, margin: float = 1.0) -> list[str]:
    """Every edge or edge label that touches a group title (empty when none does)."""
    m = read(svg)
    found = []
    for title in m.titles:
        for key, points in m.edges.items():
            if any(inside(p, title.box, margin) for p in points):
                found.append(f"edge {key} crosses group title {title.text!r}")
            for label in m.labels[key]:
                if overlap(label.box, title.box):
                    found.append(f"label {label.text!r} of {key} covers group title {title.text!r}")
    return found


def smallest_text_px(svg: str) -> float:
    """The smallest text of a map in CSS px when the SVG is shown at its natural size."""
    m = read(svg)
    return min(t.size for t in m.texts) * m.scale
