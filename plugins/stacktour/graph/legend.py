"""The legend under a map on a page: one swatch per call kind the map draws, styled from
the same table the DOT edges use, so the two cannot disagree."""

from __future__ import annotations

import re

from ..escape import html_attr, html_text
from ..model import CALL_KINDS
from .dotgen import EDGE_STYLE

_DASH = {"dashed": "6 3", "dotted": "1.5 3"}
_KIND = re.compile(r'data-kind="([a-z-]+)"')
# Inline, so the legend needs no stylesheet (map.css is generated from style.py).
_LIST = (
    "list-style:none;display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;margin:.3rem 0 0;"
    "padding:0;font-size:.7rem;color:var(--md-default-fg-color--light)"
)
_ITEM = "margin:0;display:flex;align-items:center;gap:.35rem"


def legend_html(svg: str) -> str:
    """A legend of the call kinds drawn in a rendered map (its edges carry `data-kind`)."""
    drawn = set(_KIND.findall(svg))
    items = []
    for kind, meaning in CALL_KINDS.items():
        if kind not in drawn:
            continue
        style, _arrow, pen = EDGE_STYLE.get(kind, ("solid", "normal", "1"))
        dash = f' stroke-dasharray="{_DASH[style]}"' if style in _DASH else ""
        swatch = (
            '<svg width="34" height="10" viewBox="0 0 34 10" aria-hidden="true">'
            f'<line x1="1" y1="5" x2="33" y2="5" stroke="currentColor" stroke-width="{pen}"'
            f"{dash}/></svg>"
        )
        items.append(
            f'<li class="st-kind-{html_attr(kind)}" title="{html_attr(meaning)}"'
            f' style="{_ITEM}">{swatch} {html_text(kind)}</li>'
        )
    if not items:
        return ""
    return (
        f'<ul class="st-map-legend" aria-label="Arrow styles" style="{_LIST}">{"".join(items)}</ul>'
    )
