"""Geometry: what the layout produces and the SVG writer draws. Plain shapes, no SVG.

Coordinates are px, y grows downwards. `Item`s are in paint order; each becomes one
SVG group (or link). `cls` values are CSS class names the writer passes through.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Vertical extent of a line of text relative to its baseline, in ems: the larger of the
# ascent/descent of DejaVu Sans (0.928/0.236) and Noto Sans CJK (0.88/0.12).
ASCENT = 0.93
DESCENT = 0.24

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    cls: str
    opaque: bool = False  # filled with the background: hides what was painted before
    rx: float = 0.0

    @property
    def box(self) -> Box:
        return (self.x, self.y, self.x + self.w, self.y + self.h)


@dataclass(frozen=True)
class Line:
    """A polyline (two or more points)."""

    points: tuple[tuple[float, float], ...]
    cls: str

    @property
    def box(self) -> Box:
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return (min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    cls: str
    opaque: bool = False

    @property
    def box(self) -> Box:
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        return (min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    cls: str
    opaque: bool = False

    @property
    def box(self) -> Box:
        return (self.cx - self.r, self.cy - self.r, self.cx + self.r, self.cy + self.r)


@dataclass(frozen=True)
class Text:
    """One line of text, left-aligned at `x`, baseline at `y`; `width` as measured."""

    x: float
    y: float
    text: str
    size: float
    width: float
    cls: str
    bold: bool = False

    @property
    def box(self) -> Box:
        return (
            self.x,
            self.y - ASCENT * self.size,
            self.x + self.width,
            self.y + DESCENT * self.size,
        )


Shape = Rect | Line | Polygon | Circle | Text


@dataclass(frozen=True)
class Item:
    """One drawn element: a participant, an arrow with its label and number, a box."""

    key: str  # unique in the diagram; the writer prefixes it with the diagram key
    cls: str
    shapes: tuple[Shape, ...]
    href: str | None = None
    tooltip: str = ""
    data: tuple[tuple[str, str], ...] = ()  # data-* attributes, e.g. (("step", "7"),)


@dataclass(frozen=True)
class Geometry:
    key: str
    width: float
    height: float
    title: str
    desc: str
    items: tuple[Item, ...] = field(default=())


def translate(shape: Shape, dx: float, dy: float) -> Shape:
    """The same shape moved by (dx, dy)."""
    if isinstance(shape, Rect):
        return Rect(shape.x + dx, shape.y + dy, shape.w, shape.h, shape.cls, shape.opaque, shape.rx)
    if isinstance(shape, Text):
        return Text(
            shape.x + dx, shape.y + dy, shape.text, shape.size, shape.width, shape.cls, shape.bold
        )
    if isinstance(shape, Circle):
        return Circle(shape.cx + dx, shape.cy + dy, shape.r, shape.cls, shape.opaque)
    moved = tuple((x + dx, y + dy) for x, y in shape.points)
    if isinstance(shape, Line):
        return Line(moved, shape.cls)
    return Polygon(moved, shape.cls, shape.opaque)
