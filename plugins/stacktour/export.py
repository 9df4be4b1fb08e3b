"""SVG to PNG and PDF, through CairoSVG, for slides and documents outside the site.

Export a *standalone* SVG (`render_sequence_svg(..., standalone=True)`): it carries
its own `<style>` with concrete colours (CairoSVG knows no CSS custom properties) and
names, for every run of text, the font it was measured with (CairoSVG uses only the
first family of a font stack), so the PNG and PDF look like the SVG, CJK included.

Public API:

- `FORMATS`: the suffixes understood, `(".svg", ".png", ".pdf")`.
- `convert(svg_text, suffix, *, scale=2.0) -> bytes`: the file's bytes.
- `write(svg_text, path, *, scale=2.0) -> Path`: writes by suffix, atomically.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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
    else:
        out = cairosvg.svg2pdf(bytestring=data, unsafe=False)
    assert isinstance(out, bytes)
    return out


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
