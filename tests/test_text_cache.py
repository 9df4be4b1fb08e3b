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
