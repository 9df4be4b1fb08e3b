"""Maps as a reader sees them in Chromium, in both palettes: the colours the browser
really paints (CSS variables resolved) reach WCAG AA, the legend's swatches are painted
like the edges they name, and no edge passes over a group title in the real font."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import pytest

from tools.map_shots import contrast, over, rgba

from .conftest import Reader

PAGES = ["/", "/stacks/worker-schedule/", "/layers/durable-client/"]

# Painted colours: every edge's line and label, every legend swatch, the grounds.
PAINTED = """
() => {
  const out = {edges: [], swatches: [], grounds: []};
  const page = getComputedStyle(document.body).backgroundColor;
  for (const wrap of document.querySelectorAll('.st-map-wrap')) {
    const svg = wrap.querySelector('svg.st-map');
    for (const g of svg.querySelectorAll('g.st-edge')) {
      const kind = g.dataset.kind;
      for (const p of g.querySelectorAll('path'))
        out.edges.push([kind, 'line', getComputedStyle(p).stroke]);
      for (const t of g.querySelectorAll('text'))
        out.edges.push([kind, 'label', getComputedStyle(t).fill]);
    }
    for (const c of svg.querySelectorAll('g.st-group > path, g.st-group > polygon'))
      out.grounds.push(getComputedStyle(c).fill);
    const legend = wrap.nextElementSibling;
    if (legend && legend.matches('.st-map-legend'))
      for (const li of legend.querySelectorAll('li')) {
        const p = li.querySelector('path');
        out.swatches.push([li.className.replace('st-kind-', ''), getComputedStyle(p).stroke]);
      }
  }
  out.page = page;
  return out;
}
"""

# Real text boxes of group titles (the browser's font), and points along every edge.
TITLES_AND_EDGES = """
() => {
  const svg = document.querySelector('.st-map-wrap svg.st-map');
  const titles = [...svg.querySelectorAll('g.st-group-title text')].map(t => {
    const b = t.getBBox();
    return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height];
  });
  const edges = [];
  for (const g of svg.querySelectorAll('g.st-edge')) {
    const pts = [];
    for (const p of g.querySelectorAll('path')) {
      const n = p.getTotalLength();
      for (let i = 0; i <= 200; i++) {
        const q = p.getPointAtLength(n * i / 200);
        pts.push([q.x, q.y]);
      }
    }
    const labels = [...g.querySelectorAll('text')].map(t => {
      const b = t.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height];
    });
    edges.push([g.id, pts, labels]);
  }
  return {titles, edges};
}
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_map_colours_reach_aa_and_swatches_match_their_edges(
    make_reader: Callable[..., Reader], scheme: Literal["light", "dark"]
) -> None:
    reader = make_reader(scheme=scheme)
    checked = 0
    for path in PAGES:
        reader.open(path)
        painted = reader.js(PAINTED)
        page = rgba(painted["page"])
        grounds = [page] + [over(rgba(c), page) for c in painted["grounds"] if c != "none"]
        edge_colour: dict[str, set[str]] = {}
        for kind, part, colour in painted["edges"]:
            worst = min(contrast(over(rgba(colour), g), g) for g in grounds)
            assert worst >= 4.5, (path, scheme, kind, part, colour, round(worst, 2))
            if part == "line":
                edge_colour.setdefault(kind, set()).add(colour)
            checked += 1
        assert painted["swatches"], path
        for kind, colour in painted["swatches"]:
            assert edge_colour.get(kind) == {colour}, (path, scheme, kind)
            assert contrast(over(rgba(colour), page), page) >= 4.5
    assert checked > 20


def _inside(point: list[float], box: list[float], margin: float = 1.0) -> bool:
    return box[0] - margin <= point[0] <= box[2] + margin and (
        box[1] - margin <= point[1] <= box[3] + margin
    )


@pytest.mark.parametrize("path", PAGES)
def test_no_edge_or_label_over_a_group_title_in_the_real_font(reader: Reader, path: str) -> None:
    reader.open(path)
    drawn = reader.js(TITLES_AND_EDGES)
    assert drawn["titles"] and drawn["edges"]
    for name, *box in drawn["titles"]:
        for key, points, labels in drawn["edges"]:
            assert not any(_inside(p, box) for p in points), (path, key, name)
            for label in labels:
                apart = label[2] < box[0] or box[2] < label[0]
                assert apart or label[3] < box[1] or box[3] < label[1], (path, key, name)
