"""Text measurement: real advances, CJK one em wide, wrapping that never overflows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from stacktour import text as tx


def test_latin_widths_are_the_fonts_advances() -> None:
    # DejaVu Sans advances (units of 2048): "i" 569, "W" 2025, space 651.
    assert tx.measure("i", 2048) == 569
    assert tx.measure("W", 2048) == 2025
    assert tx.measure(" ", 2048) == 651
    assert tx.measure("W", 2048, bold=True) > tx.measure("W", 2048)
    assert tx.measure("iiii", 10) < tx.measure("WWWW", 10)


def test_cjk_is_one_em_and_drawn_with_the_cjk_font() -> None:
    assert tx.measure("调度编排", 13) == 4 * 13
    assert tx.runs("Start 调度 now") == [("latin", "Start "), ("cjk", "调度"), ("latin", " now")]
    assert not tx.is_latin("调") and tx.is_latin("é") and tx.is_latin("λ")


def test_unknown_characters_count_as_one_em() -> None:
    assert tx.measure("\U00017000\ue000", 10) == 20  # Tangut, private use: no font has them


def test_wrap_breaks_identifiers_at_natural_points() -> None:
    wrapped = tx.wrap("ScheduleNewOrchestrationInstanceAsync(request, token)", 180, 13)
    assert len(wrapped.lines) > 1 and not wrapped.truncated
    assert (
        "".join(wrapped.lines).replace(" ", "")
        == "ScheduleNewOrchestrationInstanceAsync(request,token)"
    )
    assert all(tx.measure(line, 13) <= 180 for line in wrapped.lines)


def test_shorten_adds_an_ellipsis_and_fits() -> None:
    short = tx.shorten("a" * 200, 100, 13)
    assert short.endswith("\u2026") and tx.measure(short, 13) <= 100
    assert tx.shorten("fits", 100, 13) == "fits"


@settings(max_examples=50, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("abcXYZ (),.<>_调度编排实例한글 ")), max_size=120),
    st.floats(min_value=40, max_value=400),
    st.integers(min_value=1, max_value=4),
)
def test_wrapped_lines_always_fit(text: str, width: float, max_lines: int) -> None:
    wrapped = tx.wrap(text, width, 13, max_lines=max_lines)
    assert len(wrapped.lines) <= max_lines
    assert all(tx.measure(line, 13) <= width for line in wrapped.lines)
    assert wrapped.width == max(tx.measure(line, 13) for line in wrapped.lines)


def test_names_wrap_at_dots_slashes_colons_and_case_never_inside_a_word() -> None:
    for name, pieces in [
        ("http.client.HTTPConnection", ["http.", "client.", "HTTP", "Connection"]),
        ("std::vector::push_back", ["std::", "vector::", "push_", "back"]),
        ("src/DotNetWorker.Grpc/GrpcWorker.cs", ["src/", "Dot", "Net", "Worker.", "Grpc/"]),
    ]:
        edges = (0, *tx.break_points(name), len(name))
        found = [name[a:b] for a, b in zip(edges, edges[1:], strict=False)]
        assert found[: len(pieces)] == pieces, found
    # The narrowest box never cuts a word: "HTTPConnecti / on" is what this used to draw.
    wrapped = tx.fit("http.client.HTTPConnection", 14, one_line=100, most=120, max_lines=3)
    assert all(line.endswith((".", "HTTP", "Connection")) for line in wrapped.lines), wrapped.lines
    assert "".join(wrapped.lines) == "http.client.HTTPConnection"
    assert "::" not in [n[i - 1 : i + 1] for n in ["a::b"] for i in tx.break_points(n)]


def test_fit_is_one_line_when_short_and_as_narrow_as_its_lines_allow() -> None:
    short = tx.fit("GrpcWorker", 14, one_line=140, most=170, max_lines=3, bold=True)
    assert short.lines == ("GrpcWorker",)
    long = tx.fit("DurableTaskFunctionsMiddleware", 14, one_line=140, most=170, max_lines=3)
    assert len(long.lines) == 2 and long.width < tx.measure("DurableTaskFunctions", 14) + 1
    greedy = tx.wrap("DurableTaskFunctionsMiddleware", 170, 14)
    assert long.width <= greedy.width


def test_chinese_lines_never_start_with_closing_punctuation() -> None:
    text = "这是一个测试，看看换行是否正确。这是一个测试，看看换行。" * 3
    for width in range(30, 200, 7):
        for names in (True, False):
            lines = tx.wrap(text, width, 12, max_lines=40, names=names).lines
            assert not any(line[:1] in "，。、；：！？）" for line in lines), (width, lines)


def test_break_points_count_characters_not_utf16_units() -> None:
    """ICU counts UTF-16 code units; the points are indices of the Python string, also
    past a character outside the BMP, and a lone surrogate (a YAML escape) is no error."""
    from stacktour.text import break_points

    assert break_points("a😀 b c", names=False) == (1, 3, 5)  # an emoji may start a line
    assert break_points("a b c", names=False) == (2, 4)
    assert break_points("ab\ud800 cd", names=False) == (4,)
    text = "😀😀 GrpcWorker.ProcessAsync"
    assert break_points(text) == (1, 3, 7, 14, 21)  # 😀|😀 |Grpc|Worker.|Process|Async


def test_first_sentence_follows_unicode_sentence_boundaries() -> None:
    """Tooltips say a summary's first sentence: UAX #29 through ICU, so an abbreviation,
    a version number or an emoji does not end it early, and Chinese ends at "。"."""
    from stacktour.text import first_sentence

    assert first_sentence("Uses e.g. the host. Then more.") == "Uses e.g. the host."
    assert first_sentence("Version 1.2.3 here. Next.") == "Version 1.2.3 here."
    assert first_sentence("A 😀 b. C d.") == "A 😀 b."  # counted in characters, not UTF-16
    assert first_sentence("工作进程的 gRPC 连接端。它是一个私有类。") == "工作进程的 gRPC 连接端。"
    assert first_sentence("One sentence only") == "One sentence only"
    assert first_sentence("What? Yes.") == "What?"
