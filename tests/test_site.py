"""This repository's site, built for real with `mkdocs build --strict`, checked as a reader
would meet it: every link resolves, every layer has its page, line numbers are real."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from stacktour.loader import load_project

from .conftest import REPO_ROOT, write_project
from .sitetools import PLACEHOLDER_HOST, broken_links, build_site, external_links


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
    # Step headings are anchors, and call lines are lit in the frames that make them.
    assert 'id="step-1"' in html
    assert html.count('class="st-line hll"') >= 5


def test_search_index_has_steps_and_frames(built_site: Path) -> None:
    index = (built_site / "search" / "search_index.json").read_text("utf-8")
    assert "stacks/worker-schedule/#step-1" in index
    assert "layers/grpc-worker/#frame-process-message" in index


def test_no_link_leads_to_a_placeholder_host(built_site: Path) -> None:
    # This site has no public address or repository: it links to neither, rather than
    # to a stand-in host (the edit and repository links, canonical URLs, the sitemap).
    links = external_links(built_site)
    assert links, "the site links to upstream sources"
    dead = [
        (page, url) for page, url in links if PLACEHOLDER_HOST.search(urlsplit(url).hostname or "")
    ]
    assert dead == []
    html = (built_site / "layers" / "grpc-worker" / "index.html").read_text("utf-8")
    assert "md-content__button" not in html and 'class="md-source"' not in html


def test_placeholder_hosts_are_recognised() -> None:
    for host in ("example.org", "git.example.org", "docs.example.com", "x.test", "a.invalid"):
        assert PLACEHOLDER_HOST.search(host), host
    for host in ("github.com", "examples.org", "example.org.uk", "testing.dev"):
        assert not PLACEHOLDER_HOST.search(host), host


def test_edit_link_points_at_the_yaml(tmp_path: Path) -> None:
    # With a repository configured, "edit this page" opens a generated page's YAML.
    write_project(tmp_path / "stacks")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: material, features: [content.action.edit]}\n"
        "repo_url: https://git.test/t/t\nedit_uri: edit/main/docs/\nplugins: [stacktour]\n"
    )
    result = build_site(tmp_path, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "layers" / "client" / "index.html").read_text("utf-8")
    assert 'href="https://git.test/t/t/edit/main/stacks/layers/client.yaml"' in html


def test_explicit_nav_gets_stacks_and_layers_sections(built_site: Path) -> None:
    html = (built_site / "index.html").read_text("utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary') :]
    assert "Worker side: from the gRPC stream to StartInstance" in nav
    assert 'href="layers/grpc-worker/"' in nav


def test_call_lines_are_linkable(built_site: Path) -> None:
    # "line 101" in step 1 links to that line of the entry frame's code, and in the
    # layer's call list to that line of the excerpt.
    stack = (built_site / "stacks" / "worker-schedule" / "index.html").read_text("utf-8")
    assert 'href="#L101-entry">line 101</a>' in stack
    assert 'id="L101-entry"' in stack
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
