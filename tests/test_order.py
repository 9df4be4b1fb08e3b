"""Menus and indexes follow the author's order: stacks as system.yaml's `stack_order` or the
home page lists them, layers by process in call order; a generated page the author lists
in `nav:` is not added twice."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from stacktour.loader import load_project
from stacktour.pages.order import home_links, layer_sections, menu, stack_order

from .conftest import REPO_ROOT, SYSTEM, write_project
from .htmltree import Node, parse
from .sitetools import build_site


def _project(tmp_path: Path, **files: str | None):  # type: ignore[no-untyped-def]
    result = load_project(write_project(tmp_path / "stacks", **files))
    assert result.project is not None, result.diagnostics
    return result


SECOND = "id: again\ntitle: Again\nentry: server.handle\n"
THIRD = "id: b-third\ntitle: Third\nentry: client.run\n"


def test_home_links_in_reading_order() -> None:
    text = "See [b](stacks/b.md), then [a](./stacks/a/#step-2), [b again](stacks/b.md), x-stacks/c."
    assert home_links(text) == ("b", "a")


def test_stack_order_knob_then_home_page_then_ids(tmp_path: Path) -> None:
    result = _project(tmp_path, again_yaml=SECOND, b_third_yaml=THIRD)
    project = result.project
    assert [s.id for s in stack_order(project)] == ["again", "b-third", "flow"]
    assert [s.id for s in stack_order(project, ("flow",))] == ["flow", "again", "b-third"]
    ordered = SYSTEM + "stack_order: [b-third]\n"
    result = _project(tmp_path / "two", system_yaml=ordered, again_yaml=SECOND, b_third_yaml=THIRD)
    assert result.project.stack_order == ("b-third",)
    assert [s.id for s in stack_order(result.project, ("flow",))] == ["b-third", "flow", "again"]


def test_unknown_stack_in_stack_order_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "stacks", system_yaml=SYSTEM + "stack_order:\n  - flow\n  - flwo\n"
    )
    result = load_project(root)
    assert result.project is None
    [problem] = [d for d in result.diagnostics if d.code == "ST202"]
    assert problem.file.endswith("system.yaml") and problem.line == SYSTEM.count("\n") + 3
    assert "unknown stack 'flwo'" in problem.message and "flow" in problem.hint


def test_layers_by_process_in_call_order() -> None:
    result = load_project(REPO_ROOT / "stacks")
    assert result.project is not None
    project = result.project
    home = home_links((REPO_ROOT / "docs" / "index.md").read_text("utf-8"))
    reading = [result.stacks[s.id] for s in stack_order(project, home)]
    assert reading[0].stack.id == "start-orchestration"
    sections = layer_sections(project, reading)
    groups = [g.id for g, _ in sections]
    # The worker comes first: the first stack starts there, and reaches the host later.
    assert groups.index("worker-process") < groups.index("host-process")
    assert groups.index("worker-generated") == groups.index("worker-process") + 1
    worker = [x.id for x in dict(sections)[project.group("worker-process")]]
    assert worker[:3] == ["worker-client", "grpc-worker", "invocation-handler"]
    assert sorted(x.id for _, layers in sections for x in layers) == sorted(
        x.id for x in project.layers
    )


def test_menu_leaves_out_pages_the_author_lists(tmp_path: Path) -> None:
    result = _project(tmp_path, again_yaml=SECOND)
    listed = frozenset({"stacks/again.md", "layers/server.md"})
    nav = menu(result.project, result.stacks, listed=listed)
    flat = str(nav)
    assert "stacks/again.md" not in flat and "layers/server.md" not in flat
    assert "stacks/flow.md" in flat and "layers/client.md" in flat


def _nav_links(page: Node) -> list[str]:
    nav = page.find("nav", "md-nav--primary")
    assert nav is not None
    return [a.get("href") for a in nav.find_all("a", "md-nav__link")]


def test_built_site_nav_and_indexes_follow_the_reading_order(built_site: Path) -> None:
    home = (REPO_ROOT / "docs" / "index.md").read_text("utf-8")
    known = {p.name for p in (built_site / "stacks").iterdir() if p.is_dir()}
    wanted = [s for s in home_links(home) if s in known]
    assert len(wanted) == 7
    page = parse((built_site / "index.html").read_text("utf-8"))
    stacks = [m.group(1) for h in _nav_links(page) if (m := re.fullmatch(r"stacks/([\w-]+)/", h))]
    assert stacks == wanted
    index = (built_site / "stacks" / "index.html").read_text("utf-8")
    cards = re.findall(r'class="st-card"><h3><a href="\.\./stacks/([\w-]+)/"', index)
    assert cards == wanted
    layers = (built_site / "layers" / "index.html").read_text("utf-8")
    assert layers.index("Worker process") < layers.index("Functions host process")


def test_a_page_listed_in_nav_is_not_added_twice(tmp_path: Path) -> None:
    write_project(tmp_path / "stacks", again_yaml=SECOND)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        "# Home\n\n[Again](stacks/again.md), [A flow](stacks/flow.md)\n"
    )
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(
            """\
            site_name: t
            theme: {name: material}
            nav:
              - Home: index.md
              - Start here: stacks/flow.md
            plugins:
              - stacktour
            """
        )
    )
    result = build_site(tmp_path, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    links = _nav_links(parse((tmp_path / "site" / "index.html").read_text("utf-8")))
    assert links.count("stacks/flow/") == 1
    # The rest keep the home page's order: again, then (flow is listed by the author).
    assert [h for h in links if h.startswith("stacks/")] == [
        "stacks/flow/",
        "stacks/",
        "stacks/again/",
    ]
