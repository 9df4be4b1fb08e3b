"""This repository's site, built for real with `mkdocs build --strict`, checked as a reader
would meet it: every link resolves, every layer has its page, line numbers are real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from stacktour.loader import load_project

from .conftest import REPO_ROOT
from .sitetools import broken_links, build_site, copy_site_sources


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's site, built once from a copy of its sources."""
    root = copy_site_sources(tmp_path_factory.mktemp("repo"))
    site = root / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr
    return site


def test_strict_build_has_no_warnings(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()


def test_every_link_and_anchor_resolves(built_site: Path) -> None:
    assert broken_links(built_site) == []


def test_every_layer_and_stack_has_a_page(built_site: Path) -> None:
    project = load_project(REPO_ROOT / "stacks").project
    assert project is not None
    for layer in project.layers:
        page = built_site / "layers" / layer.id / "index.html"
        assert page.is_file(), layer.id
        html = page.read_text("utf-8")
        for frame in layer.frames:
            assert f'id="frame-{frame.name}"' in html, frame.id
    for stack in project.stacks:
        assert (built_site / "stacks" / stack.id / "index.html").is_file()


def _code_blocks(html: str) -> list[list[int]]:
    """The line numbers shown in each highlighted block, in page order (numbers inline
    in the lines: linenums_style pymdownx-inline)."""
    blocks = []
    for code in re.findall(r'<div class="[^"]*highlight">.*?</code>', html, re.S):
        numbers = [int(n) for n in re.findall(r'data-linenos="\s*(\d+)\s*"', code)]
        if numbers:
            blocks.append(numbers)
    return blocks


def test_excerpt_line_numbers_are_the_files(built_site: Path) -> None:
    project = load_project(REPO_ROOT / "stacks").project
    assert project is not None
    checked = 0
    for layer in project.layers:
        html = (built_site / "layers" / layer.id / "index.html").read_text("utf-8")
        expected = [
            list(range(segment.start, segment.end + 1))
            for frame in layer.frames
            for segment in frame.excerpt
            if segment.numbered
        ]
        assert _code_blocks(html) == expected, layer.id
        checked += len(expected)
    assert checked >= 10


def test_step_excerpts_highlight_the_call_line(built_site: Path) -> None:
    html = (built_site / "stacks" / "worker-schedule" / "index.html").read_text("utf-8")
    # Step headings are anchors, and each step's excerpt marks its call line.
    assert 'id="step-1"' in html
    assert html.count('class="hll"') >= 5


def test_search_index_has_steps_and_frames(built_site: Path) -> None:
    index = (built_site / "search" / "search_index.json").read_text("utf-8")
    assert "stacks/worker-schedule/#step-1" in index
    assert "layers/grpc-worker/#frame-process-message" in index


def test_edit_link_points_at_the_yaml(built_site: Path) -> None:
    html = (built_site / "layers" / "grpc-worker" / "index.html").read_text("utf-8")
    assert "edit/main/stacks/layers/grpc-worker.yaml" in html


def test_explicit_nav_gets_stacks_and_layers_sections(built_site: Path) -> None:
    html = (built_site / "index.html").read_text("utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    assert "Worker side: from the gRPC stream to StartInstance" in nav
    assert 'href="layers/grpc-worker/"' in nav


def test_call_lines_are_linkable(built_site: Path) -> None:
    # "line 101" in step 1 and in the layer's call list link to that line of the excerpt.
    stack = (built_site / "stacks" / "worker-schedule" / "index.html").read_text("utf-8")
    assert 'href="#__codelineno-0-101">line 101</a>' in stack
    layer = (built_site / "layers" / "worker-client" / "index.html").read_text("utf-8")
    assert re.search(r'href="#__codelineno-\d+-101">line 101</a>', layer)


def test_no_page_repeats_an_id(built_site: Path) -> None:
    # Several diagrams on one page (the embed guide, the stacks index) never collide.
    repeated = {}
    for page in built_site.rglob("*.html"):
        ids = re.findall(r'\sid="([^"]+)"', page.read_text("utf-8"))
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            repeated[str(page.relative_to(built_site))] = twice[:5]
    assert repeated == {}
