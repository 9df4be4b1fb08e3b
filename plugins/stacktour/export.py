"""SVG to PNG and PDF, through CairoSVG, for slides and documents outside the site.

Export a *standalone* SVG (`render_sequence_svg(..., standalone=True)`): it carries
its own `<style>` with concrete colours (CairoSVG knows no CSS custom properties) and
names, for every run of text, the font it was measured with (CairoSVG uses only the
first family of a font stack), so the PNG and PDF look like the SVG, CJK included.

Public API:

- `FORMATS`: the suffixes understood, `(".svg", ".png", ".pdf")`.
- `convert(svg_text, suffix, *, scale=2.0) -> bytes`: the file's bytes.
- `write(svg_text, path, *, scale=2.0) -> Path`: writes by suffix, atomically.

In a PDF, every `<a xlink:href>` (or `href`) of the SVG becomes a link annotation over its shapes
(CairoSVG draws links but does not make them clickable), so arrows and participants
still lead to the site when `--base-url` is given.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

FORMATS = (".svg", ".png", ".pdf")


def convert(svg_text: str, suffix: str, *, scale: float = 2.0) -> bytes:
    """`svg_text` as the bytes of a `.svg`, `.png` (at `scale`) or `.pdf` file.

    Raises ValueError for another suffix. CairoSVG runs with `unsafe=False`: it reads no
    external file or URL the SVG might name.
    """
    suffix = suffix.lower()
    data = svg_text.encode("utf-8")
    if suffix == ".svg":
        return data
    if suffix not in FORMATS:
        raise ValueError(f"cannot export to {suffix!r}: use one of {', '.join(FORMATS)}")
    import cairosvg  # imported late: the site build never needs cairo

    if suffix == ".png":
        out = cairosvg.svg2png(bytestring=data, scale=scale, unsafe=False)
        assert isinstance(out, bytes)
        return out
    buffer = io.BytesIO()
    _linked_pdf_surface().convert(bytestring=data, write_to=buffer, unsafe=False)
    return buffer.getvalue()


def _linked_pdf_surface() -> Any:
    """CairoSVG's PDF surface, turning each `<a href>` into a PDF link annotation."""
    import cairocffi
    from cairosvg.bounding_box import calculate_bounding_box, is_valid_bounding_box
    from cairosvg.surface import PDFSurface

    from .links import is_safe_url

    class LinkedPDFSurface(PDFSurface):
        def draw(self, node: Any) -> None:
            super().draw(node)
            href = node.get_href() if node.tag == "a" else None  # xlink:href or href
            if not href or not is_safe_url(href):
                return
            boxes = [calculate_bounding_box(self, child) for child in node.children]
            boxes = [b for b in boxes if b is not None and is_valid_bounding_box(b)]
            if not boxes:
                return
            # Cairo reads the rectangle in device units (pt), not through the transform.
            x0, y0 = self.context.user_to_device(min(b[0] for b in boxes), min(b[1] for b in boxes))
            x1, y1 = self.context.user_to_device(
                max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
            )
            uri = href.replace("\\", "%5C").replace("'", "%27")
            attributes = f"uri='{uri}' rect=[{x0:.2f} {y0:.2f} {x1 - x0:.2f} {y1 - y0:.2f}]"
            self.context.tag_begin(cairocffi.TAG_LINK, attributes)
            self.context.tag_end(cairocffi.TAG_LINK)

    return LinkedPDFSurface


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
