"""The diagram's style: one CSS template, filled either with Material's custom properties
(the site: inline SVG follows the light and dark palettes with no re-render) or with
concrete colours (standalone files and exports: CairoSVG knows no `var()`).

`assets/sequence.css` is `site_css()` written out by `tools/gen_sequence_css.py`; a test
keeps the two in step.
"""

from __future__ import annotations

from ..model import CALL_KINDS
from ..text import CJK_FONT_STACK, FONT_STACK

# Every call kind of the model, plus the dashed return arrow.
KINDS = (*CALL_KINDS, "return")

# Concrete palettes. Text colours reach WCAG AA (4.5:1) on every fill they sit on, and
# arrow colours reach 3:1 (non-text contrast) on the background; tests check both.
THEMES: dict[str, dict[str, str]] = {
    "light": {
        "fg": "#1f2328",
        "muted": "#4f5661",
        "tint-text": "#4f5661",
        "bg": "#ffffff",
        "box": "#f3f5f9",
        "box-stroke": "#4f5661",
        "group": "#f7f8fb",
        "group-stroke": "#8c939e",
        "line": "#8c939e",
        "act": "#e4e8f1",
        "num": "#3949ab",
        "num-fg": "#ffffff",
        "frag": "#6b7280",
        "ref": "#eef1f8",
        "note": "#fff8c5",
        "note-stroke": "#9a6700",
        "call": "#37474f",
        "await": "#1565c0",
        "fire-and-forget": "#d84315",
        "next": "#2e7d32",
        "virtual": "#6a1b9a",
        "network": "#ad1457",
        "generated": "#6d4c41",
        "callback": "#00838f",
        "return": "#616161",
    },
    "dark": {
        "fg": "#e3e6ed",
        "muted": "#b0b6c3",
        "tint-text": "#b0b6c3",
        "bg": "#1e2129",
        "box": "#2a2f3a",
        "box-stroke": "#9aa1ae",
        "group": "#232731",
        "group-stroke": "#6f7684",
        "line": "#6f7684",
        "act": "#3a4050",
        "num": "#9fa8da",
        "num-fg": "#15171d",
        "frag": "#9aa1ae",
        "ref": "#2c3241",
        "note": "#3a3322",
        "note-stroke": "#d4a72c",
        "call": "#cfd8dc",
        "await": "#90caf9",
        "fire-and-forget": "#ffab91",
        "next": "#a5d6a7",
        "virtual": "#ce93d8",
        "network": "#f48fb1",
        "generated": "#bcaaa4",
        "callback": "#80deea",
        "return": "#a0a4ab",
    },
}

# Text classes and the token of the fill they are drawn on (for the contrast test).
TEXT_ON: dict[str, tuple[str, str]] = {
    "st-label": ("fg", "bg"),
    "st-sublabel": ("muted", "bg"),
    "st-line-no": ("muted", "bg"),
    "st-part-title": ("fg", "box"),
    "st-part-sub": ("muted", "box"),
    "st-group-title": ("tint-text", "group"),
    "st-num-text": ("num-fg", "num"),
    "st-frag-kind": ("fg", "box"),
    "st-frag-text": ("fg", "box"),
    "st-ref-tag": ("tint-text", "ref"),
    "st-ref-title": ("fg", "ref"),
    "st-note-text": ("fg", "note"),
    "st-legend-title": ("fg", "bg"),
    "st-legend-text": ("fg", "bg"),
    "st-heading-text": ("fg", "bg"),
}

# Site values: Material's tokens where one fits, our own (themed below) otherwise.
_SITE: dict[str, str] = {
    "fg": "var(--md-default-fg-color, #000000de)",
    "muted": "var(--md-default-fg-color--light, #0000008a)",
    # Material's light grey text falls under 4.5:1 on its code background: use full fg.
    "tint-text": "var(--md-default-fg-color, #000000de)",
    "bg": "var(--md-default-bg-color, #ffffff)",
    "box": "var(--md-default-bg-color, #ffffff)",
    "box-stroke": "var(--md-default-fg-color--light, #0000008a)",
    "group": "var(--md-code-bg-color, #f5f5f5)",
    "group-stroke": "var(--md-default-fg-color--lighter, #00000052)",
    "line": "var(--md-default-fg-color--lighter, #00000052)",
    "act": "var(--md-code-bg-color, #f5f5f5)",
    "num": "var(--md-primary-fg-color, #4051b5)",
    "num-fg": "var(--md-primary-bg-color, #ffffff)",
    "frag": "var(--md-default-fg-color--light, #0000008a)",
    "ref": "var(--md-code-bg-color, #f5f5f5)",
    # Material has no note colour that works on both palettes: ours, switched below.
    "note": "var(--st-note)",
    "note-stroke": "var(--st-note-stroke)",
    "highlight": "var(--md-accent-fg-color, #526cfe)",
}

_TEMPLATE = """\
.st-seq {{ font-family: {font}; }}
.st-seq text {{ font-family: {font}; fill: {fg}; }}
.st-seq .st-cjk {{ font-family: {cjk}; }}
.st-seq .st-bg {{ fill: {bg}; }}
.st-seq .st-group-box {{ fill: {group}; stroke: {group-stroke}; stroke-width: 1; }}
.st-seq .st-group-title {{ fill: {tint-text}; }}
.st-seq .st-lifeline-line {{ stroke: {line}; stroke-width: 1; stroke-dasharray: 4 4; fill: none; }}
.st-seq .st-part-box {{ fill: {box}; stroke: {box-stroke}; stroke-width: 1.2; }}
.st-seq .st-part-sub {{ fill: {muted}; }}
.st-seq .st-act-bar {{ fill: {act}; stroke: {box-stroke}; stroke-width: 1; }}
.st-seq .st-frag-box {{ fill: none; stroke: {frag}; stroke-width: 1; }}
.st-seq .st-frag-tab {{ fill: {box}; stroke: {frag}; stroke-width: 1; }}
.st-seq .st-ref-box {{ fill: {ref}; stroke: {box-stroke}; stroke-width: 1.2; }}
.st-seq .st-ref-tag {{ fill: {tint-text}; }}
.st-seq .st-note-box {{ fill: {note}; stroke: {note-stroke}; stroke-width: 1; }}
.st-seq .st-note-fold {{ fill: none; stroke: {note-stroke}; stroke-width: 1; }}
.st-seq .st-hop-cross {{ fill: {hop}; stroke: {bg}; stroke-width: 1; }}
.st-seq .st-legend-border {{ fill: none; stroke: {group-stroke}; stroke-width: 1; }}
.st-seq .st-num {{ fill: {num}; stroke: none; }}
.st-seq text.st-num-text {{ fill: {num-fg}; }}
.st-seq .st-sublabel, .st-seq .st-line-no {{ fill: {muted}; }}
.st-seq .st-line {{ fill: none; stroke-width: 1.4; }}
.st-seq .st-head-line {{ fill: none; stroke-width: 1.4; }}
.st-seq .st-tail {{ fill: {bg}; stroke-width: 1.4; }}
.st-seq .st-found {{ stroke: none; }}
.st-seq .st-head-hollow {{ fill: {bg}; stroke-width: 1.3; }}
{kinds}
.st-seq .st-kind-fire-and-forget .st-line {{ stroke-dasharray: 9 3 2 3; }}
.st-seq .st-kind-virtual .st-line {{ stroke-dasharray: 2 3; }}
.st-seq .st-kind-generated .st-line {{ stroke-dasharray: 6 3; }}
.st-seq .st-kind-network .st-line {{ stroke-width: 2.6; }}
.st-seq .st-kind-return .st-line {{ stroke-dasharray: 5 4; stroke-width: 1.1; }}
.st-seq a {{ cursor: pointer; }}
"""

_KIND = (
    ".st-seq .st-kind-{kind} .st-line, .st-seq .st-kind-{kind} .st-head-line, "
    ".st-seq .st-kind-{kind} .st-tail {{ stroke: {colour}; }}\n"
    ".st-seq .st-kind-{kind} .st-head, .st-seq .st-kind-{kind} .st-found "
    "{{ fill: {colour}; stroke: {colour}; }}\n"
    ".st-seq .st-kind-{kind} .st-head-hollow {{ fill: {bg}; }}"
)

_SITE_EXTRA = """\
.st-seq a:hover .st-label, .st-seq a:focus .st-label,
.st-seq a:hover .st-part-title, .st-seq a:focus .st-part-title {{ text-decoration: underline; }}
.st-seq .st-current .st-line, .st-seq .st-current .st-head-line {{ stroke-width: 3; }}
.st-seq .st-current .st-num {{ fill: {highlight}; }}
.st-seq .st-current .st-label {{ font-weight: bold; }}
.st-seq .st-current .st-note-box {{ stroke-width: 2; }}
"""


def _css(values: dict[str, str], kind_colour: dict[str, str]) -> str:
    kinds = "\n".join(_KIND.format(kind=k, colour=kind_colour[k], bg=values["bg"]) for k in KINDS)
    fmt = {k.replace("-", "_"): v for k, v in values.items()}
    template = _TEMPLATE
    for token in values:
        template = template.replace("{" + token + "}", "{" + token.replace("-", "_") + "}")
    return template.format(
        font=FONT_STACK, cjk=CJK_FONT_STACK, kinds=kinds, hop=kind_colour["network"], **fmt
    )


def standalone_css(theme: str) -> str:
    """Concrete CSS for a standalone SVG (no custom properties), light or dark."""
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    palette = THEMES[theme]
    return _css(palette, palette)


def site_css() -> str:
    """CSS for the site: Material's tokens, kind colours switched with the palette."""
    kind_vars = {k: f"var(--st-kind-{k})" for k in KINDS}
    themed = [(f"--st-kind-{k}", k) for k in KINDS] + [
        ("--st-note", "note"),
        ("--st-note-stroke", "note-stroke"),
    ]
    light = "; ".join(f"{name}: {THEMES['light'][token]}" for name, token in themed)
    dark = "; ".join(f"{name}: {THEMES['dark'][token]}" for name, token in themed)
    head = (
        "/* stacktour sequence diagrams. Generated by tools/gen_sequence_css.py from\n"
        "   plugins/stacktour/sequence/style.py; do not edit by hand. */\n"
        f".st-seq {{ {light}; }}\n"
        f'[data-md-color-scheme="slate"] .st-seq {{ {dark}; }}\n'
    )
    return head + _css(_SITE, kind_vars) + _SITE_EXTRA.format(highlight=_SITE["highlight"])


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two `#rrggbb` colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
