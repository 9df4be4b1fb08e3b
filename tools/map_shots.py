"""Screenshots and measurements of the maps as a reader sees them.

    .venv/bin/python tools/map_shots.py [OUT_DIR] [--site DIR] [--stack ID] [--layer ID]

Builds the site (or serves an already built `--site`), opens the home page, a stack page
and a layer page at 1280x720 and 390x844 in the light and the dark palette, saves a PNG
of each map (`map-<page>-<scheme>-<size>.png`, not committed) and prints, per shot, the
smallest effective size of map text (font size times the SVG's scale on screen, in CSS
px, as the page first shows it and at the drawing's natural size) and the lowest
contrast ratio of an edge stroke, an edge label and a legend swatch against what is
behind them. Uses Debian's Chromium through Playwright; never downloads a browser.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tools.browser import CHROMIUM, MISSING, free_port, launch  # noqa: E402
from tools.screenshots import build_site, serve  # noqa: E402

SIZES = {"desktop": (1280, 720), "phone": (390, 844)}

# Effective text sizes and the colours to compare, read from the live page.
MEASURE = """
(wrap) => {
  const svg = wrap.querySelector('svg.st-map');
  const sizeOf = (t) => {
    const m = t.getScreenCTM();
    return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
  };
  const texts = [...svg.querySelectorAll('text')];
  const shown = texts.map(sizeOf);
  const vb = svg.viewBox.baseVal;
  const w = svg.getAttribute('width');
  const natural = parseFloat(w) * (w.endsWith('pt') ? 4 / 3 : 1) / vb.width;
  const fonts = texts.map(t => parseFloat(getComputedStyle(t).fontSize) * natural);
  const colours = [];
  for (const g of svg.querySelectorAll('g.st-edge')) {
    const kind = g.getAttribute('data-kind');
    const p = g.querySelector('path');
    if (p) colours.push(['edge ' + kind, getComputedStyle(p).stroke]);
    const t = g.querySelector('text');
    if (t) colours.push(['label ' + kind, getComputedStyle(t).fill]);
  }
  const legend = wrap.nextElementSibling;
  const items = legend && legend.matches('.st-map-legend') ? legend.querySelectorAll('li') : [];
  for (const li of items) {
    const line = li.querySelector('line, path');
    if (line) colours.push(['swatch ' + li.className, getComputedStyle(line).stroke]);
  }
  const cluster = svg.querySelector('g.cluster path, g.cluster polygon');
  return {
    shown: Math.min(...shown), natural: Math.min(...fonts),
    colours, bg: getComputedStyle(document.body).backgroundColor,
    cluster: cluster ? getComputedStyle(cluster).fill : null,
    width: svg.getBoundingClientRect().width,
  };
}
"""


def rgba(text: str) -> tuple[float, float, float, float]:
    """`rgb(...)`/`rgba(...)` or `color(srgb ...)` as 0..1 floats."""
    text = text.strip()
    if text.startswith("color(srgb"):
        parts = text[len("color(srgb") : -1].replace("/", " ").split()
        vals = [float(p) for p in parts]
        return (vals[0], vals[1], vals[2], vals[3] if len(vals) > 3 else 1.0)
    inner = text[text.index("(") + 1 : -1].replace("/", ",").replace(" ", ",")
    vals = [float(p) for p in inner.split(",") if p]
    return (vals[0] / 255, vals[1] / 255, vals[2] / 255, vals[3] if len(vals) > 3 else 1.0)


def over(fg: tuple[float, ...], bg: tuple[float, ...]) -> tuple[float, float, float, float]:
    a = fg[3]
    r, g, b = (fg[i] * a + bg[i] * (1 - a) for i in range(3))
    return (r, g, b, 1.0)


def luminance(c: tuple[float, ...]) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def report(data: dict[str, Any]) -> str:
    page = rgba(data["bg"])
    grounds = [page]
    if data["cluster"] and data["cluster"] != "none":
        grounds.append(over(rgba(data["cluster"]), page))
    worst: dict[str, float] = {}
    for name, colour in data["colours"]:
        if colour == "none":
            continue
        ratio = min(contrast(over(rgba(colour), g), g) for g in grounds)
        worst[name] = min(worst.get(name, 99.0), ratio)
    parts = ", ".join(f"{k} {v:.2f}" for k, v in sorted(worst.items()))
    return (
        f"text {data['shown']:.1f} px shown, {data['natural']:.1f} px at 1:1;"
        f" width {data['width']:.0f} px; contrast: {parts}"
    )


def shoot(base: str, out: Path, stack: str, layer: str) -> None:
    pages = {"home": "/", "stack": f"/stacks/{stack}/", "layer": f"/layers/{layer}/"}
    with sync_playwright() as p:
        browser = launch(p)
        for scheme in ("light", "dark"):
            for size, (width, height) in SIZES.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(base + path, wait_until="networkidle")
                    wrap = page.locator(".st-map-wrap").first
                    wrap.evaluate(
                        "el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 60)"
                    )
                    page.wait_for_timeout(200)
                    shot = out / f"map-{name}-{scheme}-{size}.png"
                    page.screenshot(path=shot)
                    # The whole map and its legend, as drawn on the page.
                    whole = page.locator(".st-map-wrap, .st-map-wrap + .st-map-legend")
                    box = [
                        b for b in (whole.nth(i).bounding_box() for i in range(whole.count())) if b
                    ]
                    top, bottom = min(b["y"] for b in box), max(b["y"] + b["height"] for b in box)
                    page.screenshot(
                        path=out / f"map-{name}-{scheme}-{size}-whole.png",
                        full_page=True,
                        clip={
                            "x": 0,
                            "y": top + page.evaluate("scrollY"),
                            "width": width,
                            "height": bottom - top,
                        },
                    )
                    data = wrap.evaluate(MEASURE)
                    print(f"{shot.name}: {report(data)}")
                context.close()
        browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default="/tmp/stacktour-maps", type=Path)
    parser.add_argument("--site", type=Path, help="an already built site to serve")
    parser.add_argument("--stack", default="worker-schedule")
    parser.add_argument("--layer", default="durable-client")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(MISSING, file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="stacktour-site-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build_site(site, f"http://127.0.0.1:{port}")
        with serve(site, port) as base:
            shoot(base, args.out, args.stack, args.layer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
