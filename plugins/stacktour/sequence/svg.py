"""The SVG writer: geometry becomes an SVG string. Knows nothing of YAML or layout.

Every item is one `<g>` with a stable id (`<diagram key>-<item key>`), its classes
and data attributes, a `<title>` tooltip, and, when it has a URL, an `<a>` around its
shapes. Every string passes through `escape.svg_text`/`svg_attr`; URLs are emitted
only if `links.is_safe_url` accepts them. Text is split into font runs so each run
names the font it was measured with (CairoSVG honours only the first family).
"""

from __future__ import annotations

from functools import lru_cache

from .. import text as tx
from ..escape import svg_attr, svg_text
from ..links import is_safe_url
from .geometry import Circle, Geometry, Item, Line, Polygon, Rect, Shape, Text

XLINK_NS = "http://www.w3.org/1999/xlink"
SVG_NS = "http://www.w3.org/2000/svg"


# Coordinates repeat (a lifeline's x, a row's y), and formatting a float was the
# writer's most frequent call.
@lru_cache(maxsize=65536)
def num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros (stable output)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _points(points: tuple[tuple[float, float], ...]) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)


def _text(shape: Text) -> str:
    attrs = (
        f'x="{num(shape.x)}" y="{num(shape.y)}" class="{shape.cls}" font-size="{num(shape.size)}"'
    )
    if shape.width > 0:
        # The layout measured this width with DejaVu Sans; a browser that falls back to a
        # wider font (e.g. Verdana) fits the text to it instead of overflowing its box.
        attrs += f' textLength="{num(shape.width)}" lengthAdjust="spacingAndGlyphs"'

    if shape.bold:
        attrs += ' font-weight="bold"'
    runs = tx.runs(shape.text)
    body = []
    for font, chunk in runs:
        if font == "cjk":
            body.append(
                f'<tspan class="st-cjk" font-family="{svg_attr(tx.CJK_FONT_STACK)}">'
                f"{svg_text(chunk)}</tspan>"
            )
        else:
            body.append(svg_text(chunk))
    return f"<text {attrs}>{''.join(body)}</text>"


def shape_svg(shape: Shape) -> str:
    if isinstance(shape, Text):
        return _text(shape)
    if isinstance(shape, Rect):
        rx = f' rx="{num(shape.rx)}"' if shape.rx else ""
        return (
            f'<rect class="{shape.cls}" x="{num(shape.x)}" y="{num(shape.y)}" '
            f'width="{num(shape.w)}" height="{num(shape.h)}"{rx}/>'
        )
    if isinstance(shape, Circle):
        return (
            f'<circle class="{shape.cls}" cx="{num(shape.cx)}" cy="{num(shape.cy)}" '
            f'r="{num(shape.r)}"/>'
        )
    if isinstance(shape, Line):
        return f'<polyline class="{shape.cls}" points="{_points(shape.points)}"/>'
    assert isinstance(shape, Polygon)
    return f'<polygon class="{shape.cls}" points="{_points(shape.points)}"/>'


def _item(prefix: str, item: Item) -> str:
    data = "".join(f' data-{name}="{svg_attr(value)}"' for name, value in item.data)
    head = f'<g id="{prefix}-{item.key}" class="{item.cls}"{data}>'
    title = f"<title>{svg_text(item.tooltip)}</title>" if item.tooltip else ""
    body = "".join(shape_svg(s) for s in item.shapes)
    if item.href is not None and is_safe_url(item.href):
        # xlink:href, not href: Material's instant navigation reassigns `el.href` on every
        # `[href]` element, which throws on an SVG link (its href is read-only).
        return f'{head}<a xlink:href="{svg_attr(item.href)}">{title}{body}</a></g>'
    return f"{head}{title}{body}</g>"


def write_svg(geometry: Geometry, css: str | None = None, background: bool = False) -> str:
    """The SVG document for `geometry`; `css` embeds a `<style>` (standalone files)."""
    key = geometry.key
    w, h = num(geometry.width), num(geometry.height)
    # Where the participant boxes end (the viewer's sticky header copies down to there).
    head = max(
        (s.box[3] for it in geometry.items if it.cls.split()[0] == "st-part" for s in it.shapes),
        default=0.0,
    )
    head_attr = f' data-head-bottom="{num(head)}"' if head else ""
    out = [
        f'<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}" id="{key}" class="st-seq" role="img" '
        f'aria-labelledby="{key}-title {key}-desc" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family="{svg_attr(tx.FONT_STACK)}"{head_attr}>',
        f'<title id="{key}-title">{svg_text(geometry.title)}</title>',
        f'<desc id="{key}-desc">{svg_text(geometry.desc)}</desc>',
    ]
    if css is not None:
        out.append(f"<style>\n{css}</style>")
    if background:
        out.append(f'<rect class="st-bg" x="0" y="0" width="{w}" height="{h}"/>')
    out.extend(_item(key, item) for item in geometry.items)
    out.append("</svg>")
    return "\n".join(out) + "\n"
