"""The walkthrough's layout, read from the built HTML: each visit's blocks sit in one
`.st-visit` (prose, then code, so the two can stand side by side on wide screens), and
every line of every excerpt is on the page with its own line number and anchor, folded
or not. The browser half (columns, heights) is tests/e2e/test_walkthrough_layout.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from stacktour.loader import load_project
from stacktour.model import Project
from stacktour.pages.walkthrough import visits
from stacktour.resolve import ResolvedStack

from .conftest import REPO_ROOT
from .htmltree import Node, parse

FOLD_RANGE = re.compile(r"\((\d+)–(\d+)\)")


@pytest.fixture(scope="module")
def project_and_stacks() -> tuple[Project, dict[str, ResolvedStack]]:
    result = load_project(REPO_ROOT / "stacks")
    assert result.project is not None
    return result.project, result.stacks


def _parents(node: Node) -> list[Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def _after_heading(page: Node, anchor: str) -> list[Node]:
    """The elements after `<h3 id=anchor>` up to the next heading."""
    heading = page.find("h3", pred=lambda n: n.get("id") == anchor)
    assert heading is not None and heading.parent is not None, anchor
    siblings = heading.parent.elements()
    out = []
    for node in siblings[siblings.index(heading) + 1 :]:
        if node.tag in ("h1", "h2", "h3"):
            break
        out.append(node)
    return out


def test_each_visit_is_one_block_prose_then_code(
    built_site: Path, project_and_stacks: tuple[Project, dict[str, ResolvedStack]]
) -> None:
    project, stacks = project_and_stacks
    two = 0
    for stack in project.stacks:
        page = parse((built_site / "stacks" / stack.id / "index.html").read_text("utf-8"))
        for visit in visits(stacks[stack.id]):
            where = f"{stack.id} #{visit.anchor}"
            blocks = _after_heading(page, visit.anchor)
            if visit.frame is None:  # a sub-flow: its box alone
                assert len(blocks) == 1 and "st-step" in blocks[0].classes, where
                continue
            assert len(blocks) == 1 and "st-visit" in blocks[0].classes, where
            body = blocks[0].find("div", "st-visit-body")
            assert body is not None, where
            columns = body.find_all("div", "st-visit-col")
            if "st-visit-two" not in body.classes:
                assert columns == [], where
                continue
            # Prose left (how the story got here, the explanation), code right.
            prose, code = columns
            assert "st-visit-prose" in prose.classes and "st-visit-code" in code.classes, where
            if visit.step is not None:
                assert "st-step" in prose.elements()[0].classes, where
            assert not prose.find_all("div", "st-code") or all(
                "st-callsite" in n.classes for n in prose.find_all("div", "st-code")
            ), where
            assert code.find("div", "st-code") or code.find("div", "st-nocode"), where
            assert not code.find_all("div", "st-frame-text"), where
            two += 1
    assert two >= 30


def test_every_excerpt_line_is_on_the_page_numbered_as_in_its_file(
    built_site: Path, project_and_stacks: tuple[Project, dict[str, ResolvedStack]]
) -> None:
    project, stacks = project_and_stacks
    lines = folded = 0
    for stack in project.stacks:
        page = parse((built_site / "stacks" / stack.id / "index.html").read_text("utf-8"))
        ids = {n.get("id"): n for n in page.iter() if n.get("id")}
        for visit in visits(stacks[stack.id]):
            if visit.frame is None:
                continue
            for segment in visit.frame.excerpt:
                if not segment.numbered:
                    continue
                for offset, text in enumerate(segment.lines):
                    number = segment.start + offset
                    where = f"{stack.id} #{visit.anchor} line {number}"
                    line = ids.get(visit.line_anchor(number))
                    assert line is not None, where
                    assert "st-line" in line.classes, where
                    # Its gutter gives its number in the file, linked to the line itself.
                    lineno = line.find("a", "st-lineno")
                    assert lineno is not None and lineno.text() == str(number), where
                    assert lineno.get("href") == f"#{visit.line_anchor(number)}", where
                    # Its text is the file's, whole.
                    code = line.text(lambda n: "st-gutter" in n.classes)
                    assert code == text + "\n", where
                    # Folded: in a fold whose row names the range it opens to.
                    folds = [p for p in _parents(line) if p.tag == "details"]
                    if folds:
                        assert "st-fold" in folds[0].classes, where
                        summary = folds[0].find("summary")
                        assert summary is not None, where
                        match = FOLD_RANGE.search(summary.text())
                        assert match is not None, where
                        assert int(match[1]) <= number <= int(match[2]), where
                        folded += 1
                    lines += 1
    assert lines >= 500 and folded >= 100
