"""dot's SVG made fit for a page: parsed, checked and written back by ElementTree.

What changes: the XML prolog, doctype and comments go (inline SVG has no use for them);
every id gets the graph's prefix so several maps share a page without collisions;
sentinel colours become classes (see `style`); tooltips are attached here, as `<title>`
text escaped by ElementTree, because Graphviz unescapes tooltip strings unpredictably;
and every link is checked once more, so only http(s), relative and `#fragment` URLs
survive. Re-serialising through a parser also guarantees well-formed output.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .. import text as tx
from ..escape import xml_safe
from ..links import is_safe_url
from .mapgraph import GraphError, MapGraph
from .style import BY_SENTINEL, stylesheet

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_S = f"{{{SVG_NS}}}"
_HREF = f"{{{XLINK_NS}}}href"
_XTITLE = f"{{{XLINK_NS}}}title"
_URL_REF = re.compile(r"url\(#([^)]*)\)")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

ET.register_namespace("xlink", XLINK_NS)


def safe_graph_id(graph_id: str) -> str:
    """An id prefix that is valid in HTML, CSS selectors and XML."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", graph_id)
    return cleaned if _ID.match(cleaned) else f"st-{cleaned}"


def _add_class(el: ET.Element, name: str) -> None:
    classes = el.get("class", "").split()
    if name not in classes:
        classes.append(name)
    el.set("class", " ".join(classes))


def colours_to_classes(el: ET.Element) -> None:
    """Replace an element's sentinel fill and stroke colours by their role classes."""
    for attr in ("fill", "stroke"):
        value = el.get(attr)
        if value is None:
            continue
        if value in ("none", "transparent"):
            el.set(attr, "none")
            continue
        role = BY_SENTINEL.get(value.lower())
        del el.attrib[attr]
        # An unknown colour (a Graphviz default we did not set) follows the text colour.
        _add_class(el, f"st-{attr}-{role.name if role else 'text'}")


def _set_title(group: ET.Element, text: str, *, anchors: bool = True) -> None:
    text = xml_safe(text)
    title = group.find(f"{_S}title")
    if title is None:
        title = ET.Element(f"{_S}title")
        group.insert(0, title)
    title.text = text
    for anchor in group.iter(f"{_S}a") if anchors else ():
        if anchor.get(_XTITLE) is not None:
            anchor.set(_XTITLE, text)


def _cjk_runs(text_el: ET.Element) -> None:
    """Name the CJK font on every run of characters the Latin font lacks: a renderer such
    as CairoSVG honours only the first family of a stack (Helvetica), and would draw
    boxes for them in an exported file; browsers fall back the same way either way."""
    if len(text_el) or not text_el.text or all(tx.is_latin(ch) for ch in text_el.text):
        return
    pieces = tx.runs(text_el.text)
    text_el.text = None
    last: ET.Element | None = None
    for font, chunk in pieces:
        if font == "cjk":
            last = ET.SubElement(text_el, "tspan", {"font-family": tx.CJK_FONT_STACK})
            last.text = chunk
        elif last is None:
            text_el.text = chunk
        else:
            last.tail = chunk


def _check_link(anchor: ET.Element) -> None:
    for attr in (_HREF, "href"):
        value = anchor.get(attr)
        if value is not None and not is_safe_url(value):
            del anchor.attrib[attr]


# What dot draws a map with, by name. Anything else in its SVG (which may be a tampered
# cache entry) goes: a list of what to refuse always misses something (an XHTML
# `<script>` runs in a standalone file, `<animate>` can set an href to javascript:,
# `<image>` and `url(...)` fetch from elsewhere).
_ELEMENT_NAMES = """svg g title path polygon polyline ellipse circle rect line text tspan a
    defs linearGradient radialGradient stop"""
_ATTRIBUTE_NAMES = """id class d points cx cy r rx ry x y x1 y1 x2 y2 dx dy width height
    viewBox transform fill fill-opacity stroke stroke-width stroke-dasharray stroke-opacity
    stroke-linecap stroke-linejoin opacity font-family font-size font-weight font-style
    text-anchor textLength lengthAdjust version preserveAspectRatio offset stop-color
    stop-opacity gradientUnits gradientTransform fx fy target"""
_ELEMENTS = frozenset(_ELEMENT_NAMES.split())
_ATTRIBUTES = frozenset(_ATTRIBUTE_NAMES.split())
_LINK_ATTRIBUTES = frozenset({_HREF, _XTITLE, "href"})  # on <a> only, links checked after


def _drop_active_content(root: ET.Element) -> None:
    """Keep only the elements and attributes dot draws maps with (see `_ELEMENTS`)."""
    for parent in root.iter():
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else ""
            if not tag.startswith(_S) or tag.removeprefix(_S) not in _ELEMENTS:
                parent.remove(child)
        is_link = parent.tag == f"{_S}a"
        for attr, value in list(parent.attrib.items()):
            allowed = attr in _ATTRIBUTES or (is_link and attr in _LINK_ATTRIBUTES)
            if not allowed or ("url(" in value and not value.startswith("url(#")):
                del parent.attrib[attr]


def finish_svg(
    raw: str,
    graph: MapGraph,
    *,
    graph_id: str,
    theme: str | None = None,
    standalone: bool = False,
) -> str:
    """The page-ready (or, with `standalone`, file-ready) SVG of a map."""
    prefix = safe_graph_id(graph_id)
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise GraphError(
            f"`dot` produced SVG that does not parse for {graph.scope.name}: {exc}", code="ST504"
        ) from None
    if root.tag != f"{_S}svg":
        raise GraphError(f"`dot` produced no SVG for {graph.scope.name}", code="ST504")

    _drop_active_content(root)
    titles = graph.titles()
    layer_of = {n.key: n.layer.id for n in graph.nodes}
    kind_of = {e.key: e.kind for e in graph.edges}
    for el in root.iter():
        old = el.get("id")
        if old is not None:
            if old in titles:
                _set_title(el, titles[old])
                if old in layer_of:
                    el.set("data-layer", xml_safe(layer_of[old]))
                if old in kind_of:
                    el.set("data-kind", kind_of[old])
            el.set("id", f"{prefix}-{old}")
        for attr in ("fill", "stroke"):
            value = el.get(attr)
            if value and value.startswith("url("):
                el.set(attr, _URL_REF.sub(lambda m: f"url(#{prefix}-{m.group(1)})", value))
        colours_to_classes(el)
        if el.tag == f"{_S}a":
            _check_link(el)

    top = root.find(f"{_S}g")
    if top is not None:
        _set_title(top, graph.title, anchors=False)
    root.set("id", prefix)
    root.set("class", "st-map")
    root.set("aria-label", xml_safe(graph.title))
    if theme is not None or standalone:
        style = ET.Element(f"{_S}style")
        style.text = "\n" + stylesheet(theme or "light", scope=f"#{prefix}")
        style.tail = "\n"
        root.insert(0, style)
    for el in root.iter():  # SVG as the default namespace, without global registration
        if el.tag.startswith(_S):
            el.tag = el.tag[len(_S) :]
    root.set("xmlns", SVG_NS)
    ET.indent(root, space="")  # one element per line, no blank lines for Markdown
    for el in root.iter("text"):  # after indenting, which would put newlines in the runs
        _cjk_runs(el)
    text = ET.tostring(root, encoding="unicode")
    if standalone:
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"
    return text
