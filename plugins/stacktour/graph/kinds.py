"""How each call kind is drawn on a map: colour, dash pattern, arrowhead and pen width.

Every kind differs from every other in its colour *and* in its line (dash pattern,
arrowhead, pen width), so a reader who cannot tell the colours apart, or prints in
black and white, still can tell the kinds apart. The hues are those of the sequence
diagrams (`sequence/style.py`), so a kind looks alike everywhere on the site; the shades
are the map's own, chosen so that every edge and its label reach WCAG AA (4.5:1, the
text threshold, which also covers the 3:1 for lines) on every ground of the map (page,
group, nested group) in both palettes. `tests/test_map_style.py` computes the ratios.

The map's edges and its legend's swatches are both drawn from `edge_attributes`, by
`dot`, so the legend cannot show a line the map does not draw.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import CALL_KINDS


@dataclass(frozen=True)
class KindStyle:
    kind: str
    style: str  # DOT edge style: solid, dashed or dotted
    arrowhead: str  # DOT arrow shape
    penwidth: float  # points
    light: str  # #rrggbb on the light palette
    dark: str  # #rrggbb on the dark palette (Material's slate)

    @property
    def role(self) -> str:
        """The colour role (see `style.ROLES`) of this kind's lines, heads and labels."""
        return f"kind-{self.kind}"


KIND_STYLES: tuple[KindStyle, ...] = (
    KindStyle("call", "solid", "normal", 1.3, "#3d3d3d", "#d4d4d4"),
    KindStyle("await", "solid", "vee", 1.3, "#0d47a1", "#82b1ff"),
    KindStyle("fire-and-forget", "dashed", "onormal", 1.3, "#b23a0b", "#ffab91"),
    KindStyle("next", "solid", "odiamond", 1.3, "#1b5e20", "#a5d6a7"),
    KindStyle("virtual", "dotted", "normal", 1.8, "#6a1b9a", "#ce93d8"),
    KindStyle("network", "solid", "normal", 2.8, "#ad1457", "#f48fb1"),
    KindStyle("generated", "dashed", "vee", 1.3, "#7a5200", "#ffe082"),
    KindStyle("callback", "solid", "odot", 1.3, "#00695c", "#64d8cb"),
)

BY_KIND: dict[str, KindStyle] = {k.kind: k for k in KIND_STYLES}
# A kind the model does not know (never valid input; kept drawable all the same).
FALLBACK = BY_KIND["call"]

if tuple(BY_KIND) != tuple(CALL_KINDS):  # every kind of the model, in the model's order
    raise RuntimeError("graph.kinds must style exactly the model's CALL_KINDS")


def style_of(kind: str) -> KindStyle:
    """The style of a call kind (a kind unknown to the model is drawn as a plain call)."""
    return BY_KIND.get(kind, FALLBACK)


def edge_attributes(kind: str, colour: str) -> dict[str, str]:
    """DOT attributes of an edge of `kind`; `colour` is its role's sentinel colour."""
    ks = style_of(kind)
    return {
        "style": ks.style,
        "arrowhead": ks.arrowhead,
        "penwidth": f"{ks.penwidth:g}",
        "color": colour,
        "fontcolor": colour,
    }
