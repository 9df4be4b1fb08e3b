"""This repository's site as a site of two systems, built for real (the `built_site` fixture).

The stacks folder's own system (Azure Functions) keeps its addresses; the system in
`stacks/mkdocs-build/` has its pages under `/mkdocs-build/`. Each has an overview with
its own map, its own menu section, and neither's map links to the other's layers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

from stacktour.loader import load_project

from .sitetools import REPO_ROOT, read_page

SECOND = REPO_ROOT / "stacks" / "mkdocs-build"


def _map_targets(site: Path, page: str) -> set[str]:
    """The site paths the links of a page's map section point to (from `## Map` on)."""
    html = (site / page).read_text("utf-8")
    start = html.index('id="map"')
    end = html.index("</article>", start)
    hrefs = re.findall(r'href="([^"#]+)"', html[start:end])
    base = "https://site.invalid/" + page.removesuffix("index.html")
    return {urljoin(base, h).removeprefix("https://site.invalid/") for h in hrefs}


def _layer_ids(system: Path) -> set[str]:
    result = load_project(system, name=None if system.name == "stacks" else system.name)
    assert result.project is not None, result.diagnostics
    return {layer.id for layer in result.project.layers}


def test_each_system_has_an_overview_whose_map_shows_only_its_layers(built_site: Path) -> None:
    azure = {
        p.rstrip("/").rsplit("/", 1)[-1]
        for p in _map_targets(built_site, "stacks/index.html")
        if p.startswith("layers/") and p != "layers/"
    }
    mkdocs = {
        p.rstrip("/").rsplit("/", 1)[-1]
        for p in _map_targets(built_site, "mkdocs-build/index.html")
        if p.startswith("mkdocs-build/layers/") and p != "mkdocs-build/layers/"
    }
    assert azure == _layer_ids(REPO_ROOT / "stacks")
    assert mkdocs == _layer_ids(SECOND)
    # Neither map leads into the other system: every layer link stays in its own folder.
    assert not any(
        p.startswith("mkdocs-build/") for p in _map_targets(built_site, "stacks/index.html")
    )
    assert all(
        p.startswith("mkdocs-build/") or p.startswith("http")
        for p in _map_targets(built_site, "mkdocs-build/index.html")
        if p.endswith("/") and "layers" in p
    )


def test_the_menu_has_a_section_per_system_and_the_home_page_lists_them(built_site: Path) -> None:
    html = (built_site / "mkdocs-build/stacks/load-the-stacks/index.html").read_text("utf-8")
    nav = html[html.index('class="md-nav md-nav--primary') :]
    first = nav.index("Azure Functions: starting an orchestration")
    second = nav.index("How mkdocs build reaches stacktour")
    assert first < second
    # The second system's section holds its own pages, overview first.
    section = nav[second:]
    assert section.index('href="../../"') < section.index("load-the-stacks")
    home = read_page(built_site / "index.html")
    assert {"stacks/", "mkdocs-build/"} <= set(home.links)


def test_the_second_system_is_recorded_code_with_real_lines(built_site: Path) -> None:
    result = load_project(SECOND, name="mkdocs-build")
    assert result.ok and not result.diagnostics
    project = result.project
    assert project is not None
    assert {r.id: r.url for r in project.repos} == {
        "stacktour": "",  # no public address: no upstream links
        "mkdocs": "https://github.com/mkdocs/mkdocs",
    }
    for layer in project.layers:
        for frame in layer.frames:
            assert frame.symbol and frame.lines and frame.excerpt, frame.id
            first, last = frame.lines
            for call in frame.calls:
                assert call.at is not None and first <= call.at <= last, frame.id
    # Each of its pages is built, and search indexes them.
    for layer in project.layers:
        assert (built_site / f"mkdocs-build/layers/{layer.id}/index.html").is_file()
    index = json.loads((built_site / "search/search_index.json").read_text("utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert "mkdocs-build/layers/loader/" in locations
    assert "layers/grpc-worker/" in locations
