"""How the map draws call kinds and colours: every kind told apart, every line and text at
WCAG AA in both palettes, and a legend drawn exactly like the edges it explains."""

from __future__ import annotations

import colorsys
import itertools
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import material
import pytest
from stacktour.graph import legend_html, render_map_svg, stylesheet
from stacktour.graph.kinds import KIND_STYLES
from stacktour.graph.run import clear_memory_cache
from stacktour.graph.style import GROUNDS, LINE_ON, PAGE, ROLES, TEXT_ON, THEMES, value
from stacktour.model import CALL_KINDS, Call, Frame, Group, Layer, Project, Via

SVG = "{http://www.w3.org/2000/svg}"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz dot")


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (_channel(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two `#rrggbb` colours."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    r, g, b = (_channel(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def ground(role: str, theme: str) -> str:
    return PAGE[theme] if role == "bg" else value(role, theme)


# --- contrast, from the colours the map really uses ---------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_every_kind_line_and_label_reaches_aa_on_every_ground(theme):
    """4.5:1 (text, so the label passes too; lines need 3:1) on the page and on both
    group fills, in the light and the dark palette."""
    ratios = {
        (k.kind, g): contrast(value(k.role, theme), ground(g, theme))
        for k in KIND_STYLES
        for g in GROUNDS
    }
    assert len(ratios) == len(CALL_KINDS) * len(GROUNDS)
    low = {key: round(r, 2) for key, r in ratios.items() if r < 4.5}
    assert low == {}


@pytest.mark.parametrize("theme", THEMES)
def test_text_reaches_aa_and_outlines_3_to_1(theme):
    for role, fills in TEXT_ON.items():
        for fill in fills:
            assert contrast(value(role, theme), ground(fill, theme)) >= 4.5, (role, fill)
    for role, fills in LINE_ON.items():
        for fill in fills:
            assert contrast(value(role, theme), ground(fill, theme)) >= 3.0, (role, fill)


def test_page_colours_are_materials():
    """The grounds the contrast is measured on are Material's page backgrounds: `#fff`,
    and slate's `hsla(var(--md-hue), 15%, 14%, 1)` at its default hue."""
    css_dir = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    main = "".join(p.read_text(encoding="utf-8") for p in css_dir.glob("main.*.min.css"))
    palette = "".join(p.read_text(encoding="utf-8") for p in css_dir.glob("palette.*.min.css"))
    assert "--md-default-bg-color:#fff" in main
    hue = re.search(r"--md-hue:(\d+)deg", main + palette)
    slate = re.search(r"--md-default-bg-color:hsla\(var\(--md-hue\),\s*(\d+)%,\s*(\d+)%", palette)
    assert hue and slate
    r, g, b = colorsys.hls_to_rgb(
        int(hue.group(1)) / 360, int(slate.group(2)) / 100, int(slate.group(1)) / 100
    )
    slate_bg = "#" + "".join(f"{round(c * 255):02x}" for c in (r, g, b))
    assert (PAGE["light"], PAGE["dark"]) == ("#ffffff", slate_bg)


# --- kinds told apart ---------------------------------------------------------------


def test_every_kind_differs_in_line_alone_and_in_colour():
    """Dash pattern, arrowhead and pen tell every kind apart without colour (print,
    colour blindness); and the colours differ clearly too (CIE76 ΔE >= 20)."""
    assert [k.kind for k in KIND_STYLES] == list(CALL_KINDS)
    shapes = {(k.style, k.arrowhead, k.penwidth) for k in KIND_STYLES}
    assert len(shapes) == len(KIND_STYLES)
    for theme in THEMES:
        for a, b in itertools.combinations(KIND_STYLES, 2):
            d = (
                sum(
                    (x - y) ** 2
                    for x, y in zip(
                        lab(value(a.role, theme)), lab(value(b.role, theme)), strict=True
                    )
                )
                ** 0.5
            )
            assert d >= 20, (theme, a.kind, b.kind, round(d))


def all_kinds() -> Project:
    """One layer calling six others, with one call of every kind (a hop across processes)."""
    calls = tuple(
        Call(kind, to=f"t{i}.f", at=i + 1, via=Via("gRPC", "/S/M") if kind == "network" else None)
        for i, kind in enumerate(CALL_KINDS)
    )
    layers = [Layer("s", "S", "class", "w", frames=(Frame("s.f", "f", "s", "S.F", calls=calls),))]
    for i, kind in enumerate(CALL_KINDS):
        group = "h" if kind == "network" else "w"
        layers.append(
            Layer(f"t{i}", f"T{i}", "class", group, frames=(Frame(f"t{i}.f", "f", f"t{i}", "T.F"),))
        )
    return Project(groups=(Group("w", "Worker"), Group("h", "Host")), layers=tuple(layers))


def _drawing(group: ET.Element) -> list[tuple[str, str, str, str, str]]:
    """What draws an edge: per shape, its tag, classes, dashes, pen and fill."""
    return [
        (
            el.tag.removeprefix(SVG),
            el.get("class", ""),
            el.get("stroke-dasharray", ""),
            el.get("stroke-width", ""),
            el.get("fill", ""),
        )
        for el in group
        if el.tag.removeprefix(SVG) in ("path", "polygon", "ellipse", "polyline")
    ]


@needs_dot
def test_legend_swatches_are_drawn_exactly_like_the_edges():
    clear_memory_cache()
    svg = render_map_svg(all_kinds())
    legend = ET.fromstring(legend_html(svg).replace('aria-label="Arrow styles"', ""))
    items = legend.findall("li")
    assert [li.get("class") for li in items] == [f"st-kind-{k}" for k in CALL_KINDS]
    edges = {
        g.get("data-kind"): g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("data-kind")
    }
    for li in items:
        kind = li.get("class").removeprefix("st-kind-")
        (swatch,) = li.iter(f"{SVG}g")
        assert swatch.get("class") == f"st-edge st-kind-{kind}"
        assert set(edges[kind].get("class").split()) >= set(swatch.get("class").split())
        drawn = _drawing(edges[kind])
        assert _drawing(swatch) == drawn, kind
        assert any(f"st-stroke-kind-{kind}" in shape[1] for shape in drawn)
        assert "".join(li.itertext()).strip() == kind


def test_site_stylesheet_switches_every_colour_with_the_palette():
    css = stylesheet()
    light, dark = css.split('[data-md-color-scheme="slate"]', 1)
    for role in ROLES:
        if role.name != "bg":
            assert f"--st-map-{role.name}: {role.light};" in light
            assert f"--st-map-{role.name}: {role.dark};" in dark
    assert "--st-map-bg: transparent;" in light  # the page shows through on the site
    for k in KIND_STYLES:  # the legend outside the SVG gets the same colours
        assert f".st-map-legend .st-stroke-{k.role}" in css


@pytest.mark.parametrize("theme", THEMES)
def test_exports_carry_their_theme(theme):
    css = stylesheet(theme, scope="#m")
    assert "var(" not in css
    for k in KIND_STYLES:
        assert f"#m .st-stroke-{k.role} {{ stroke: {value(k.role, theme)}; }}" in css


@needs_dot
def test_the_home_page_says_what_the_map_draws():
    """docs/index.md describes the map's drawing; each claim holds on the drawn map."""
    root_dir = Path(__file__).resolve().parent.parent
    text = " ".join((root_dir / "docs" / "index.md").read_text(encoding="utf-8").split())
    from stacktour.loader import load_project

    site = load_project(root_dir / "stacks")
    svg = ET.fromstring(render_map_svg(site.project, resolved=site.stacks))
    # "The thick arrow that leaves the worker, labelled with its gRPC method"
    assert "The thick arrow that leaves the worker, labelled with its gRPC method" in text
    (hop,) = [g for g in svg.iter(f"{SVG}g") if g.get("data-kind") == "network"]
    pens = {
        g.get("data-kind"): float(g.find(f"{SVG}path").get("stroke-width", "1"))
        for g in svg.iter(f"{SVG}g")
        if g.get("data-kind")
    }
    assert pens["network"] == max(pens.values()) >= 1.5 * sorted(pens.values())[-2]
    assert hop.find(f"{SVG}path").get("stroke-dasharray") is None
    assert "".join(hop.find(f"{SVG}text").itertext()).startswith("gRPC ")
    # "a dashed box holds code that exists only after a build"
    assert "a dashed box holds code that exists only after a build" in text
    for g in svg.iter(f"{SVG}g"):
        if "st-group" in g.get("class", "").split():
            dashed = g.find(f"{SVG}path").get("stroke-dasharray") is not None
            assert dashed == ("st-group-build" in g.get("class", "")), g.get("class")
    # "each kind of call with its own colour, line and arrowhead, named in the legend"
    assert "each kind of call with its own colour, line and arrowhead" in text
    assert "dashed arrow" not in text


@needs_dot
@pytest.mark.parametrize("theme", THEMES)
def test_an_exported_map_carries_its_legend_drawn_like_its_edges(theme):
    clear_memory_cache()
    svg = render_map_svg(all_kinds(), standalone=True, theme=theme)
    root = ET.fromstring(svg.split("?>", 1)[1])
    (key,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "st-map-key"]
    names = ["".join(t.itertext()) for t in key.iter(f"{SVG}text")]
    assert names == list(CALL_KINDS)
    edges = {g.get("data-kind"): g for g in root.iter(f"{SVG}g") if g.get("data-kind")}
    for g in key.iter(f"{SVG}g"):
        kind = g.get("class", "").removeprefix("st-edge st-kind-")
        if kind in edges:
            assert _drawing(g) == _drawing(edges[kind]), kind
    # the legend is inside the drawing, below the graph, on the file's background
    view = [float(n) for n in root.get("viewBox").split()]
    assert float(root.get("height").removesuffix("pt")) == pytest.approx(view[3], abs=1)
    rect = key.find(f"{SVG}rect")
    assert rect.get("class") == "st-fill-bg"
    assert float(rect.get("y")) + float(rect.get("height")) == pytest.approx(view[1] + view[3])
    for t in key.iter(f"{SVG}text"):
        assert view[1] < float(t.get("y")) < view[1] + view[3]
        assert float(t.get("x")) < view[0] + view[2]
