"""Colours of the map as roles, so the SVG carries classes instead of colours.

`dot` only knows literal colours. Each role gets a unique sentinel colour in the DOT
source (its light colour, so raw `dot` output still looks right); after layout every
sentinel in the SVG is replaced by a `st-fill-<role>` / `st-stroke-<role>` class.

On the site those classes read custom properties set on `.st-map`: the light values,
and the dark ones under Material's slate scheme (`[data-md-color-scheme="slate"]`), so
inline maps follow the palette without a re-render. Material's own tokens are not used
for the drawing: several are translucent, and their mix over a group's fill fell below
WCAG AA (the network edge was 1.7:1 on slate). An exported file embeds one theme's
concrete values instead, because PNG/PDF converters do not resolve `var()`.

`PAGE` holds the page background of each Material palette (light: `#fff`; slate:
`hsla(225deg, 15%, 14%)`, Material 9's default hue), which the contrast tests measure
against together with every fill an edge or a text can sit on (`GROUNDS`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import KIND_STYLES

THEMES = ("light", "dark")
FONT = "Helvetica,Arial,sans-serif"
SLATE = '[data-md-color-scheme="slate"]'

# The page behind an inline map, per palette (Material's --md-default-bg-color).
PAGE = {"light": "#ffffff", "dark": "#1e2129"}


@dataclass(frozen=True)
class Role:
    name: str
    light: str
    dark: str
    sentinel: str = ""  # the colour written into DOT; the light colour unless given
    site_light: str = ""  # the site's value when it must differ from the file's

    @property
    def dot(self) -> str:
        return self.sentinel or self.light


ROLES: tuple[Role, ...] = (
    # The background: transparent on the site (the page shows through), solid in files.
    Role("bg", "#ffffff", "#1e2129", sentinel="#fffffe", site_light="transparent"),
    Role("text", "#1f2328", "#e3e6ed"),
    Role("muted", "#4f5661", "#b0b6c3"),
    Role("node", "#ffffff", "#262a33", sentinel="#fffffd"),
    Role("node-line", "#7b8290", "#8a91a0"),
    Role("focus", "#e8ebff", "#2d3454"),
    Role("focus-line", "#3949ab", "#9fa8da"),
    Role("cluster", "#f6f7f9", "#252933"),
    Role("cluster-inner", "#eceef2", "#2d323d"),
    Role("cluster-line", "#80868f", "#767d8b"),
    Role("cluster-text", "#4f5661", "#b0b6c3", sentinel="#4f5662"),
    *(Role(k.role, k.light, k.dark) for k in KIND_STYLES),
)

BY_NAME: dict[str, Role] = {r.name: r for r in ROLES}
BY_SENTINEL: dict[str, Role] = {r.dot: r for r in ROLES}
if len(BY_SENTINEL) != len(ROLES):  # a shared sentinel would merge two roles
    raise RuntimeError("map colour sentinels must be unique")

# What an edge, an edge label or a group title can be drawn on, per role of the fill.
GROUNDS = ("bg", "cluster", "cluster-inner")
# Text roles and the fills they sit on (WCAG AA for text: 4.5:1; the contrast tests).
TEXT_ON: dict[str, tuple[str, ...]] = {
    "text": ("node", "focus"),
    "muted": ("node", "focus"),
    "cluster-text": GROUNDS,
}
# Outlines a reader needs to see a box, and the fills around them (3:1, non-text).
LINE_ON: dict[str, tuple[str, ...]] = {
    "node-line": GROUNDS,
    "focus-line": GROUNDS,
    "cluster-line": GROUNDS,
}


def colour(role: str) -> str:
    """The sentinel colour of a role, for the DOT source."""
    return BY_NAME[role].dot


def value(role: str, theme: str) -> str:
    """The concrete `#rrggbb` of a role in a theme ("light" or "dark"); `bg` is the page."""
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    return str(getattr(BY_NAME[role], theme))


def _rules(scope: str, value_of: dict[str, str], *, legend: bool = False) -> list[str]:
    lines = []
    for role in ROLES:
        val = value_of[role.name]
        for prop, cls in (("fill", f"st-fill-{role.name}"), ("stroke", f"st-stroke-{role.name}")):
            where = f"{scope} .{cls}"
            if legend and role.name.startswith("kind-"):
                where += f", {scope}-legend .{cls}"
            lines.append(f"{where} {{ {prop}: {val}; }}")
    return lines


# The legend's swatches sit in the page, outside the map's <svg>, and use its classes.
LEGEND_CSS = """\
.md-typeset ul.st-map-legend {
  list-style: none;
  display: flex;
  flex-wrap: wrap;
  gap: 0.25rem 1.2rem;
  margin: 0.4rem 0 0;
  padding: 0;
  font-size: 0.7rem;
}
.md-typeset ul.st-map-legend li {
  margin: 0;
  display: flex;
  align-items: center;
  gap: 0.4rem;
}
.st-map-legend svg { flex: none; }"""


def stylesheet(theme: str | None = None, scope: str = ".st-map") -> str:
    """CSS for maps: `theme=None` gives the site's stylesheet (assets/map.css) for maps
    (`scope`) and their legends, light by default and dark under Material's slate scheme;
    "light" or "dark" gives one theme's concrete colours for a standalone file, scoped to
    `scope` (e.g. `#st-map-site`)."""
    if theme is None:
        both = f"{scope}, {scope}-legend"
        light = "\n".join(f"  --st-map-{r.name}: {r.site_light or r.light};" for r in ROLES)
        dark = "\n".join(f"  --st-map-{r.name}: {r.dark};" for r in ROLES if r.name != "bg")
        values = {r.name: f"var(--st-map-{r.name})" for r in ROLES}
        lines = [
            "/* stacktour maps: light colours, and dark ones under Material's slate scheme.",
            "   Generated by stacktour.graph.style.stylesheet(); edit that, not this. */",
            f"{both} {{\n{light}\n}}",
            f"{SLATE} {scope}, {SLATE} {scope}-legend {{\n{dark}\n}}",
            f"{scope} {{\n  max-width: 100%;\n  height: auto;\n}}",
            *_rules(scope, values, legend=True),
            f"{scope} a:hover .st-fill-node, {scope} a:focus .st-fill-node"
            " { fill: var(--st-map-focus); }",
            f"{scope} a:hover .st-stroke-node-line, {scope} a:focus .st-stroke-node-line"
            " { stroke: var(--st-map-focus-line); }",
            f"{scope} a:focus-visible {{ outline: 2px solid var(--st-map-focus-line); }}",
            f"{scope} .st-edge:hover path {{ stroke-width: 3; }}",
            LEGEND_CSS.replace(".st-map-legend", f"{scope}-legend"),
        ]
        return "\n".join(lines) + "\n"
    values = {r.name: value(r.name, theme) for r in ROLES}
    return "\n".join(_rules(scope, values)) + "\n"
