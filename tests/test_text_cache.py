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


@settings(max_examples=400, deadline=None)
@given(
    text=texts.filter(bool),
    width=st.floats(1, 400),
    size=sizes,
    bold=st.booleans(),
    names=st.booleans(),
)
def test_fit_cuts_where_the_character_loop_cuts(
    text: str, width: float, size: float, bold: bool, names: bool
) -> None:
    assert measure_text._fit(text, width, size, bold, names) == _fit_by_char(
        text, width, size, bold, names
    )


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
    for name in ("_units", "_running", "fit", "break_points"):
        monkeypatch.setattr(measure_text, name, getattr(measure_text, name).__wrapped__)
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
