"""Diagrams a person can read, measured in a real Chromium (issue 12): every stack page,
every layer page and the home page at three window sizes in both palettes.

- The smallest diagram text, as drawn (font size x the SVG's scale on screen), is at
  least 10 CSS px in sequence diagrams and 11 px in maps, in the default view and
  after "Fit".
- No text of a diagram overlaps another.
- A diagram wider than the text column gets the room of the window.
- With the step panel open, the current arrow is on screen, and at desktop sizes the
  panel takes at most 30 % of the window's height.
- No line of an excerpt is cut off on the right (issue 13): long lines wrap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .conftest import STACK, Reader, reading_pages

SIZES = [(1280, 720), (1440, 900), (390, 844)]
MIN_TEXT = {"seq": 10.0, "map": 11.0}
EDGE = 8  # px the viewer keeps clear at the window's sides (stacktour.js)

# Per visible diagram: its kind, the smallest effective text size and which text it is,
# the viewer's width and the diagram's drawn width (CSS px).
TEXT_SIZES = """() => [...document.querySelectorAll(
    '.md-content .st-scroller svg.st-seq, .md-content .st-scroller svg.st-map')]
  .filter(svg => svg.getClientRects().length)
  .map(svg => {
    let min = Infinity, text = null;
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      const m = t.getScreenCTM();
      const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (size < min) { min = size; text = t.textContent.trim().slice(0, 40); }
    }
    const viewer = svg.closest('.st-viewer');
    return {kind: svg.classList.contains('st-map') ? 'map' : 'seq', min, text,
            viewer: viewer.getBoundingClientRect().width, drawn: svg.getBoundingClientRect().width,
            full: viewer.classList.contains('st-bleed')};
  })"""

# Pairs of texts whose glyphs overlap, per visible diagram. A text's box is its advance
# width by the glyphs' band around the baseline (0.7 em up, 0.2 em down): the line
# boxes of two stacked lines may touch without any ink meeting.
OVERLAPS = """(root) => {
  const out = [];
  for (const svg of (root || document).querySelectorAll('.st-scroller svg, svg.st-test-overlap')) {
    if (!svg.getClientRects().length) continue;
    const boxes = [];
    for (const t of svg.querySelectorAll('text')) {
      const s = t.textContent.trim();
      if (!s || !t.getNumberOfChars()) continue;
      const m = t.getScreenCTM();
      const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
      const em = parseFloat(getComputedStyle(t).fontSize) * scale;
      const base = t.getStartPositionOfChar(0).matrixTransform(m).y;
      const r = t.getBoundingClientRect();
      boxes.push({s: s.slice(0, 40), l: r.left, r: r.right,
                  t: base - 0.7 * em, b: base + 0.2 * em});
    }
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], c = boxes[j];
      const w = Math.min(a.r, c.r) - Math.max(a.l, c.l);
      const h = Math.min(a.b, c.b) - Math.max(a.t, c.t);
      if (w > 1 && h > 0.5) {
        out.push(`"${a.s}" and "${c.s}" (${w.toFixed(1)} x ${h.toFixed(1)} px)`);
      }
    }
  }
  return out;
}"""

# Is the current step's number and label on screen (its first arrow's, for a sub-flow
# drawn in place): inside the diagram's box, under
# Material's header and the sticky participant header, above the dock and the
# scrollbar kept at the window's bottom? Returns null when it is, else what is wrong.
ARROW_HIDDEN = """() => {
  const marks = [...document.querySelectorAll('.st-viewer-sequence .st-scroller .st-current')];
  if (!marks.length) return 'no arrow is marked';
  // The first arrow of the step (a sub-flow drawn in place is many): the topmost number.
  const numbered = marks.filter(m => m.querySelector('.st-num'));
  const y = (m) => m.querySelector('.st-num').getBoundingClientRect().top;
  const lead = numbered.length ? numbered.reduce((a, b) => (y(b) < y(a) ? b : a)) : marks[0];
  let parts = [...lead.querySelectorAll('.st-num, .st-label')];
  if (!parts.length) parts = [lead];
  const box = document.querySelector('.st-viewer-sequence .st-scroller').getBoundingClientRect();
  let top = document.querySelector('.md-header').getBoundingClientRect().bottom;
  const head = document.querySelector(
    '.st-viewer-sequence .st-sticky-head.st-stuck .st-sticky-inner');
  if (head) top = Math.max(top, head.getBoundingClientRect().bottom);
  let bottom = window.innerHeight;
  const dock = document.querySelector('.st-dock');
  if (dock && !dock.hidden) bottom = Math.min(bottom, dock.getBoundingClientRect().top);
  const hbar = document.querySelector('.st-viewer-sequence .st-hbar');
  if (hbar && !hbar.hidden) bottom = Math.min(bottom, hbar.getBoundingClientRect().top);
  const left = Math.max(box.left, 0), right = Math.min(box.right, window.innerWidth);
  for (const p of parts) {
    const r = p.getBoundingClientRect();
    if (r.top < top - 1 || r.bottom > bottom + 1 || r.left < left - 1 || r.right > right + 1) {
      return `"${p.textContent.trim()}" at ${[r.left, r.top, r.right, r.bottom].map(Math.round)}`
        + ` outside ${[left, top, right, bottom].map(Math.round)}`;
    }
  }
  return null;
}"""

# Code lines cut off on the right: any excerpt whose text is wider than its box.
CODE_CUT = """() => [...document.querySelectorAll('.md-content .highlight code')]
  .filter(c => c.getClientRects().length && c.scrollWidth > c.clientWidth + 1)
  .map(c => (c.querySelector('.hll') || c).textContent.trim().slice(0, 120))"""

DOCK_SHARE = """() => {
  const dock = document.querySelector('.st-dock');
  return dock.getBoundingClientRect().height / window.innerHeight;
}"""


def _fit_all(reader: Reader) -> None:
    reader.js("() => document.querySelectorAll('.md-content .st-zoom-fit').forEach(b => b.click())")


def _small_text(found: list[dict[str, Any]], view: str, path: str) -> list[str]:
    return [
        f"{path} ({view}): {d['kind']} text {d['min']:.2f} px ({d['text']!r})"
        for d in found
        if d["min"] < MIN_TEXT[d["kind"]]
    ]


def _step_through(reader: Reader, path: str, desktop: bool) -> list[str]:
    """Walk every step with →; the arrow must stay on screen with the panel open."""
    problems = []
    page = reader.page
    count = reader.js("() => document.querySelectorAll('.md-content h3[id^=\"step-\"]').length")
    reader.js("() => window.scrollTo(0, 0)")
    for n in range(1, count + 1):
        page.keyboard.press("ArrowRight")
        state = reader.js(
            "() => [document.querySelector('.st-counter').textContent,"
            " !document.querySelector('.st-dock').hidden]"
        )
        if not state[0].startswith(f"Step {n} of") or not state[1]:
            problems.append(f"{path}: → to step {n} gave {state}")
            break
        hidden = reader.js(ARROW_HIDDEN)
        if hidden:
            problems.append(f"{path} step {n}: the current arrow is hidden: {hidden}")
        share = reader.js(DOCK_SHARE)
        limit = 0.305 if desktop else 0.405
        if share > limit:
            problems.append(f"{path} step {n}: the step panel takes {share:.0%} of the height")
    return problems


# Material's palettes, switched on the open page as its toggle does.
SCHEMES = {"light": "default", "dark": "slate"}
SET_SCHEME = "(scheme) => { document.body.setAttribute('data-md-color-scheme', scheme); }"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_page_reads_at_every_size(
    make_reader: Callable[..., Reader], base_url: str, size: tuple[int, int]
) -> None:
    """Each page once per size; both palettes measured on it, in the default view and
    after Fit (a palette changes colours only, and both are measured all the same)."""
    width, height = size
    desktop = width >= 1220  # Material shows both sidebars from 76.25em
    reader = make_reader(width=width, height=height)
    problems: list[str] = []
    diagrams = 0
    for path in reading_pages(base_url):
        reader.open(path, idle=False)
        for name, scheme in SCHEMES.items():
            reader.js(SET_SCHEME, scheme)
            found = reader.js(TEXT_SIZES)
            problems += _small_text(found, f"default view, {name}", path)
            problems += [f"{path} ({name}): {o}" for o in reader.js(OVERLAPS)]
        diagrams += len(found)
        for d in found:
            # Wider than the column: as wide as the window allows.
            room = min(d["drawn"] + 2, width - 2 * EDGE)
            if desktop and d["drawn"] > 700 and d["viewer"] < room - 2:
                problems.append(f"{path}: a {d['drawn']:.0f} px diagram in {d['viewer']:.0f} px")
        if reader.js("() => document.scrollingElement.scrollWidth") > width:
            problems.append(f"{path}: the page scrolls sideways")
        problems += [f"{path}: code cut off at the right: {c!r}" for c in reader.js(CODE_CUT)]
        if path.startswith("/stacks/"):
            problems += _step_through(reader, path, desktop)
        _fit_all(reader)
        for name, scheme in SCHEMES.items():
            reader.js(SET_SCHEME, scheme)
            problems += _small_text(reader.js(TEXT_SIZES), f"after Fit, {name}", path)
    assert diagrams > 30
    assert not problems, "\n".join(problems)
    assert not reader.errors, reader.errors


def test_overlap_check_sees_overlapping_text(reader: Reader) -> None:
    """The overlap measure above finds two texts drawn over each other."""
    reader.open("/")
    found = reader.js(
        """(overlaps) => {
          const ns = 'http://www.w3.org/2000/svg';
          const svg = document.createElementNS(ns, 'svg');
          svg.setAttribute('class', 'st-test-overlap');
          svg.setAttribute('width', '300');
          svg.setAttribute('height', '100');
          svg.innerHTML = '<text x="10" y="40" font-size="14">GrpcWorker</text>'
            + '<text x="40" y="46" font-size="14">InvocationHandler</text>'
            + '<text x="10" y="80" font-size="14">apart</text>'
            + '<text x="10" y="96" font-size="14">below</text>';
          document.querySelector('.md-content').prepend(svg);
          return (0, eval)(overlaps)();
        }""",
        OVERLAPS,
    )
    assert len(found) == 1 and found[0].startswith('"GrpcWorker" and "InvocationHandler"'), found


def test_scrollbar_stays_on_screen_while_the_diagram_is(make_reader: Callable[..., Reader]) -> None:
    reader = make_reader(width=1280, height=720)
    reader.open(f"/stacks/{STACK}/")
    page = reader.page
    sizes = reader.js(
        """() => {
          const box = document.querySelector('.st-viewer-sequence .st-scroller');
          window.scrollBy(0, box.getBoundingClientRect().top - 60);
          return {box: box.getBoundingClientRect().height, window: window.innerHeight};
        }"""
    )
    assert sizes["box"] > sizes["window"], "the diagram is taller than the window"
    bar = ".st-viewer-sequence .st-hbar"

    def where() -> dict[str, float]:
        return dict(
            reader.js(
                """(sel) => {
                  const bar = document.querySelector(sel).getBoundingClientRect();
                  const box = document.querySelector('.st-viewer-sequence .st-scroller')
                                .getBoundingClientRect();
                  const dock = document.querySelector('.st-dock');
                  return {top: bar.top, bottom: bar.bottom, boxBottom: box.bottom,
                          dock: dock.hidden ? innerHeight : dock.getBoundingClientRect().top};
                }""",
                bar,
            )
        )

    # Top of the diagram under the header, its bottom far below: the bar is at the
    # window's bottom, and it scrolls the diagram.
    pos = where()
    assert pos["boxBottom"] > 720 and abs(pos["bottom"] - 720) <= 1, pos
    assert reader.js(f"() => document.querySelector('{bar}').scrollWidth") > 1280
    reader.js(f"() => {{ document.querySelector('{bar}').scrollLeft = 600; }}")
    page.wait_for_function(
        "() => document.querySelector('.st-viewer-sequence .st-scroller').scrollLeft === 600"
    )
    # And the other way round.
    reader.js(
        "() => { document.querySelector('.st-viewer-sequence .st-scroller').scrollLeft = 150; }"
    )
    page.wait_for_function(f"() => document.querySelector('{bar}').scrollLeft === 150")
    # With the step panel open, the bar sits on top of it.
    page.keyboard.press("ArrowRight")
    pos = where()
    assert pos["dock"] < 720 and abs(pos["bottom"] - pos["dock"]) <= 1, pos
    # Scrolled past the diagram, the bar stays at the diagram's foot.
    reader.js(
        """() => window.scrollBy(0, document.querySelector('.st-viewer-sequence .st-scroller')
                                 .getBoundingClientRect().bottom)"""
    )
    pos = where()
    assert abs(pos["top"] - pos["boxBottom"]) <= 1, pos


def test_a_late_scrollbar_echo_does_not_pull_the_diagram_back(reader: Reader) -> None:
    """The bar's scroll event for the diagram's last position arrives a frame late; if
    the diagram has moved again meanwhile (the next step, pressed quickly), it stays."""
    reader.open(f"/stacks/{STACK}/")
    final = reader.js(
        """() => new Promise((done) => {
          const box = document.querySelector('.st-viewer-sequence .st-scroller');
          // After the viewer's own listener has told the bar 400, move on to 700 at once.
          box.addEventListener('scroll', () => { box.scrollLeft = 700; }, { once: true });
          box.scrollLeft = 400;
          const frames = (n) =>
            n ? requestAnimationFrame(() => frames(n - 1)) : done(box.scrollLeft);
          frames(6);
        })"""
    )
    assert final == 700


def test_fit_keeps_text_readable_and_zoom_out_still_goes_lower(reader: Reader) -> None:
    reader.open(f"/stacks/{STACK}/")
    page = reader.page
    page.locator(".st-viewer-sequence .st-zoom-fit").click()
    fitted = reader.js(TEXT_SIZES)[0]
    assert fitted["min"] >= 10 and fitted["drawn"] > fitted["viewer"], (
        "the worker diagram cannot be read whole at 10 px: Fit fits what it can and scrolls"
    )
    # The reader may still ask for less, one step at a time.
    page.locator(".st-viewer-sequence .st-zoom-out").click()
    assert reader.js(TEXT_SIZES)[0]["min"] < 10
    # A resize keeps the chosen zoom; Fit again is at the floor again.
    page.locator(".st-viewer-sequence .st-zoom-fit").click()
    page.set_viewport_size({"width": 1000, "height": 700})
    page.wait_for_timeout(100)
    assert abs(reader.js(TEXT_SIZES)[0]["min"] - 10) < 0.1


def test_maps_have_the_viewer(make_reader: Callable[..., Reader]) -> None:
    reader = make_reader(width=390, height=844, scheme="dark")
    reader.open("/")
    page = reader.page
    viewer = page.locator(".st-viewer-map")
    assert viewer.count() == 1
    before = reader.js(TEXT_SIZES)[0]
    assert before["min"] >= 11 and before["drawn"] > 390, (
        "a phone shows the map at 11 px and scrolls"
    )
    viewer.locator(".st-zoom-in").click()
    assert reader.js(TEXT_SIZES)[0]["min"] > before["min"]
    viewer.locator(".st-full").click()
    assert (
        reader.js("() => document.querySelector('.st-viewer-map').getBoundingClientRect().width")
        == 390
    )
    viewer.locator(".st-full").click()
    assert not reader.errors


def test_end_to_end_page_shows_its_hops_in_the_first_screen(
    make_reader: Callable[..., Reader],
) -> None:
    """The end-to-end stack is made of sub-flows. Its default level shows the journey
    at a glance: with the diagram's top under the header at 1280x720, the number and
    label of every real arrow it draws (not a sub-flow's box), the network hop among
    them, are on the first screen."""
    reader = make_reader(width=1280, height=720)
    reader.open("/stacks/start-orchestration/")
    assert reader.js("() => document.querySelector('.st-levels').dataset.default") == "processes"
    shown = reader.js(
        """() => {
          const box = document.querySelector('.st-viewer-sequence .st-scroller');
          window.scrollBy(0, box.getBoundingClientRect().top
                             - document.querySelector('.md-header').getBoundingClientRect().bottom);
          const r = box.getBoundingClientRect();
          const bottom = Math.min(innerHeight, r.bottom), right = Math.min(innerWidth, r.right);
          const inside = (e) => { const q = e.getBoundingClientRect();
            return q.top >= r.top && q.bottom <= bottom && q.left >= r.left && q.right <= right; };
          const arrows = [...box.querySelectorAll('.st-msg:not(.st-ref-num)')]
            .filter(m => m.getClientRects().length && m.querySelector('.st-line'));
          return arrows.map(m => ({step: m.dataset.step,
            network: m.classList.contains('st-kind-network'),
            seen: [...m.querySelectorAll('.st-num, .st-label')].every(inside)}));
        }"""
    )
    assert shown and any(a["network"] for a in shown), shown
    assert all(a["seen"] for a in shown), shown


def test_code_cut_check_sees_a_cut_line(make_reader: Callable[..., Reader]) -> None:
    """The measure above finds a line cut off: unwrapped, line 101 of
    GrpcDurableTaskClient ("…sidecarClient.StartInstanceAsync(") overflows its box in a
    window of 600 px."""
    reader = make_reader(width=600)
    reader.open("/layers/grpc-durable-task-client/")
    assert reader.js(CODE_CUT) == []
    reader.js(
        "() => document.querySelectorAll('.md-content .highlight code')"
        ".forEach(c => { c.style.whiteSpace = 'pre'; })"
    )
    cut = reader.js(CODE_CUT)
    assert any("StartInstanceAsync(" in c for c in cut), cut
