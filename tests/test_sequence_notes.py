"""Notes keep their structure: paragraphs and list items start new lines, items carry
their bullet, text reads as the page shows it (for every Markdown field the diagram
draws or puts in a tooltip), and lines break by the Unicode rules."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from stacktour.links import LinkScheme
from stacktour.loader import load_project
from stacktour.pages.prose import prose_html
from stacktour.resolve import resolve_all
from stacktour.sequence import diagram_geometry
from stacktour.sequence.check import overlaps
from stacktour.sequence.geometry import Geometry, Item, Text
from stacktour.sequence.levels import LEVELS
from stacktour.sequence.prose import BULLET, paragraphs, plain

from tools.synthetic import sample_project

ROOT = Path(__file__).resolve().parent.parent


def _note_items(geometry: Geometry) -> list[Item]:
    return [it for it in geometry.items if it.cls == "st-note"]


def _rows(item: Item) -> list[list[str]]:
    """The note's texts grouped by line (same baseline), left to right."""
    texts = sorted((s for s in item.shapes if isinstance(s, Text)), key=lambda t: (t.y, t.x))
    lines: dict[float, list[str]] = {}
    for t in texts:
        lines.setdefault(round(t.y, 2), []).append(t.text)
    return list(lines.values())


def _noted(note: str) -> Geometry:
    project = sample_project({"note.next": note})
    resolved, problems = resolve_all(project)
    assert problems == []
    return diagram_geometry(resolved["sample"], project, show_notes=True, show_returns=True)


def test_paragraphs_and_list_items_start_new_lines_with_bullets() -> None:
    geometry = _noted("one\n\n- a\n- b")
    assert [str(o) for o in overlaps(geometry)] == []
    note = next(n for n in _note_items(geometry) if n.tooltip.startswith("one"))
    assert _rows(note) == [["one"], [BULLET, "a"], [BULLET, "b"]]
    assert note.tooltip == f"one\n{BULLET} a\n{BULLET} b"
    # Item text hangs right of its bullet.
    texts = {t.text: t for t in note.shapes if isinstance(t, Text)}
    assert texts["a"].x > texts["one"].x and texts[BULLET].x == texts["one"].x


def test_numbered_items_and_inline_marks_read_as_on_the_page() -> None:
    geometry = _noted(
        "Calls `next(context)`:\n\n1. **first** [docs](https://x.org)\n2. a \\*b &amp; c"
    )
    note = next(n for n in _note_items(geometry) if n.tooltip.startswith("Calls"))
    assert _rows(note) == [["Calls next(context):"], ["1.", "first docs"], ["2.", "a *b & c"]]


def test_a_wrapped_item_hangs_under_its_text() -> None:
    geometry = _noted("- " + "word " * 60)
    note = next(n for n in _note_items(geometry) if n.tooltip.startswith(BULLET))
    texts = [s for s in note.shapes if isinstance(s, Text)]
    words = [t for t in texts if t.text != BULLET]
    assert len(words) > 1 and len({round(t.x, 2) for t in words}) == 1
    assert words[-1].text.endswith("\u2026")  # cut, the whole text in the tooltip


def test_chinese_note_lines_never_start_with_closing_punctuation() -> None:
    geometry = _noted("这是一个很长的中文注释，用来测试换行。它不应该让逗号出现在行首，对吗？" * 2)
    assert [str(o) for o in overlaps(geometry)] == []
    note = next(n for n in _note_items(geometry) if "中文" in n.tooltip)
    for row in _rows(note):
        assert row[0][:1] not in "，。？、", _rows(note)


@example([("- ", "* ")])  # a nested empty item: the tooltip indents it as `plain` does
@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "- ", "1. "]),
            st.text(alphabet=st.sampled_from(list("ab cd`*_调度，。")), min_size=1, max_size=30),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_any_note_is_drawn_as_its_paragraphs_without_overlaps(
    blocks: list[tuple[str, str]],
) -> None:
    note = "\n\n".join(prefix + text for prefix, text in blocks)
    paras = paragraphs(note)
    geometry = _noted(note)
    assert [str(o) for o in overlaps(geometry)] == []
    if not paras:
        return
    drawn = [n for n in _note_items(geometry) if n.tooltip == plain(note)]
    assert drawn, plain(note)
    rows = _rows(drawn[0])
    # Each paragraph or item starts a new line: as many lines as paragraphs at least,
    # unless the note was cut.
    cut = rows[-1][-1].endswith("\u2026")
    assert cut or len(rows) >= len([p for p in paras if p.text or p.bullet])


def test_every_markdown_field_in_real_diagrams_is_decoded() -> None:
    result = load_project(ROOT / "stacks")
    assert result.project is not None
    marks = ("`", "](", "&amp;", "&lt;")  # ** can be code: "**/*.proto"
    for stack_id, resolved in result.stacks.items():
        for level in LEVELS:
            geometry = diagram_geometry(
                resolved,
                result.project,
                links=LinkScheme(),
                options=level.options(show_notes=True),
                subflows=result.stacks,
            )
            for item in geometry.items:
                texts = [item.tooltip] + [s.text for s in item.shapes if isinstance(s, Text)]
                for text in texts:
                    assert not any(m in text for m in marks), (stack_id, item.key, text)


def test_plain_text_follows_the_page_renderer() -> None:
    # The page and the diagram read one renderer: what the page shows as a list is one.
    text = "Intro.\n\n* x\n* y"
    assert "<li>x</li>" in prose_html(text)
    assert [p.bullet for p in paragraphs(text)] == ["", BULLET, BULLET]
