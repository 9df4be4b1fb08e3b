"""The rendered SVG: well-formed, linked, escaped, deterministic, legible; and exports."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from stacktour import export
from stacktour.links import LinkScheme
from stacktour.loader import load_project
from stacktour.model import Project
from stacktour.resolve import ResolvedStack, resolve_all
from stacktour.sequence import (
    Geometry,
    ViewOptions,
    diagram_geometry,
    render_sequence_svg,
    site_css,
    text_alternative,
)
from stacktour.sequence.check import overlaps
from stacktour.sequence.geometry import Item, Line, Polygon, Rect, Text, translate
from stacktour.sequence.layout import NOTE_LINES, NOTE_MAX
from stacktour.sequence.style import KINDS, TEXT_ON, THEMES, contrast

from tools.synthetic import sample_project

ROOT = Path(__file__).resolve().parent.parent
NS = {"s": "http://www.w3.org/2000/svg"}
CJK = {
    "grpc-worker": "gRPC 工作进程",
    "middleware": "输出绑定中间件",
    "user": "用户函数",
    "grpc-worker.process": "处理消息",
    "client.schedule": "调度新的编排实例",
    "label.next": "下一个(上下文)",
    "loop": "当 (await 读取下一条消息())",
    "ret.schedule": "实例编号",
    "g.worker": "工作进程",
    "g.host": "主机进程",
    "stack": "启动编排",
}


def _real(
    folder: Path = ROOT / "stacks", name: str | None = None
) -> tuple[Project, dict[str, ResolvedStack]]:
    result = load_project(folder, name=name)
    assert result.project is not None, [d.format() for d in result.diagnostics]
    return result.project, result.stacks


REAL = _real()
# This site's second system (stacks/mkdocs-build/), recorded from a real mkdocs build.
SECOND = _real(ROOT / "stacks" / "mkdocs-build", "mkdocs-build")


def _projects() -> Iterator[tuple[str, Project, ResolvedStack]]:
    for tag, (project, stacks) in (("real", REAL), ("mkdocs-build", SECOND)):
        for sid, resolved in sorted(stacks.items()):
            yield f"{tag}:{sid}", project, resolved
    for name, texts in (("sample", None), ("cjk", CJK)):
        sample = sample_project(texts)
        sample_stacks, _ = resolve_all(sample)
        for sid, rs in sorted(sample_stacks.items()):
            yield f"{name}:{sid}", sample, rs


CASES = list(_projects())
IDS = [c[0] for c in CASES]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize(("name", "project", "resolved"), CASES, ids=IDS)
def test_no_label_overlaps_anything(name: str, project: Project, resolved: ResolvedStack) -> None:
    for returns in (False, True):
        for standalone in (False, True):
            for notes in (False, True):
                geometry = diagram_geometry(
                    resolved,
                    project,
                    links=LinkScheme(),
                    show_returns=returns,
                    show_notes=notes,
                    standalone=standalone,
                )
                assert [str(o) for o in overlaps(geometry)] == [], (returns, standalone, notes)


@pytest.mark.parametrize(("name", "project", "resolved"), CASES, ids=IDS)
def test_svg_is_well_formed_and_links_everything(
    name: str, project: Project, resolved: ResolvedStack
) -> None:
    svg = render_sequence_svg(
        resolved, project, links=LinkScheme(base="../"), show_returns=True, show_notes=True
    )
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.find("s:title", NS) is not None and root.find("s:desc", NS) is not None
    hrefs = [
        a.get("{http://www.w3.org/1999/xlink}href")
        for a in root.iter("{http://www.w3.org/2000/svg}a")
    ]
    for layer in resolved.layers:
        assert f"../layers/{layer.id}/" in hrefs
    for step in resolved.steps:
        assert f"../stacks/{resolved.stack.id}/#step-{step.number}" in hrefs
        assert root.find(f".//s:g[@data-step='{step.number}']", NS) is not None
    ids = [e.get("id") or "" for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(root.get("id", "?")) for i in ids)
    # Every drawn element carries a tooltip.
    for g in root.findall("s:g", NS):
        assert (
            g.find(".//s:title", NS) is not None
            or "st-lifeline" in g.get("class", "")
            or ("st-legend" in g.get("class", ""))
        ), g.get("id")


def test_no_links_means_no_anchors() -> None:
    project, stacks = REAL
    for resolved in stacks.values():
        for links in (None, LinkScheme(enabled=False)):
            svg = render_sequence_svg(resolved, project, links=links)
            assert "<a " not in svg and "href" not in svg


def test_base_url_gives_absolute_links() -> None:
    project, stacks = REAL
    resolved = stacks["start-orchestration"]
    svg = render_sequence_svg(resolved, project, links=LinkScheme(base="https://example.org/docs/"))
    assert 'href="https://example.org/docs/stacks/start-orchestration/#step-2"' in svg


def test_same_input_gives_the_same_bytes() -> None:
    project, stacks = REAL
    for resolved in stacks.values():
        a = render_sequence_svg(resolved, project, links=LinkScheme(), show_returns=True)
        b = render_sequence_svg(resolved, project, links=LinkScheme(), show_returns=True)
        assert a == b


def test_views_get_distinct_ids_on_one_page() -> None:
    project, stacks = REAL
    resolved = stacks["worker-schedule"]
    full = _parse(render_sequence_svg(resolved, project, standalone=False))
    part = _parse(render_sequence_svg(resolved, project, standalone=False, steps="3-9"))
    ids_full = {e.get("id") for e in full.iter() if e.get("id")}
    ids_part = {e.get("id") for e in part.iter() if e.get("id")}
    assert not ids_full & ids_part


def test_slice_and_hide_views_render_cleanly() -> None:
    project, stacks = REAL
    resolved = stacks["worker-schedule"]
    groups = {layer.group for layer in resolved.layers}
    groups.discard(project.layer(resolved.entry.layer).group)
    middleware = [layer.id for layer in resolved.layers if layer.kind == "middleware"]
    views: list[tuple[str | None, list[str]]] = [
        ("3-9", []),
        ("1-1", []),
        (None, middleware),
        ("4-12", middleware),
        *((None, [g]) for g in sorted(groups)),
    ]
    for steps, hide in views:
        for returns, notes in ((False, False), (True, False), (False, True), (True, True)):
            geometry = diagram_geometry(
                resolved,
                project,
                links=LinkScheme(),
                steps=steps,
                hide=hide,
                show_returns=returns,
                show_notes=notes,
            )
            assert [str(o) for o in overlaps(geometry)] == [], (steps, hide, returns, notes)
    with pytest.raises(ValueError, match="every participant"):
        diagram_geometry(resolved, project, hide=[layer.id for layer in resolved.layers])
    sliced = render_sequence_svg(resolved, project, links=LinkScheme(), steps="3-9")
    numbers = sorted(int(n) for n in re.findall(r'data-step="(\d+)"', sliced))
    assert set(numbers) == set(range(3, 10))


def test_text_from_yaml_is_escaped() -> None:
    evil = '<script>alert(1)</script> & "quoted" \u202e'
    texts = {
        k: evil for k in ("grpc-worker", "client.schedule", "label.next", "loop", "stack", "g.host")
    }
    project = sample_project(texts)
    resolved, _ = resolve_all(project)
    for standalone in (True, False):
        svg = render_sequence_svg(
            resolved["sample"], project, links=LinkScheme(), standalone=standalone
        )
        assert "<script" not in svg and "\u202e" not in svg
        assert "&lt;script&gt;" in svg and "&amp;" in svg
        _parse(svg)
    html = text_alternative(resolved["sample"], project, links=LinkScheme())
    assert "<script" not in html and "&lt;script&gt;" in html


def test_unsafe_urls_are_never_emitted() -> None:
    # A link scheme with such a base cannot even be made (links.base_url refuses it).
    with pytest.raises(ValueError, match="not an http"):
        LinkScheme(base="javascript:")


def test_text_alternative_lists_the_steps_in_order() -> None:
    project, stacks = REAL
    resolved = stacks["worker-schedule"]
    html = text_alternative(resolved, project, links=LinkScheme())
    values = [int(v) for v in re.findall(r'<li value="(\d+)"', html)]
    assert values == [s.number for s in resolved.steps]
    assert (
        html.startswith('<ol class="st-seq-steps"')
        and 'href="stacks/worker-schedule/#step-1"' in html
    )
    assert "<a " not in text_alternative(resolved, project)


def test_wide_stacks_are_drawn_at_full_size() -> None:
    project, stacks = REAL
    widest = max(stacks.values(), key=lambda r: len(r.layers))
    assert len(widest.layers) >= 14
    root = _parse(render_sequence_svg(widest, project, standalone=False))
    width = float(root.get("width", "0"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert width >= 120 * len(widest.layers)  # legible size; the page scrolls


def test_site_css_is_up_to_date_and_styles_every_class() -> None:
    committed = (ROOT / "plugins" / "stacktour" / "assets" / "sequence.css").read_text("utf-8")
    assert committed == site_css(), "run tools/gen_sequence_css.py"
    project = sample_project()
    resolved, _ = resolve_all(project)
    svg = render_sequence_svg(resolved["sample"], project, show_returns=True, standalone=False)
    used = set(re.findall(r'class="([^"]+)"', svg))
    classes = {c for group in used for c in group.split()}
    unstyled = {c for c in classes if f".{c}" not in committed}
    # Wrapper classes only group shapes; the shapes inside are styled.
    assert unstyled <= {
        "st-part",
        "st-lifeline",
        "st-act",
        "st-msg",
        "st-ret",
        "st-group",
        "st-frag",
        "st-ref",
        "st-ref-num",
        "st-legend",
        "st-legend-kind",
        "st-frag-loop",
        "st-frag-branch",
        "st-heading",
        "st-heading-text",
        "st-label",
        "st-part-title",
        "st-frag-kind",
        "st-frag-text",
        "st-ref-title",
        "st-legend-title",
        "st-legend-text",
    } | {c for c in classes if c.startswith("st-group-")}, unstyled


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_text_contrast_reaches_wcag_aa(theme: str) -> None:
    palette = THEMES[theme]
    for cls, (fg, bg) in TEXT_ON.items():
        assert contrast(palette[fg], palette[bg]) >= 4.5, (theme, cls)
    for kind in KINDS:
        assert contrast(palette[kind], palette["bg"]) >= 3.0, (theme, kind)
        assert contrast(palette[kind], palette["group"]) >= 3.0, (theme, kind)
    # A note's border stands out from what it sits on, and from its own fill.
    for fill in ("bg", "group", "note"):
        assert contrast(palette["note-stroke"], palette[fill]) >= 3.0, (theme, fill)


def test_exports_are_png_and_pdf(tmp_path: Path) -> None:
    project, stacks = REAL
    svg = render_sequence_svg(stacks["start-orchestration"], project, theme="dark")
    assert export.write(svg, tmp_path / "a.png").read_bytes().startswith(b"\x89PNG")
    assert export.write(svg, tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert export.write(svg, tmp_path / "a.svg").read_text("utf-8") == svg
    with pytest.raises(ValueError):
        export.convert(svg, ".gif")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "a.png", "a.svg"]


def test_cjk_text_renders_with_a_real_font() -> None:
    """Two different ideographs must give different pixels (tofu boxes are identical)."""
    project = sample_project({"grpc-worker": "调"})
    other = sample_project({"grpc-worker": "度"})
    images = []
    for p in (project, other):
        resolved, _ = resolve_all(p)
        images.append(export.convert(render_sequence_svg(resolved["sample"], p), ".png", scale=1))
    assert images[0] != images[1]


def test_pdf_links_lead_to_the_site(tmp_path: Path) -> None:
    project, stacks = REAL
    resolved = stacks["worker-schedule"]
    site = LinkScheme(base="https://example.org/docs/")
    pdf = export.write(render_sequence_svg(resolved, project, links=site), tmp_path / "a.pdf")
    data = pdf.read_bytes()
    assert b"/URI (https://example.org/docs/stacks/worker-schedule/#step-1)" in data
    assert b"/URI (https://example.org/docs/layers/grpc-worker/)" in data
    plain = export.convert(render_sequence_svg(resolved, project), ".pdf")
    assert b"/URI" not in plain


def _items(geometry: Geometry, cls: str) -> list[Item]:
    return [it for it in geometry.items if cls in it.cls.split()]


def test_notes_sit_below_their_arrows_linked_like_them() -> None:
    project = sample_project()
    resolved, _ = resolve_all(project)
    stack = resolved["sample"]
    links = LinkScheme()
    geometry = diagram_geometry(stack, project, links=links, show_notes=True)
    assert not _items(diagram_geometry(stack, project, links=links), "st-note")
    notes = _items(geometry, "st-note")
    noted = {s.number for s in stack.steps if s.call is not None and s.call.note}
    assert {int(dict(n.data)["step"]) for n in notes} == noted and len(noted) == 4
    arrows = {it.key: it for it in _items(geometry, "st-msg")}
    for note in notes:
        step = dict(note.data)["step"]
        arrow = arrows[f"m{step}"]
        assert note.href == arrow.href == f"stacks/sample/#step-{step}"
        box = next(s for s in note.shapes if isinstance(s, Polygon) and s.cls == "st-note-box")
        assert len(box.points) == 5  # the folded corner
        x0, y0, x1, y1 = box.box
        assert x1 - x0 <= NOTE_MAX
        line_y = max(s.box[3] for s in arrow.shapes if isinstance(s, Line) and s.cls == "st-line")
        assert 0 < y0 - line_y <= 12  # just below its arrow
        ax0 = min(s.box[0] for s in arrow.shapes)
        ax1 = max(s.box[2] for s in arrow.shapes)
        assert ax0 - 1 <= x0 and x1 <= ax1 + NOTE_MAX  # beside it, not elsewhere
        texts = [s for s in note.shapes if isinstance(s, Text)]
        assert 1 <= len(texts) <= NOTE_LINES
        assert all(t.cls == "st-note-text" and x0 < t.x and t.box[2] < x1 for t in texts)
    # Markdown is drawn as plain text; a long note is cut, its whole text in the tooltip.
    long = next(n for n in notes if "DurableTaskClient" in n.tooltip)
    drawn = [s.text for s in long.shapes if isinstance(s, Text)]
    assert len(drawn) == NOTE_LINES and drawn[-1].endswith("\u2026")
    assert "`" not in long.tooltip and "**" not in long.tooltip and "](" not in long.tooltip
    assert long.tooltip.endswith("its whole text in the tooltip.")
    svg = render_sequence_svg(stack, project, links=links, show_notes=True)
    root = _parse(svg)
    for g in root.findall("s:g[@class='st-note']", NS):
        assert g.get("data-step") and g.find("s:a/s:title", NS) is not None


def test_site_diagrams_have_no_notes_and_note_views_get_their_own_ids() -> None:
    project, stacks = REAL
    resolved = stacks["worker-schedule"]
    plain = render_sequence_svg(resolved, project, standalone=False)
    noted = render_sequence_svg(resolved, project, standalone=False, show_notes=True)
    assert "st-note" not in plain and 'class="st-note"' in noted
    assert _parse(plain).get("id") != _parse(noted).get("id")
    same = render_sequence_svg(
        resolved, project, standalone=False, options=ViewOptions(show_notes=True)
    )
    assert same == noted


def test_cjk_notes_wrap_inside_their_box() -> None:
    texts = {
        **CJK,
        "note.schedule": "这是一个很长的中文注释，用来测试换行。" * 6,
        "note.next": "下一个",
    }
    project = sample_project(texts)
    resolved, _ = resolve_all(project)
    geometry = diagram_geometry(resolved["sample"], project, show_notes=True, show_returns=True)
    assert [str(o) for o in overlaps(geometry)] == []
    long = next(n for n in _items(geometry, "st-note") if "中文注释" in n.tooltip)
    drawn = [s for s in long.shapes if isinstance(s, Text)]
    assert len(drawn) == NOTE_LINES and drawn[-1].text.endswith("\u2026")


def test_the_checker_sees_what_touches_a_note() -> None:
    project = sample_project()
    resolved, _ = resolve_all(project)
    geometry = diagram_geometry(resolved["sample"], project, show_notes=True)
    assert overlaps(geometry) == []
    note = _items(geometry, "st-note")[0]
    label = next(it for it in _items(geometry, "st-msg") if it.key == "m1")
    text = next(s for s in label.shapes if isinstance(s, Text))
    box = next(s for s in note.shapes if isinstance(s, Polygon))
    # Move the first note onto the first label: the label now lies inside the note.
    dx, dy = text.x - box.box[0] - 2, text.y - box.box[1] - 6
    moved = replace(note, shapes=tuple(translate(s, dx, dy) for s in note.shapes))
    bad = replace(geometry, items=tuple(moved if it is note else it for it in geometry.items))
    assert any("st-note-box" in o.text and "m1" in o.other for o in overlaps(bad))


def test_a_network_hop_marks_the_process_borders_it_crosses() -> None:
    project = sample_project()
    resolved, _ = resolve_all(project)
    geometry = diagram_geometry(resolved["sample"], project, show_notes=True)
    groups = {it.key: s for it in geometry.items for s in it.shapes if s.cls == "st-group-box"}
    hop = next(it for it in _items(geometry, "st-kind-network"))
    marks = [s for s in hop.shapes if s.cls == "st-hop-cross"]
    line = next(s for s in hop.shapes if isinstance(s, Line))
    # Worker process -> host process: it leaves one box and enters the other.
    worker, host = groups["g-worker"], groups["g-host"]
    assert isinstance(worker, Rect) and isinstance(host, Rect)
    xs = sorted((m.box[0] + m.box[2]) / 2 for m in marks)
    edges = {round(worker.x, 2), round(worker.x + worker.w, 2)}
    edges |= {round(host.x, 2), round(host.x + host.w, 2)}
    assert len(xs) == 2 and {round(x, 2) for x in xs} <= edges
    assert all(m.box[1] < line.points[0][1] < m.box[3] for m in marks)
    # Calls inside one process have none; the legend explains the diamond.
    marked = [it.key for it in geometry.items if any(s.cls == "st-hop-cross" for s in it.shapes)]
    assert marked == [hop.key, "k-hop-cross"]


def test_real_network_hops_cross_processes_visibly() -> None:
    project, stacks = REAL
    geometry = diagram_geometry(stacks["start-orchestration"], project, show_notes=True)
    hops = [it for it in geometry.items if it.cls == "st-msg st-kind-network"]
    marks = [s for it in hops for s in it.shapes if s.cls == "st-hop-cross"]
    assert len(hops) == 1 and len(marks) == 2 and overlaps(geometry) == []


def test_the_checker_sees_a_hop_diamond_off_its_border() -> None:
    project = sample_project()
    resolved, _ = resolve_all(project)
    geometry = diagram_geometry(resolved["sample"], project)
    hop = next(it for it in geometry.items if it.cls == "st-msg st-kind-network")
    head = next(s for s in hop.shapes if s.cls == "st-head")
    diamond = next(s for s in hop.shapes if s.cls == "st-hop-cross")
    assert overlaps(geometry) == []
    # Slide the diamond onto the next participant's activation bar: reported.
    dx = head.box[2] - diamond.box[0] + 2
    shapes = tuple(translate(s, dx, 0) if s is diamond else s for s in hop.shapes)
    moved = replace(
        geometry,
        items=tuple(replace(it, shapes=shapes) if it is hop else it for it in geometry.items),
    )
    assert any("st-hop-cross" in o.text for o in overlaps(moved))
