"""The marks that tell call kinds apart: arrowheads, tails, and how far a shaft stops
short of its head. Shared by the arrows and the legend."""

from __future__ import annotations

from ..geometry import Circle, Line, Polygon, Shape
from .metrics import HEAD, HOP


def inset(kind: str) -> float:
    """How far before the tip the shaft stops, so it does not poke through the head."""
    return {"call": 3.0, "await": 3.0, "virtual": 3.0, "network": 4.0, "next": 8.0}.get(kind, 0.0)


def head(kind: str, x: float, y: float, direction: int) -> list[Shape]:
    """The arrowhead of a kind, tip at (x, y), pointing in `direction` (+1 right)."""
    back = x - direction * HEAD
    if kind in ("fire-and-forget", "return"):
        return [Line(((back, y - 4.5), (x, y), (back, y + 4.5)), "st-head-line")]
    if kind == "generated":
        return [Polygon(((x, y), (back, y - 5), (back, y + 5)), "st-head st-head-hollow")]
    if kind == "callback":
        return [Polygon(((x, y), (back - direction * 2, y - 6), (back, y)), "st-head")]
    if kind == "next":
        back2 = back - direction * 6
        return [
            Polygon(((x, y), (back, y - 4.5), (back, y + 4.5)), "st-head"),
            Polygon(((x - direction * 6, y), (back2, y - 4.5), (back2, y + 4.5)), "st-head"),
        ]
    return [Polygon(((x, y), (back, y - 4.5), (back, y + 4.5)), "st-head")]


def tail(kind: str, x: float, y: float, direction: int) -> list[Shape]:
    """A mark at the arrow's start: the awaiting caller's small circle."""
    if kind == "await":
        return [Circle(x + direction * 4, y, 3.5, "st-tail")]
    return []


def hop_diamond(x: float, y: float) -> Polygon:
    """The diamond where a network hop crosses a process border, centred at (x, y)."""
    return Polygon(((x, y - HOP), (x + HOP, y), (x, y + HOP), (x - HOP, y)), "st-hop-cross", True)
