"""The benchmark's own pieces (tools/perf): the floor, the Mermaid twin, the page anatomy,
and the synthetic sites. Fast and without a browser; the smoke test runs the whole."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from stacktour.loader import load_project
from stacktour.systems import get_systems

from tools.perf import anatomy, mermaid, sites

REPO = Path(__file__).resolve().parent.parent


def test_a_synthetic_site_is_valid_and_its_stacks_are_the_asked_sizes(tmp_path: Path) -> None:
    spec = sites.SyntheticSpec(3, layers=(12, 16), steps=(25, 40))
    facts = sites.write_synthetic_stacks(tmp_path, spec)
    result = load_project(tmp_path)
    assert result.ok, result.diagnostics[:3]
    assert facts.stacks == len(result.stacks) == 3
    for resolved in result.stacks.values():
        assert 25 <= len(resolved.steps) <= 40
        assert 2 <= len(resolved.layers) <= 16
    assert facts.steps == sum(len(r.steps) for r in result.stacks.values())
    # Every call line is a line of its frame's excerpt, and it shows the call.
    assert result.project is not None
    for layer in result.project.layers:
        for frame in layer.frames:
            (segment,) = frame.excerpt
            for call in frame.calls:
                assert call.at is not None
                assert segment.start <= call.at <= segment.end
    again = tmp_path / "again"
    sites.write_synthetic_stacks(again, spec)
    for path in again.rglob("*.yaml"):  # the same seed writes the same bytes
        assert path.read_bytes() == (tmp_path / path.relative_to(again)).read_bytes()


def test_the_floor_has_the_pages_prose_and_code_but_no_diagram(tmp_path: Path) -> None:
    site = sites.copy_repository_site(tmp_path / "site")
    pages = sites.write_floor_site(site, tmp_path / "floor")
    floor = tmp_path / "floor" / "docs"
    assert pages == sum(1 for _ in floor.rglob("*.md"))
    stack = (floor / "stacks" / "worker-schedule.md").read_text(encoding="utf-8")
    assert "STACKTOURX" not in stack  # every placeholder replaced or dropped
    assert "<svg" not in stack and "st-map-wrap" not in stack
    assert "``` csharp" in stack and '<div class="st-step"' in stack
    home = (floor / "index.md").read_text(encoding="utf-8")
    assert "```stacktour" not in home  # embedded diagrams dropped
    embed = (floor / "guide" / "embed.md").read_text(encoding="utf-8")
    assert "````markdown\n```stacktour" in embed  # quoted examples kept as they are
    fmt = (floor / "reference" / "format.md").read_text(encoding="utf-8")
    assert "```stacktour" not in fmt and "<table" in fmt  # the format tables inlined
    config = (tmp_path / "floor" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "stacktour" not in config.split("plugins:")[1].split("markdown_extensions:")[0]
    # Every page the plugin generates, of both systems, is a page of the floor, and the
    # menu has a section per system as the plugin's has.
    generated = {p.path for p in get_systems(site / "stacks").pages()}
    assert any(path.startswith("mkdocs-build/") for path in generated)
    assert generated <= {str(p.relative_to(floor)) for p in floor.rglob("*.md")}
    nav = yaml.safe_load(config)["nav"]
    titles = [next(iter(entry)) for entry in nav if isinstance(entry, dict)]
    assert "How mkdocs build reaches stacktour" in titles
    assert "Azure Functions: starting an orchestration" in titles


def test_mermaid_twin_has_every_participant_and_step() -> None:
    source = mermaid.mermaid_source(REPO / "stacks", "worker-schedule")
    result = load_project(REPO / "stacks")
    resolved = result.stacks["worker-schedule"]
    assert source.startswith("sequenceDiagram\n    autonumber\n")
    assert len(re.findall(r"^\s+participant p\d+ as ", source, re.M)) == len(resolved.layers)
    arrows = re.findall(r"^\s+p\d+(?:->>|-\)|-->>)p\d+: ", source, re.M)
    refs = re.findall(r"^\s+Note over p\d+,p\d+: ref ", source, re.M)
    assert len(arrows) + len(refs) == len(resolved.steps)
    opened = len(re.findall(r"^\s+(?:box|loop|opt) ", source, re.M))
    assert opened == len(re.findall(r"^\s+end$", source, re.M))
    assert source.count("activate ") >= source.count("deactivate ")


def test_page_anatomy_finds_each_part_and_the_repeated_code() -> None:
    block = '<div class="language-csharp highlight"><pre><code>x();</code></pre></div>'
    html = (
        "<html><body>"
        '<div class="st-diagram st-sequence" data-stack="s"><svg><title>t</title>'
        '<text textLength="10" lengthAdjust="spacingAndGlyphs">a</text></svg>'
        "<svg><text>b</text></svg></div>"
        '<div class="st-diagram st-map-wrap"><svg><title>m</title></svg><div>legend</div></div>'
        f"{block}{block.replace('x()', 'y()')}{block}"
        "</body></html>"
    )
    parts = {p.what: p for p in anatomy.page_anatomy(html)}
    assert parts["whole page"].bytes == len(html)
    assert parts["sequence diagram(s), with wrapper"].count == 1
    assert parts["… <svg> elements in them (levels of detail, header copies)"].count == 2
    assert parts["… tooltips (<title>) in the diagram"].count == 1
    assert parts["… textLength (+ lengthAdjust) attributes"].count == 1
    assert parts["map(s), inline"].count == 1
    assert parts["code blocks"].count == 3
    repeated = parts["… of which repeat an earlier block"]
    assert (repeated.count, repeated.bytes) == (1, len(block))
    assert anatomy.first_diagram_svg_bytes(html) == len(
        '<svg><title>t</title><text textLength="10" lengthAdjust="spacingAndGlyphs">a</text></svg>'
    )


def test_the_diagram_measured_is_the_level_shown_first() -> None:
    """A stack page ships every level of detail; the hidden ones come first in the HTML
    when they are coarser, and the reader sees the one without `hidden`."""
    html = (
        '<div class="st-levels" data-default="full">'
        '<div class="st-diagram st-sequence" data-level="core" hidden data-search-exclude>'
        "<svg><text>core</text></svg></div>"
        '<div class="st-diagram st-sequence" data-level="full" data-search-exclude>'
        "<svg><text>the full level</text></svg></div></div>"
    )
    assert anatomy.first_diagram_svg_bytes(html) == len("<svg><text>the full level</text></svg>")
