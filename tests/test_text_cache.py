"""Text measurement is memoized (layout measures the same labels many times); the cached
answers must be the very floats and cut points of measuring character by character."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from stacktour import text as measure_text
from stacktour.text import _face, break_points

ALPHABET = "abcXYZ .:/_-()<>0123中文字\u0301\t\u00a0"
texts = st.text(alphabet=ALPHABET, max_size=50)
sizes = st.sampled_from([9.0, 11.0, 12.5, 13.0, 14.0])


def _measure_by_char(text: str, size: float, bold: bool) -> float:
    face = _face(bold)
    return sum(face.advance(ch) for ch in text) * size


def _fit_by_char(text: str, width: float, size: float, bold: bool, names: bool) -> int:
    face = _face(bold)
    total, limit = 0.0, 0
    for i, ch in enumerate(text):
        total += face.advance(ch) * size
        if total > width and not ch.isspace():
            break
        limit = i + 1
    fitting = [p for p in break_points(text, names) if p <= limit]
    if not fitting and not names:
        fitting = [p for p in break_points(text, True) if p <= limit]
    return fitting[-1] if fitting else max(limit, 1)


@settings(max_examples=400, deadline=None)
@given(text=texts, size=sizes, bold=st.booleans())
def test_measure_is_the_sum_of_advances(text: str, size: float, bold: bool) -> None:
    assert measure_text.measure(text, size, bold) == _measure_by_char(text, size, bold)
    assert measure_text.measure(text, size, bold) == _measure_by_char(text, size, bold)  # cached


@settings(max_examples=200, deadline=None)
@given(
    text=texts.filter(bool),
    one_line=st.floats(10, 300),
    most=st.floats(10, 300),
    max_lines=st.integers(1, 4),
    size=sizes,
    names=st.booleans(),
)
def test_fit_cached_is_fit_computed(
    text: str, one_line: float, most: float, max_lines: int, size: float, names: bool
) -> None:
    kwargs = {"one_line": one_line, "most": most, "max_lines": max_lines, "names": names}
    fresh = measure_text.fit.__wrapped__(text, size, **kwargs)  # type: ignore[attr-defined]
    assert measure_text.fit(text, size, **kwargs) == fresh
    assert measure_text.fit(text, size, **kwargs) == fresh  # from the cache


def _wrap_rest_by_rest(
    text: str, width: float, size: float, bold: bool, max_lines: int, names: bool
) -> tuple[tuple[str, ...], bool]:
    """Greedy wrapping as it was first written: cut the rest of the text, measure it and
    find its break points anew for every line, a character at a time."""
    rest = " ".join(text.split())
    lines: list[str] = []
    truncated = False
    while rest:
        if measure_text.measure(rest, size, bold) <= width:
            lines.append(rest)
            break
        if len(lines) == max_lines - 1:
            lines.append(measure_text.shorten(rest, width, size, bold))
            truncated = True
            break
        cut = _fit_by_char(rest, width, size, bold, names)
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return tuple(lines or [""]), truncated


@settings(max_examples=400, deadline=None)
@given(
    text=texts,
    width=st.floats(5, 300),
    size=sizes,
    bold=st.booleans(),
    max_lines=st.integers(1, 4),
    names=st.booleans(),
)
def test_wrap_breaks_where_cutting_rest_by_rest_breaks(
    text: str, width: float, size: float, bold: bool, max_lines: int, names: bool
) -> None:
    """`wrap` works on the running widths and break points of the whole text; the lines
    are those of wrapping the rest of the text line by line."""
    got = measure_text.wrap(text, width, size, bold, max_lines, names)
    assert (got.lines, got.truncated) == _wrap_rest_by_rest(
        text, width, size, bold, max_lines, names
    )


@settings(max_examples=600, deadline=None)
@given(text=st.text(alphabet="aAzZ09 ./\\_,;(=>)]}|:[{<\t\x0b-'\"", max_size=30))
def test_ascii_name_breaks_are_the_character_rules(text: str) -> None:
    """Names in ASCII break by a regular expression; it finds what the character rules
    (`name_breaks`, which non-ASCII text takes) find."""
    unicode_points = set(measure_text.break_points(text, False))
    assert set(measure_text.break_points(text, True)) == unicode_points | {
        i for i in measure_text.name_breaks(text) if i < len(text)
    }


def _render_flagships() -> list[str]:
    from pathlib import Path

    from stacktour.links import LinkScheme
    from stacktour.loader import load_project
    from stacktour.sequence import render_sequence_svg

    result = load_project(Path(__file__).resolve().parent.parent / "stacks")
    assert result.project is not None
    return [
        render_sequence_svg(
            result.stacks[stack_id], result.project, links=LinkScheme(), show_returns=True
        )
        for stack_id in sorted(result.stacks)
    ]


def test_diagrams_are_the_same_with_the_caches_bypassed(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Every stack of this site drawn twice: with the memoized measurement, and with each
    cached function replaced by the function it wraps (so every label is measured afresh)."""
    cached = _render_flagships()
    from stacktour.sequence import svg
    from stacktour.sequence.layout import metrics

    for name in ("_units", "_running", "fit", "break_points"):
        monkeypatch.setattr(measure_text, name, getattr(measure_text, name).__wrapped__)
    monkeypatch.setattr(svg, "num", svg.num.__wrapped__)
    monkeypatch.setattr(metrics, "lh", metrics.lh.__wrapped__)
    assert _render_flagships() == cached
    assert len(cached) >= 3 and all("<svg" in svg for svg in cached)


def test_one_shared_formatter_highlights_as_a_fresh_one() -> None:
    import io

    from pygments.formatters import HtmlFormatter
    from stacktour.pages import codeview

    code = 'public async Task Run(string s)\n{\n    await Next(s); // "x" <y>\n}\n'
    for _ in range(2):
        shared = codeview.highlighted_lines(code, "csharp")
    out = io.StringIO()
    HtmlFormatter(nowrap=True).format(
        codeview._lexer("csharp").get_tokens(codeview.xml_safe(code) + "\n"), out
    )
    assert shared == out.getvalue().split("\n")[: len(code.split("\n"))]
