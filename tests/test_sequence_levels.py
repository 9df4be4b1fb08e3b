"""Levels of detail: which levels a stack offers, what each draws, and that a step number
means the same step at every level (the page's HTML contract included)."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from stacktour.links import LinkScheme
from stacktour.loader import LoadResult, load_project
from stacktour.sequence import diagram_geometry, render_levels
from stacktour.sequence.check import overlaps
from stacktour.sequence.levels import LEVELS, default_level, level, stack_levels
from stacktour.sequence.view import Fragment, Message, Ref
from stacktour.site import Site

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def site() -> LoadResult:
    result = load_project(ROOT / "stacks")
    assert result.ok and result.project is not None
    return result


def _levels(site: LoadResult, stack_id: str) -> dict[str, object]:
    assert site.project is not None
    offered = stack_levels(site.stacks[stack_id], site.project, LinkScheme(), site.stacks)
    return {lv.id: d for lv, d in offered}


def test_the_end_to_end_stack_opens_at_its_hops_between_processes(site: LoadResult) -> None:
    levels = _levels(site, "start-orchestration")
    assert list(levels) == ["processes", "core", "full"]
    d = levels["processes"]
    titles = [p.title for p in d.participants]  # type: ignore[attr-defined]
    assert titles == ["Worker process (dotnet-isolated)", "Functions host process"]
    events = d.events  # type: ignore[attr-defined]
    assert [type(e).__name__ for e in events] == ["Ref", "Message", "Ref"]
    hop = events[1]
    assert (hop.number, hop.kind, hop.source, hop.target) == (2, "network", 0, 1)
    resolved = site.stacks["start-orchestration"]
    assert default_level(resolved, list(levels)) == "processes"


def test_expanded_sub_flows_number_their_steps_under_the_outer_step(site: LoadResult) -> None:
    full = _levels(site, "start-orchestration")["full"]
    arrows = [e for e in full.events if isinstance(e, Message)]  # type: ignore[attr-defined]
    shown = [a.shown or str(a.number) for a in arrows]
    inner = site.stacks["worker-schedule"]
    # Every step of the worker side is drawn, as 1.N (its sub-flow 16 as 1.16.N).
    assert shown[0] == "1.1" and "1.16.1" in shown and "1.20" in shown and "2" in shown
    assert shown[-1] == "3.7"
    assert {a.number for a in arrows} == {1, 2, 3}
    first = arrows[0]
    assert first.href == "stacks/worker-schedule/#step-1"
    assert len([s for s in shown if s.startswith("1.") and s.count(".") == 1]) == len(
        [s for s in inner.steps if s.ref is None]
    )
    boxes = [f for f in full.fragments if f.kind == "sub-flow"]  # type: ignore[attr-defined]
    assert [(b.shown, b.href) for b in boxes] == [
        ("1", "stacks/worker-schedule/"),
        ("1.16", "stacks/bind-durable-client/"),
        ("3", "stacks/host-start-instance/"),
    ]
    # Loops and branches stay inside the sub-flow their call is in, so boxes nest.
    for frag in full.fragments:  # type: ignore[attr-defined]
        for other in full.fragments:  # type: ignore[attr-defined]
            assert _nested_or_apart(frag, other), (frag, other)


def _nested_or_apart(a: Fragment, b: Fragment) -> bool:
    inside = a.first >= b.first and a.last <= b.last
    outside = a.first <= b.first and a.last >= b.last
    return inside or outside or a.last < b.first or b.last < a.first


def test_core_level_folds_middleware_and_generated_code(site: LoadResult) -> None:
    assert site.project is not None
    core = _levels(site, "worker-schedule")["core"]
    kinds = {site.project.layer(p.key).kind for p in core.participants}  # type: ignore[attr-defined]
    assert kinds.isdisjoint(level("core").fold)
    # The call from the application into the user's function folds the pipeline steps.
    into_user = next(
        e
        for e in core.events  # type: ignore[attr-defined]
        if isinstance(e, Message) and e.label.startswith("HttpStart")
    )
    assert into_user.number == 17


def test_levels_that_draw_nothing_new_are_left_out(site: LoadResult) -> None:
    # One process, no middleware or generated code: only full detail is worth a switch.
    assert list(_levels(site, "host-start-instance")) == ["full"]
    assert list(_levels(site, "worker-schedule")) == ["core", "full"]


@pytest.mark.parametrize("level_id", [lv.id for lv in LEVELS])
def test_every_step_is_marked_at_every_level_and_nothing_overlaps(
    site: LoadResult, level_id: str
) -> None:
    assert site.project is not None
    for stack_id, resolved in sorted(site.stacks.items()):
        options = level(level_id).options()
        try:
            geometry = diagram_geometry(
                resolved,
                site.project,
                links=LinkScheme(),
                options=options,
                subflows=site.stacks,
                standalone=False,
            )
        except ValueError:
            continue  # e.g. folding hides every participant of a small stack
        assert [str(o) for o in overlaps(geometry)] == [], (stack_id, level_id)
        marked: set[int] = set()
        for item in geometry.items:
            data = dict(item.data)
            if "step" in data:
                marked.add(int(data["step"]))
            marked.update(int(n) for n in data.get("steps", "").split())
        numbers = {step.number for step in resolved.steps}
        assert numbers <= marked, (stack_id, level_id, sorted(numbers - marked))


def test_render_levels_gives_unique_ids_on_one_page(site: LoadResult) -> None:
    assert site.project is not None
    default, levels = render_levels(
        site.stacks["start-orchestration"], site.project, LinkScheme(), subflows=site.stacks
    )
    assert default == "processes"
    ids: list[str] = []
    for level_id, _label, svg in levels:
        root = ET.fromstring(svg)
        assert root.get("id") == f"st-start-orchestration-{level_id}"
        ids += [e.get("id") or "" for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_the_author_picks_the_default_level(site: LoadResult) -> None:
    resolved = site.stacks["worker-schedule"]
    assert default_level(resolved, ["core", "full"]) == "full"
    chosen = replace(resolved, stack=replace(resolved.stack, level="core"))
    assert default_level(chosen, ["core", "full"]) == "core"
    # A level the stack cannot draw falls back to the next finer one.
    coarse = replace(resolved, stack=replace(resolved.stack, level="processes"))
    assert default_level(coarse, ["core", "full"]) == "core"


def test_level_field_is_loaded_and_checked(tmp_path: Path) -> None:
    from .conftest import write_project

    root = write_project(tmp_path / "stacks")
    flow = root / "flow.yaml"
    flow.write_text(flow.read_text("utf-8") + "level: core\n", "utf-8")
    result = load_project(root)
    assert result.ok, [str(d) for d in result.diagnostics]
    assert next(iter(result.stacks.values())).stack.level == "core"
    flow.write_text(flow.read_text("utf-8").replace("level: core", "level: everything"), "utf-8")
    bad = load_project(root)
    assert not bad.ok
    line = len(flow.read_text("utf-8").splitlines())
    assert any(d.line == line and "level" in d.message for d in bad.diagnostics)


class _Levels(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.wrappers: list[dict[str, str | None]] = []
        self.diagrams: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if "st-levels" in classes:
            self.wrappers.append(a)
        if "st-diagram" in classes and "st-sequence" in classes:
            self.diagrams.append(a)


def test_stack_page_html_contract(site: LoadResult) -> None:
    pages = Site(ROOT / "stacks")
    assert pages.load().ok
    html = pages.levels_html(site.stacks["start-orchestration"], LinkScheme())
    parsed = _Levels()
    parsed.feed(html)
    assert parsed.wrappers == [{"class": "st-levels", "data-default": "processes"}]
    got = [
        (d["data-level"], d["data-level-label"], "hidden" in d, d["data-stack"])
        for d in parsed.diagrams
    ]
    assert got == [
        ("processes", "Processes", False, "start-orchestration"),
        ("core", "Without middleware and generated code", True, "start-orchestration"),
        ("full", "Full detail", True, "start-orchestration"),
    ]
    assert len(re.findall(r"<svg ", html)) == 3


def test_cli_renders_a_level(tmp_path: Path) -> None:
    target = tmp_path / "hops.svg"
    result = subprocess.run(
        [sys.executable, "-m", "stacktour.cli", "render", "start-orchestration"]
        + ["--level", "processes", "-o", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    root = ET.parse(target).getroot()
    parts = [g for g in root.iter(f"{SVG}g") if "st-part" in (g.get("class") or "").split()]
    assert [g.get("data-group") for g in parts] == ["worker-process", "host-process"]
    heading = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "st-heading")
    assert "processes" in "".join(heading.itertext())
    bad = subprocess.run(
        [sys.executable, "-m", "stacktour.cli", "render", "start-orchestration"]
        + ["--level", "nope", "-o", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_events_are_messages_refs_or_fragments(site: LoadResult) -> None:
    # The process level keeps sub-flows as boxes: nothing is drawn twice.
    d = _levels(site, "start-orchestration")["processes"]
    refs = [e for e in d.events if isinstance(e, Ref)]  # type: ignore[attr-defined]
    assert [r.number for r in refs] == [1, 3]
    assert not d.fragments  # type: ignore[attr-defined]
