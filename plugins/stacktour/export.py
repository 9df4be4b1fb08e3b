"""SVG to PNG and PDF for slides and documents outside the site, drawn by headless Chromium.

Exports are drawn by the same engine that shows the site, so they look the same: text is
shaped (right-to-left scripts in their order, Arabic letters joined, colour emoji), and
`textLength` holds each label to the width the layout measured. Renderers without a
shaper draw Hebrew letter by letter left to right and emoji as empty boxes (CairoSVG), or
ignore `textLength` (librsvg). Chromium also writes every `<a>` as a clickable PDF link,
and a PDF's text layer in logical order, so copied text reads right.

Export a *standalone* SVG (`render_sequence_svg(..., standalone=True)`): it carries its own
`<style>` with concrete colours and the fonts it was measured with.

Public API:

- `FORMATS`: the suffixes understood, `(".svg", ".png", ".pdf")`.
- `convert(svg_text, suffix, *, scale=2.0) -> bytes`: the file's bytes.
- `write(svg_text, path, *, scale=2.0) -> Path`: writes by suffix, atomically.
- `ExportError`: Chromium or Playwright is missing, or Chromium failed; says what to install.

Chromium is found at `$STACKTOUR_CHROMIUM`, else `/usr/bin/chromium` (Debian's package),
else `chromium`, `chromium-browser` or `google-chrome` on the PATH. It runs with
JavaScript off and every network request refused: the page is the SVG and nothing else.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

FORMATS = (".svg", ".png", ".pdf")

_ARGS = [
    "--no-sandbox",  # as root (CI, containers) Chromium refuses to start otherwise
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--font-render-hinting=none",  # glyphs at their measured advances, as in the layout
]
_PX = re.compile(r"(\d+(?:\.\d+)?)(?:px)?")
_NAMES = ("chromium", "chromium-browser", "google-chrome")
# Chromium stamps each PDF with the time it was written; the same input must give the
# same bytes, so both dates become this one (same length: no offset moves).
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")
_FIXED_DATE = b"D:20000101000000+00'00'"


class ExportError(RuntimeError):
    """PNG or PDF export is not possible here, or Chromium failed; the message says why."""


def chromium() -> str:
    """The Chromium executable exports use (see the module docstring); ExportError if none."""
    configured = os.environ.get("STACKTOUR_CHROMIUM")
    if configured:
        if not Path(configured).is_file():
            raise ExportError(f"STACKTOUR_CHROMIUM={configured}: no such file")
        return configured
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ExportError(
        "PNG and PDF export draw with Chromium, which was not found: install it "
        "(e.g. apt-get install chromium) or set STACKTOUR_CHROMIUM to its path"
    )


def svg_size(svg_text: str) -> tuple[float, float]:
    """The SVG's width and height in CSS px (from width/height, else the viewBox)."""
    root = ET.fromstring(svg_text)
    sizes = [_PX.fullmatch((root.get(name) or "").strip()) for name in ("width", "height")]
    if sizes[0] and sizes[1]:
        return float(sizes[0].group(1)), float(sizes[1].group(1))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        return float(box[2]), float(box[3])
    raise ValueError("the SVG has neither a width and height in px nor a viewBox")


def _page(svg_text: str, width: float, height: float) -> str:
    # The SVG is the whole page, at its own size, on a page of exactly that size.
    svg = re.sub(r"^\s*<\?xml[^>]*\?>", "", svg_text)
    return (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        f"@page {{ size: {width}px {height}px; margin: 0; }}"
        "html, body { margin: 0; padding: 0; background: transparent; }"
        "body > svg { display: block; }"
        f"</style></head><body>{svg}</body></html>"
    )


def _draw(svg_text: str, suffix: str, scale: float) -> bytes:
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import FloatRect, ViewportSize, sync_playwright
    except ImportError:
        raise ExportError(
            "PNG and PDF export need Playwright: pip install 'stacktour[export]'"
        ) from None
    width, height = svg_size(svg_text)
    viewport: ViewportSize = {
        "width": max(1, math.ceil(width)),
        "height": max(1, math.ceil(height)),
    }
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), args=_ARGS)
            try:
                context = browser.new_context(
                    viewport=viewport,
                    device_scale_factor=scale if suffix == ".png" else 1,
                    java_script_enabled=False,
                )
                context.route("**/*", lambda route: route.abort())
                page = context.new_page()
                page.set_content(_page(svg_text, width, height), wait_until="load")
                if suffix == ".png":
                    clip: FloatRect = {"x": 0, "y": 0, "width": width, "height": height}
                    return page.screenshot(clip=clip, type="png")
                pdf = page.pdf(
                    width=f"{width}px",
                    height=f"{height}px",
                    print_background=True,
                    prefer_css_page_size=True,
                )
                return _PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (" + _FIXED_DATE + b")", pdf)
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise ExportError(f"Chromium could not draw the export: {exc.message}") from None


def convert(svg_text: str, suffix: str, *, scale: float = 2.0) -> bytes:
    """`svg_text` as the bytes of a `.svg`, `.png` (at `scale` device pixels per px) or
    `.pdf` file (one page the size of the SVG, vector, with its links).

    Raises ValueError for another suffix or an SVG without a size, ExportError when
    Chromium is missing or fails. Runs Chromium in a thread of its own, so a caller that
    already runs an event loop (or Playwright) in this thread is not disturbed.
    """
    suffix = suffix.lower()
    if suffix == ".svg":
        return svg_text.encode("utf-8")
    if suffix not in FORMATS:
        raise ValueError(f"cannot export to {suffix!r}: use one of {', '.join(FORMATS)}")
    result: list[bytes] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(_draw(svg_text, suffix, scale))
        except BaseException as exc:  # handed to the caller's thread below
            failure.append(exc)

    worker = threading.Thread(target=run, name="stacktour-export")
    worker.start()
    worker.join()
    if failure:
        raise failure[0]
    return result[0]


def write(svg_text: str, path: str | os.PathLike[str], *, scale: float = 2.0) -> Path:
    """Write `svg_text` to `path` in the format its suffix names; no half-written file."""
    target = Path(path)
    data = convert(svg_text, target.suffix, scale=scale)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
