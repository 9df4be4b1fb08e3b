"""The walkthrough of every stack page, read from the built HTML: each section's heading,
code and explanation are about one and the same frame, no line of code is lost, and every
call line carries the number of the step it starts, linked both ways."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from stacktour.loader import load_project
from stacktour.model import Frame, Project
from stacktour.pages.codeview import visible_lines
from stacktour.pages.prose import prose_html
from stacktour.pages.walkthrough import visits
from stacktour.resolve import ResolvedStack

from .conftest import REPO_ROOT
from .htmltree import Node, parse


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("¶", "")).strip()


def _sections(page: Node) -> list[tuple[Node, list[Node]]]:
    """(h3, the elements after it up to the next heading) for each walkthrough section."""
    article = page.find("article")
    assert article is not None
    blocks = article.elements()
    start = next(i for i, n in enumerate(blocks) if n.tag == "h2" and n.get("id") == "walkthrough")
    sections: list[tuple[Node, list[Node]]] = []
    for node in blocks[start + 1 :]:
        if node.tag in ("h1", "h2"):
            break
        if node.tag == "h3":
            sections.append((node, []))
        elif sections:
            sections[-1][1].append(node)
    return sections


def _code_text(block: Node) -> str:
    """The code of a stacktour block: its lines without gutters or fold rows."""
    lines = block.find_all("span", "st-line")
    skip = "st-gutter"
    return "".join(line.text(lambda n: skip in n.classes) for line in lines)


def _label(project: Project, frame: Frame) -> str:
    return f"{project.layer(frame.layer).title}.{frame.title}"


@pytest.fixture(scope="module")
def project_and_stacks() -> tuple[Project, dict[str, ResolvedStack]]:
    result = load_project(REPO_ROOT / "stacks")
    assert result.project is not None
    return result.project, result.stacks


def test_each_section_speaks_of_one_frame(
    built_site: Path, project_and_stacks: tuple[Project, dict[str, ResolvedStack]]
) -> None:
    project, stacks = project_and_stacks
    checked = 0
    for stack in project.stacks:
        resolved = stacks[stack.id]
        page = parse((built_site / "stacks" / stack.id / "index.html").read_text("utf-8"))
        sections = _sections(page)
        expected = visits(resolved)
        assert [h.get("id") for h, _ in sections] == [v.anchor for v in expected], stack.id
        for (heading, body), visit in zip(sections, expected, strict=True):
            where = f"{stack.id} #{visit.anchor}"
            if visit.frame is None:  # a sub-flow: the section names the other stack
                assert visit.step is not None and visit.step.ref is not None
                assert heading.get("data-stack") == visit.step.ref.id, where
                assert visit.step.ref.title in _norm(heading.text()), where
                assert not any(n.get("data-frame") for b in body for n in b.iter()), where
                continue
            frame = visit.frame
            # The heading names the frame...
            title = _norm(heading.text())
            number = "Start:" if visit.step is None else f"{visit.step.number}."
            assert title == f"{number} {_label(project, frame)}", where
            assert heading.get("data-frame") == frame.id, where
            # ...and so does every block under it that shows a frame.
            tagged = [n for b in body for n in b.iter() if n.get("data-frame")]
            assert {n.get("data-frame") for n in tagged} == {frame.id}, where
            # The explanation is this frame's, whole.
            texts = [n for n in tagged if "st-frame-text" in n.classes]
            if frame.explanation.strip():
                assert len(texts) == 1, where
                assert _norm(texts[0].text()) == _norm(parse(prose_html(frame.explanation)).text())
            else:
                assert texts == [], where
            # The code is this frame's, every line of every segment (folded or not).
            codes = [n for n in tagged if "st-code" in n.classes]
            if frame.excerpt:
                assert len(codes) == 1, where
                want = "".join(segment.text + "\n" for segment in frame.excerpt)
                assert _code_text(codes[0]) == want, where
                path = frame.path or project.layer(frame.layer).path
                if frame.lines and any(s.numbered for s in frame.excerpt):
                    head = _norm(codes[0].find("span", "st-code-head").text())  # type: ignore[union-attr]
                    assert f"{path}:{frame.lines[0]}–{frame.lines[1]}" in head, where
            else:
                assert codes == [], where
                assert any("st-nocode" in n.classes for n in tagged), where
            checked += 1
    assert checked >= 40


def test_call_lines_carry_their_step_numbers_both_ways(
    built_site: Path, project_and_stacks: tuple[Project, dict[str, ResolvedStack]]
) -> None:
    project, stacks = project_and_stacks
    badges = aboves = 0
    for stack in project.stacks:
        page = parse((built_site / "stacks" / stack.id / "index.html").read_text("utf-8"))
        ids = {n.get("id"): n for n in page.iter() if n.get("id")}
        sections = visits(stacks[stack.id])
        order = {v.step.number: i for i, v in enumerate(sections) if v.step is not None}
        for i, visit in enumerate(sections):
            frame = visit.frame
            for step in visit.calls:
                assert frame is not None and step.call is not None
                at = step.call.at
                numbered = [
                    s for s in frame.excerpt if s.numbered and s.start <= (at or 0) <= s.end
                ]
                box = page.find(
                    "div", "st-step", lambda n, s=step: n.get("data-step") == str(s.number)
                )
                assert box is not None
                if not numbered or at is None:
                    # Not on a line shown: listed by number under the frame instead.
                    assert any(
                        a.get("href") == f"#{step.anchor}" for a in page.find_all("a", "st-callno")
                    ), (stack.id, step.number)
                    continue
                line = ids[visit.line_anchor(at)]
                assert "hll" in line.classes
                marks = [a.get("href") for a in line.find_all("a", "st-callno")]
                assert f"#{step.anchor}" in marks, (stack.id, step.number)
                # A call line is never folded away...
                segment = numbered[0]
                assert visible_lines(segment, {at})[at - segment.start]
                assert not any(n.tag == "details" for n in _ancestors(line))
                # ...and the step's box quotes it and links back to it.
                links = [a.get("href") for a in box.find_all("a")]
                assert f"#{visit.line_anchor(at)}" in links, (stack.id, step.number)
                quoted = box.find("div", "st-callsite")
                assert quoted is not None
                # Marked on the code right above, the quote is for narrow columns only.
                above = order.get(step.number) == i + 1
                assert (quoted.parent.get("class") == "st-callsite-above") == above, step.number
                aboves += above
                # Every line of the call site (one, or all of a call spanning several).
                want = [segment.lines[n - segment.start].strip() for n in step.call.at_lines]
                got = [x.strip() for x in _code_text(quoted).strip("\n").split("\n")]
                assert got == want, (stack.id, step.number)
                badges += 1
    assert badges >= 10
    assert 0 < aboves < badges


def _ancestors(node: Node) -> list[Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def test_contents_entries_are_all_different(built_site: Path) -> None:
    # Every entry of a page's table of contents reads differently (none ends in an
    # ellipsis that makes two the same: the CSS wraps long names instead).
    for page_path in sorted((built_site / "stacks").glob("*/index.html")):
        page = parse(page_path.read_text("utf-8"))
        toc = page.find("nav", "md-nav--secondary")
        assert toc is not None
        entries = [_norm(a.text()) for a in toc.find_all("a", "md-nav__link")]
        assert len(entries) == len(set(entries)), page_path


def test_the_stack_map_is_folded_under_its_heading(built_site: Path) -> None:
    page = parse((built_site / "stacks" / "worker-schedule" / "index.html").read_text("utf-8"))
    blocks = page.find("article").elements()  # type: ignore[union-attr]
    at = next(i for i, n in enumerate(blocks) if n.get("id") == "map")
    fold = blocks[at + 1]
    assert fold.tag == "details" and "st-map-details" in fold.classes and "open" not in fold.attrs
    assert _norm(fold.find("summary").text()) == (  # type: ignore[union-attr]
        "How the 16 layers of this stack call each other"
    )
    assert fold.find("div", "st-map-wrap") is not None


def test_prose_that_outruns_its_code_gets_the_wider_column(built_site: Path) -> None:
    """Sections whose explanation is long beside short code are marked for the wider
    prose column; those whose code is the longer are not (walkthrough.css)."""
    page = parse((built_site / "stacks" / "worker-schedule" / "index.html").read_text("utf-8"))
    two = page.find_all("div", "st-visit-two")
    long = [b for b in two if "st-prose-long" in b.classes]
    assert 0 < len(long) < len(two)
    for body in two:
        rows = len(body.find_all("span", "st-line")) - sum(
            len(f.find_all("span", "st-line")) for f in body.find_all("details", "st-fold")
        )
        words = len(_norm(body.find("div", "st-visit-prose").text()))  # type: ignore[union-attr]
        if body in long:
            assert words > 20 * rows, (words, rows)
        elif rows >= 10:
            assert "st-prose-long" not in body.classes


def test_dotted_names_in_table_cells_may_wrap_only_after_a_dot() -> None:
    html = prose_html("| entry point |\n|---|\n| `Company.Function.HttpStart` |\n\n`a.b` in text")
    assert "<td><code>Company.<wbr />Function.<wbr />HttpStart</code></td>" in html
    assert "<p><code>a.b</code> in text</p>" in html  # outside a table: as written
    # Code is still code: escaped, and read back whole.
    cell = prose_html("| x |\n|---|\n| `<b>.c` |")
    assert "<code>&lt;b&gt;.<wbr />c</code>" in cell
