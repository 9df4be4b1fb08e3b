"""A tampered map cache entry (a CI cache restored from another build, a shared cache dir)
is dot's SVG in name only: what the map is made of is allowed by name, element by element
and attribute by attribute, so nothing but drawing and checked links survives, in the
page and in a standalone file (where an XHTML `<script>` would run)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from stacktour.graph import render_map_svg
from stacktour.graph.run import clear_memory_cache

from .test_map_cache import tiny

TAMPERING = (
    '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert("xhtml")</h:script>'
    '<animate attributeName="href" to="javascript:alert(\'animate\')"/>'
    '<set attributeName="onclick" to="alert(\'set\')"/>'
    '<image href="https://evil.example/beacon.png" width="1" height="1"/>'
    '<use xlink:href="data:image/svg+xml,%3Csvg%20onload=alert(1)%3E"/>'
    "<style>@import url(https://evil.example/x.css);</style>"
    '<path fill="url(https://evil.example/#p)" d="M0 0"/>'
    '<text x="0" y="0" style="background:url(https://evil.example/s)">x</text>'
)
LEFT_OVER = ("alert", "evil.example", "<h:", "script", "animate", "<set", "<image", "<use")


@pytest.mark.parametrize("standalone", [False, True])
def test_only_drawing_survives_a_tampered_entry(tmp_path: Path, standalone: bool) -> None:
    cache = tmp_path / "cache"
    render_map_svg(tiny(), cache_dir=cache)
    (entry,) = cache.rglob("*.svg")
    text = entry.read_text("utf-8")
    entry.write_text(text.replace("</svg>", f"<g>{TAMPERING}</g></svg>"), "utf-8")
    clear_memory_cache()
    svg = render_map_svg(tiny(), cache_dir=cache, standalone=standalone)
    assert [s for s in LEFT_OVER if s in svg] == []
    assert svg.count("<style") == (1 if standalone else 0)  # the map's own stylesheet
    assert "<text" in svg and "<path" in svg  # the map itself is still there


def test_a_tampered_legend_entry_fetches_nothing(tmp_path: Path) -> None:
    from stacktour.graph import legend_html
    from stacktour.graph.legend import legend_dot
    from stacktour.graph.run import cache_key, dot_version, find_dot

    cache = tmp_path / "cache"
    svg = render_map_svg(tiny(), cache_dir=cache)
    legend_html(svg, cache_dir=cache)
    key = cache_key(legend_dot(), dot_version(find_dot(), cache_dir=cache))
    entry = cache / key[:2] / f"{key}.svg"
    text = re.sub(r'stroke="[^"]*"', 'stroke="url(https://evil.example/#x)"', entry.read_text())
    assert "evil.example" in text
    entry.write_text(text, "utf-8")
    clear_memory_cache()
    legend = legend_html(svg, cache_dir=cache)
    assert "evil.example" not in legend and "<path" in legend
