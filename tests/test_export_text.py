"""Exports draw text as a browser does: right-to-left words in their order, Arabic letters
joined, emoji in colour rather than empty boxes, and a label held to its `textLength` box.

The PNG is checked by its pixels, against single letters drawn by the same exporter (a
word drawn letter by letter left to right has its letters the other way round); the PDF
by its text layer and fonts. One sheet of rows is exported once per format."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from stacktour import export
from stacktour.links import LinkScheme
from stacktour.loader import load_project
from stacktour.sequence import render_sequence_svg

from .conftest import CLIENT, write_project

ROW = 70  # px per row; the text sits on its baseline at 50
ROWS = [
    "א",  # alef
    "ב",  # bet
    "אב",  # alef bet: bet must come out on the left
    "ا",  # alef
    "ب",  # beh
    "اب",  # alef beh: beh on the left (alef does not join the letter after it)
    "بببب",  # four beh: joined into one stroke
    "🚀",
    "🍕",
]
LENGTH_ROW = len(ROWS)
WIDTH = 400


def _sheet() -> str:
    rows = [
        f'<text x="20" y="{i * ROW + 50}" font-size="40" fill="#000">{word}</text>'
        for i, word in enumerate(ROWS)
    ]
    y = LENGTH_ROW * ROW
    rows.append(
        f'<rect x="20" y="{y + 10}" width="120" height="50" fill="none" stroke="#f00"/>'
        f'<text x="20" y="{y + 45}" font-size="24" fill="#00f" textLength="120"'
        ' lengthAdjust="spacingAndGlyphs">A label far too long for its box</text>'
    )
    height = (LENGTH_ROW + 1) * ROW
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}"'
        f' viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, sans-serif">'
        f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>{"".join(rows)}</svg>'
    )


@pytest.fixture(scope="module")
def png() -> Image.Image:
    data = export.convert(_sheet(), ".png", scale=1)
    return Image.open(io.BytesIO(data)).convert("RGB")


@pytest.fixture(scope="module")
def pdf() -> PdfReader:
    return PdfReader(io.BytesIO(export.convert(_sheet(), ".pdf")))


def _ink(image: Image.Image, row: int) -> list[list[bool]]:
    """The row's dark pixels, as a grid (y, x)."""
    band = image.crop((0, row * ROW, WIDTH, (row + 1) * ROW))
    return [[sum(band.getpixel((x, y))) < 384 for x in range(WIDTH)] for y in range(ROW)]


def _blobs(grid: list[list[bool]]) -> list[tuple[int, int]]:
    """Runs of inked columns, left to right: (first x, last x)."""
    columns = [any(grid[y][x] for y in range(len(grid))) for x in range(WIDTH)]
    runs: list[tuple[int, int]] = []
    x = 0
    while x < WIDTH:
        if columns[x]:
            start = x
            while x < WIDTH and columns[x]:
                x += 1
            runs.append((start, x - 1))
        x += 1
    return runs


def _shape(grid: list[list[bool]], run: tuple[int, int]) -> set[tuple[int, int]]:
    """The inked pixels of one run, relative to its top-left corner."""
    cells = {(y, x) for y in range(len(grid)) for x in range(run[0], run[1] + 1) if grid[y][x]}
    top = min(y for y, _ in cells)
    return {(y - top, x - run[0]) for y, x in cells}


def _likeness(a: set[tuple[int, int]], b: set[tuple[int, int]]) -> float:
    return len(a & b) / len(a | b)


def _order(png: Image.Image, word_row: int, first_row: int, second_row: int) -> list[int]:
    """Which single letter (row) each glyph of the word's row looks like, left to right."""
    word = _ink(png, word_row)
    letters = {r: _shape(_ink(png, r), _blobs(_ink(png, r))[0]) for r in (first_row, second_row)}
    found = []
    for run in _blobs(word):
        glyph = _shape(word, run)
        found.append(max(letters, key=lambda r: _likeness(glyph, letters[r])))
    return found


def test_hebrew_reads_right_to_left_in_png(png: Image.Image) -> None:
    # "אב": alef first in memory, so on the right; bet on the left.
    assert _order(png, 2, 0, 1) == [1, 0]


def test_arabic_reads_right_to_left_and_joins_in_png(png: Image.Image) -> None:
    assert _order(png, 5, 3, 4) == [4, 3]
    # Four beh joined are one unbroken stroke; drawn unjoined they would be four glyphs.
    assert len(_blobs(_ink(png, 6))) == 1
    single = _blobs(_ink(png, 4))[0]
    joined = _blobs(_ink(png, 6))[0]
    assert joined[1] - joined[0] < 4 * (single[1] - single[0] + 1)


def _colours(image: Image.Image, row: int) -> Iterator[tuple[int, int, int]]:
    band = image.crop((0, row * ROW, WIDTH, (row + 1) * ROW))
    for x in range(WIDTH):
        for y in range(ROW):
            yield band.getpixel((x, y))


def test_emoji_are_drawn_in_colour_not_as_boxes(png: Image.Image) -> None:
    rocket, pizza = list(_colours(png, 7)), list(_colours(png, 8))
    assert rocket != pizza  # an empty box looks the same for every character
    for pixels in (rocket, pizza):
        assert sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 80) > 50


def test_text_length_keeps_a_label_inside_its_box(png: Image.Image) -> None:
    band = png.crop((0, LENGTH_ROW * ROW, WIDTH, (LENGTH_ROW + 1) * ROW))
    blue = [
        x
        for x in range(WIDTH)
        for y in range(ROW)
        if (lambda p: p[2] > 150 and p[0] < 120 and p[1] < 120)(band.getpixel((x, y)))
    ]
    assert blue, "the label is drawn"
    assert max(blue) <= 20 + 120 + 1


def test_pdf_text_layer_is_in_reading_order_and_joined(pdf: PdfReader) -> None:
    text = pdf.pages[0].extract_text()
    assert "אב" in text  # logical order: a copy from the PDF reads right
    # Arabic comes out as joined presentation forms, in logical order.
    joined = [line for line in text.splitlines() if unicodedata.normalize("NFKC", line) == "بببب"]
    assert joined and any(0xFE70 <= ord(ch) <= 0xFEFF for ch in joined[0])
    assert unicodedata.normalize("NFKC", text).count("اب") >= 1


def test_pdf_draws_emoji_as_colour_glyphs(pdf: PdfReader) -> None:
    # Each emoji is in the text layer, and drawn by a font whose glyphs are images (colour
    # bitmaps); an empty box would be an outline glyph of the text font.
    text = pdf.pages[0].extract_text()
    assert "🚀" in text and "🍕" in text
    fonts = pdf.pages[0]["/Resources"]["/Font"]
    pictured = 0
    for key in fonts:
        font = fonts[key].get_object()
        if font.get("/Subtype") != "/Type3" or "/Resources" not in font:
            continue
        images = font["/Resources"].get_object().get("/XObject") or {}
        pictured += sum(1 for n in images if images[n].get_object().get("/Subtype") == "/Image")
    assert pictured >= 2


def test_a_real_diagram_in_hebrew_keeps_its_words_and_links(tmp_path: Path) -> None:
    # Through the real pipeline: a layer titled in Hebrew, exported to PDF with links.
    titled = CLIENT.replace("title: Client", "title: שכבת לקוח")
    result = load_project(write_project(tmp_path / "stacks", layers__client_yaml=titled))
    assert result.project is not None
    svg = render_sequence_svg(
        result.stacks["flow"],
        result.project,
        links=LinkScheme(base="https://docs.stacktour.dev/"),
        standalone=True,
    )
    data = export.convert(svg, ".pdf")
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "שכבת לקוח" in text
    assert b"/URI (https://docs.stacktour.dev/stacks/flow/#step-1)" in data
