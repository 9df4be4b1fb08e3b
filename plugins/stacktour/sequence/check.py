"""The geometry checker: no label may overlap another label, a box or a line.

A text may sit inside a box (a participant's, a group's, a fragment's): what is
forbidden is crossing an edge. What an opaque shape hides (a sub-flow box painted over
lifelines, a fragment tab over a group border) does not count, as long as the text
is drawn on that shape. A note box is held to the same rule as a label, as a whole: it
may sit inside a group or fragment box, but nothing else of another item may touch it
(no text, box, bar, arrow, lifeline or other note). So is the diamond where a network
hop crosses a process border, except that it sits on that border. The sides of a loop,
branch or sub-flow box never run through an activation bar. Tests assert
`overlaps(geometry) == []` on every real stack and on random ones; the layout is built
so that this holds by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from .geometry import Box, Circle, Geometry, Line, Polygon, Rect, Shape, Text

TOLERANCE = 0.5  # px: touching is not overlapping
NOTE = "st-note-box"
HOP = "st-hop-cross"
CONTAINERS = ("st-group-box", "st-frag-box")  # boxes a note may sit inside


@dataclass(frozen=True)
class Overlap:
    text: str  # "item-key: the text"
    other: str  # "item-key: shape"
    why: str

    def __str__(self) -> str:
        return f"{self.text!r} {self.why} {self.other!r}"


def _shrink(box: Box, by: float) -> Box:
    return (box[0] + by, box[1] + by, box[2] - by, box[3] - by)


def _meets(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(inner: Box, outer: Box) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


def _segment_meets(p: tuple[float, float], q: tuple[float, float], box: Box) -> bool:
    """Liang-Barsky: whether segment pq passes through the open box."""
    x0, y0 = p
    dx, dy = q[0] - x0, q[1] - y0
    t0, t1 = 0.0, 1.0
    for edge_p, edge_q in (
        (-dx, x0 - box[0]),
        (dx, box[2] - x0),
        (-dy, y0 - box[1]),
        (dy, box[3] - y0),
    ):
        if edge_p == 0:
            if edge_q <= 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return False
    return True


def _describe(key: str, shape: Shape) -> str:
    if isinstance(shape, Text):
        return f"{key}: {shape.text}"
    return f"{key}: {type(shape).__name__.lower()} {shape.cls}"


def _opaque(shape: Shape) -> bool:
    return isinstance(shape, Rect | Circle | Polygon) and shape.opaque


def overlaps(geometry: Geometry) -> list[Overlap]:
    """Every place where a text touches another text, crosses a box edge or a line."""
    flat: list[tuple[int, str, Shape]] = []
    for item in geometry.items:
        for shape in item.shapes:
            flat.append((len(flat), item.key, shape))
    boxes = [s.box for _, _, s in flat]
    # Bucket shapes by 64 px bands of y so each text meets only its neighbours.
    band = 64.0
    buckets: dict[int, list[int]] = {}
    for i, box in enumerate(boxes):
        for b in range(int(box[1] // band), int(box[3] // band) + 1):
            buckets.setdefault(b, []).append(i)

    found: list[Overlap] = []
    canvas = (0.0, 0.0, geometry.width, geometry.height)
    for i, key, shape in flat:
        if not isinstance(shape, Text):
            continue
        tb = _shrink(boxes[i], TOLERANCE)
        here = _describe(key, shape)
        if not _inside(tb, canvas):
            found.append(Overlap(here, "canvas", "is outside the"))
        near: set[int] = set()
        for b in range(int(tb[1] // band), int(tb[3] // band) + 1):
            near.update(buckets.get(b, ()))
        candidates = sorted(j for j in near if j != i and _meets(tb, boxes[j]))
        # The topmost opaque shape under the text, containing it: what it is drawn on.
        ground = max(
            (j for j in candidates if j < i and _opaque(flat[j][2]) and _inside(tb, boxes[j])),
            default=-1,
        )
        for j in candidates:
            _, other_key, other = flat[j]
            there = _describe(other_key, other)
            if isinstance(other, Text):
                if j > i:  # report each pair once
                    found.append(Overlap(here, there, "overlaps text"))
                continue
            if j <= ground:
                continue  # hidden under the text's background, or the background itself
            if isinstance(other, Line):
                pts = other.points
                if any(_segment_meets(pts[k], pts[k + 1], tb) for k in range(len(pts) - 1)):
                    found.append(Overlap(here, there, "is crossed by"))
                continue
            if _inside(tb, boxes[j]):
                if j > i and _opaque(other):
                    found.append(Overlap(here, there, "is hidden under"))
                continue
            found.append(Overlap(here, there, "overlaps the edge of"))
    found.extend(_note_overlaps(geometry, flat, boxes, buckets, band))
    found.extend(_box_overlaps(geometry))
    found.extend(_fragment_edges(geometry))
    return found


def _note_overlaps(
    geometry: Geometry,
    flat: list[tuple[int, str, Shape]],
    boxes: list[Box],
    buckets: dict[int, list[int]],
    band: float,
) -> list[Overlap]:
    """Every shape of another item that touches a note box or a hop diamond (the boxes
    they sit in aside, and the group border a diamond marks)."""
    found = []
    for i, key, shape in flat:
        if not (isinstance(shape, Polygon) and shape.cls in (NOTE, HOP)):
            continue
        nb = _shrink(boxes[i], TOLERANCE)
        here = _describe(key, shape)
        if not _inside(nb, (0.0, 0.0, geometry.width, geometry.height)):
            found.append(Overlap(here, "canvas", "is outside the"))
        near: set[int] = set()
        for b in range(int(nb[1] // band), int(nb[3] // band) + 1):
            near.update(buckets.get(b, ()))
        for j in sorted(near):
            _, other_key, other = flat[j]
            if other_key == key or not _meets(nb, boxes[j]):
                continue
            if isinstance(other, Line):
                pts = other.points
                if not any(_segment_meets(pts[k], pts[k + 1], nb) for k in range(len(pts) - 1)):
                    continue
            elif isinstance(other, Rect) and (
                (other.cls in CONTAINERS and _inside(nb, boxes[j]))
                or (other.cls == "st-group-box" and shape.cls == HOP)  # the border it marks
            ):
                continue
            # Pairs are reported once.
            if isinstance(other, Polygon) and other.cls in (NOTE, HOP) and j < i:
                continue
            found.append(Overlap(here, _describe(other_key, other), "touches"))
    return found


def _fragment_edges(geometry: Geometry) -> list[Overlap]:
    """A loop, branch or sub-flow box's sides must not run through an activation bar."""
    bars = [
        (item.key, s)
        for item in geometry.items
        for s in item.shapes
        if isinstance(s, Rect) and s.cls == "st-act-bar"
    ]
    found = []
    for item in geometry.items:
        for frame in item.shapes:
            if not (isinstance(frame, Rect) and frame.cls == "st-frag-box"):
                continue
            for x in (frame.x, frame.x + frame.w):
                side = (x - TOLERANCE, frame.y, x + TOLERANCE, frame.y + frame.h)
                for key, bar in bars:
                    if _meets(side, _shrink(bar.box, TOLERANCE)):
                        found.append(
                            Overlap(_describe(item.key, frame), _describe(key, bar), "runs through")
                        )
    return found


def _box_overlaps(geometry: Geometry) -> list[Overlap]:
    """Participant boxes and sub-flow boxes must not overlap each other."""
    solid = [
        (item.key, s)
        for item in geometry.items
        for s in item.shapes
        if isinstance(s, Rect) and s.cls in ("st-part-box", "st-ref-box")
    ]
    found = []
    for n, (ka, a) in enumerate(solid):
        for kb, b in solid[n + 1 :]:
            if _meets(_shrink(a.box, TOLERANCE), b.box):
                found.append(Overlap(_describe(ka, a), _describe(kb, b), "overlaps box"))
    return found
