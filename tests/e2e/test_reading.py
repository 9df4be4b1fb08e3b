"""Reading a stack in a real Chromium: links, step-through, deep links, wide diagrams,
instant navigation, palettes, print, and pages without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from .conftest import LAYER, STACK, Reader, step_hash

STACK_PAGE = f"/stacks/{STACK}/"
SEQ = ".st-viewer-sequence"  # the sequence diagram's viewer (the map has its own)
# The real diagram, not the sticky copy; at the level on show.
DIAGRAM = f"{SEQ} .st-scroller :not([hidden]) > svg.st-seq"


def current_step(reader: Reader) -> list[str]:
    """The step numbers highlighted in the diagram."""
    return list(
        reader.js(
            "() => [...new Set([...document.querySelectorAll("
            "'.st-scroller [data-step].st-current')].map(n => n.dataset.step))]"
        )
    )


def in_viewport(reader: Reader, selector: str) -> bool:
    """Is the element's box on screen, below Material's header and above the dock?"""
    return bool(
        reader.js(
            """(sel) => {
              const r = document.querySelector(sel).getBoundingClientRect();
              const top = document.querySelector('.md-header').getBoundingClientRect().bottom;
              const dock = document.querySelector('.st-dock');
              const bottom = dock && !dock.hidden ? dock.getBoundingClientRect().top
                                                  : window.innerHeight;
              return r.height > 0 && r.top >= top - 1 && r.bottom <= bottom + 1;
            }""",
            selector,
        )
    )


def test_participant_links_to_its_layer_page(reader: Reader) -> None:
    reader.open(STACK_PAGE)
    reader.page.locator(f'{DIAGRAM} .st-part[data-layer="{LAYER}"] a').click()
    reader.page.wait_for_url(f"**/layers/{LAYER}/")
    expect(reader.page.locator("h1")).to_have_text(re.compile(r"^GrpcWorker\W"))
    assert not reader.errors


def test_clicking_an_arrow_selects_its_step_and_shows_it(reader: Reader) -> None:
    reader.open(STACK_PAGE)
    # A label may wrap to several lines: click its first.
    arrow = reader.page.locator(f'{DIAGRAM} .st-msg[data-step="5"] .st-label').first
    arrow.scroll_into_view_if_needed()
    arrow.click()
    assert current_step(reader) == ["5"]
    expect(reader.page).to_have_url(re.compile(r"#step-5$"))
    dock = reader.page.locator(".st-dock")
    expect(dock).to_be_visible()
    expect(dock.locator(".st-dock-count")).to_have_text("5 / 20")
    # The step's excerpt and call stack are in the dock, the arrow stays in view above it.
    expect(dock.locator(".highlight .hll").first).to_be_visible()
    expect(dock.locator(".st-dock-stack li").first).to_be_visible()
    assert in_viewport(reader, f'{DIAGRAM} .st-msg[data-step="5"]')
    # The walkthrough section is marked as the current step too.
    expect(reader.page.locator("h3#step-5")).to_have_class(re.compile("st-step-current"))


def test_arrow_keys_step_through_and_the_url_follows(reader: Reader) -> None:
    reader.open(STACK_PAGE)
    page = reader.page
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert current_step(reader) == ["3"]
    expect(page).to_have_url(re.compile(r"#step-3$"))
    expect(page.locator(".st-counter")).to_have_text("Step 3 of 20")
    assert in_viewport(reader, f'{DIAGRAM} .st-msg[data-step="3"]')
    page.keyboard.press("ArrowLeft")
    assert current_step(reader) == ["2"]
    expect(page).to_have_url(re.compile(r"#step-2$"))
    # Far down the diagram the arrow is still brought into view, and the URL survives
    # Material's navigation.tracking, which rewrites the hash after scrolling.
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    assert current_step(reader) == ["14"]
    assert in_viewport(reader, f'{DIAGRAM} .st-msg[data-step="14"]')
    page.wait_for_timeout(700)
    assert step_hash(page.url) == 14
    # The buttons do the same.
    page.locator(".st-dock .st-next").click()
    assert current_step(reader) == ["15"]
    page.locator(".st-toolbar .st-prev").click()
    assert current_step(reader) == ["14"]
    # Typing in the search box does not step.
    page.locator(".md-search__input").click()
    page.keyboard.type("grpc")
    page.keyboard.press("ArrowLeft")
    assert current_step(reader) == ["14"]
    assert not reader.errors


def test_deep_link_lands_on_the_step_highlighted(reader: Reader) -> None:
    reader.open(STACK_PAGE + "#step-7")
    assert current_step(reader) == ["7"]
    heading = reader.page.locator("h3#step-7")
    expect(heading).to_have_class(re.compile("st-step-current"))
    expect(heading).to_be_in_viewport()
    # From there, → goes on with step 8 and scrolls the walkthrough to it.
    reader.page.keyboard.press("ArrowRight")
    assert current_step(reader) == ["8"]
    expect(reader.page.locator("h3#step-8")).to_be_in_viewport()


def test_wide_diagram_scrolls_sideways_keeps_its_header_and_zooms(reader: Reader) -> None:
    reader.open(STACK_PAGE)
    page = reader.page
    size = reader.js(
        """() => {
          const svg = document.querySelector('.st-scroller :not([hidden]) > svg.st-seq');
          const box = document.querySelector('.st-scroller');
          return {drawn: svg.viewBox.baseVal.width, shown: svg.getBoundingClientRect().width,
                  scroll: box.scrollWidth, client: box.clientWidth};
        }"""
    )
    assert abs(size["shown"] - size["drawn"]) < 1, "the diagram is drawn at its own size"
    assert size["scroll"] > size["client"], "a wide diagram scrolls inside its box"
    # Scroll the page down into the diagram: the participant header stays under
    # Material's header, and follows the diagram's sideways scroll.
    head = page.locator(".st-sticky-head")
    expect(head).not_to_have_class(re.compile("st-stuck"))
    reader.js(
        """() => {
          const box = document.querySelector('.st-scroller');
          window.scrollBy(0, box.getBoundingClientRect().top + 400);
          box.scrollLeft = 300;
        }"""
    )
    expect(head).to_have_class(re.compile("st-stuck"))
    pos = reader.js(
        """() => ({head: document.querySelector('.st-sticky-inner').getBoundingClientRect().top,
                   header: document.querySelector('.md-header').getBoundingClientRect().bottom,
                   shift: getComputedStyle(document.querySelector('.st-sticky-head svg'))
                            .transform})"""
    )
    assert abs(pos["head"] - pos["header"]) <= 2
    assert pos["shift"].endswith("-300, 0)")
    # Zoom in and back.
    page.locator(f"{SEQ} .st-zoom-in").click()
    expect(page.locator(f"{SEQ} .st-zoom-reset")).to_have_text("110%")
    width = reader.js(f"() => document.querySelector('{DIAGRAM}').style.width")
    assert round(float(width.removesuffix("px")) / size["drawn"], 2) == 1.1
    page.locator(f"{SEQ} .st-zoom-reset").click()
    expect(page.locator(f"{SEQ} .st-zoom-reset")).to_have_text("100%")
    # Full screen (the Fullscreen API, or the overlay where it is refused), and back.
    page.locator(f"{SEQ} .st-full").click()
    expect(page.locator(f"{SEQ} .st-full")).to_have_attribute("aria-pressed", "true")
    page.locator(f"{SEQ} .st-full").click()
    expect(page.locator(f"{SEQ} .st-full")).to_have_attribute("aria-pressed", "false")
    assert not reader.errors


def _relative_luminance(rgb: tuple[float, float, float]) -> float:
    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def _contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Each text class of the diagram, with the shape it is drawn on (None: the page).
TEXT_ON = [
    ("st-label", None),
    ("st-label", "st-group-box"),
    ("st-sublabel", "st-group-box"),
    ("st-part-title", "st-part-box"),
    ("st-part-sub", "st-part-box"),
    ("st-group-title", "st-group-box"),
    ("st-num-text", "st-num"),
]

# Computed colours as the browser resolves them, alpha composited over what is beneath.
COLOURS_JS = """(pairs) => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => top.slice(0, 3).map((v, i) => v * top[3] + under[i] * (1 - top[3]));
  const page = parse(getComputedStyle(document.body).backgroundColor);
  const svg = document.querySelector('.st-scroller :not([hidden]) > svg.st-seq');
  return pairs.map(([text, shape]) => {
    const t = svg.querySelector('text.' + text);
    if (!t) return null;
    let bg = page.slice(0, 3);
    if (shape) {
      const s = svg.querySelector('.' + shape);
      const fill = parse(getComputedStyle(s).fill);
      const opacity = Number(getComputedStyle(s).fillOpacity);
      bg = over([fill[0], fill[1], fill[2], fill[3] * opacity], bg);
    }
    const fg = parse(getComputedStyle(t).fill);
    return {text, shape, fg: over(fg, bg), bg};
  });
}"""


def _diagram_contrasts(reader: Reader) -> list[tuple[str, float]]:
    found = reader.js(COLOURS_JS, [list(p) for p in TEXT_ON])
    out = []
    for item in found:
        if item is None:
            continue
        name = f"{item['text']} on {item['shape'] or 'page'}"
        out.append((name, _contrast(tuple(item["fg"]), tuple(item["bg"]))))
    return out


def test_palette_toggle_keeps_diagram_text_readable(reader: Reader) -> None:
    reader.open(STACK_PAGE)
    page = reader.page
    assert reader.js("() => document.body.dataset.mdColorScheme") == "default"
    light = _diagram_contrasts(reader)
    page.locator("label.md-header__button[title='Switch to dark mode']").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.wait_for_timeout(100)  # Material switches the scheme with transitions held off
    dark = _diagram_contrasts(reader)
    assert len(light) >= 5 and len(dark) == len(light)
    low = [
        (scheme, name, round(ratio, 2))
        for scheme, values in (("light", light), ("dark", dark))
        for name, ratio in values
        if ratio < 4.5
    ]
    assert not low, f"diagram text below WCAG AA 4.5:1: {low}"
    # The dock and walkthrough keep working in the other palette. (The palette's radio
    # button has the focus after the click, and arrows belong to it: move focus first.)
    page.locator("h1").click()
    page.keyboard.press("ArrowRight")
    assert current_step(reader) == ["1"]


def test_instant_navigation_away_and_back_steps_once_per_key(reader: Reader) -> None:
    reader.open(STACK_PAGE)
    page = reader.page
    reader.js("() => { window.__stillHere = true; }")
    for _ in range(2):
        # Away through the nav (instant: the window survives), then back. (Layer pages sit
        # in folded sections; the system's Overview is always in view.)
        page.locator("nav.md-nav--primary a[href$='/stacks/']").first.click()
        page.wait_for_url("**/stacks/")
        expect(page.locator("h1")).to_have_text(re.compile(r"^Azure Functions\W"))
        page.go_back()
        page.wait_for_url(f"**{STACK_PAGE}")
        page.wait_for_selector(".st-enhanced", state="attached")
    assert reader.js("() => window.__stillHere") is True, "instant navigation was not used"
    counts = reader.js(
        """() => ['.st-viewer', '.st-viewer-sequence .st-toolbar', '.st-dock', '.st-sticky-head',
                  '.st-viewer-sequence .st-scroller', '.st-step-band']
                 .map(s => document.querySelectorAll(s).length)"""
    )
    # The map's viewer is made when its fold first opens (not before the first paint).
    assert counts == [1, 1, 1, 1, 1, 1], "one viewer for the diagram, none yet for the map"
    page.locator("details.st-map-details > summary").click()
    expect(page.locator(".st-viewer-map")).to_have_count(1)
    page.locator("details.st-map-details > summary").click()
    page.locator("details.st-map-details > summary").click()  # opened again: still one
    expect(page.locator(".st-viewer-map .st-toolbar")).to_have_count(1)
    page.locator("h1").click()  # the arrows below are the walkthrough's, not the fold's
    page.keyboard.press("ArrowRight")
    assert current_step(reader) == ["1"]
    page.keyboard.press("ArrowRight")
    assert current_step(reader) == ["2"]
    expect(page).to_have_url(re.compile(r"#step-2$"))
    assert not reader.errors


def test_svg_links_navigate_with_instant_navigation_on(reader: Reader) -> None:
    reader.open(f"/layers/{LAYER}/", enhanced=False)
    # The layer page's own list of stacks through it (the menu's Stacks section is folded).
    reader.page.locator(f".md-content a[href$='stacks/{STACK}/']").first.click()
    reader.page.wait_for_selector(".st-enhanced", state="attached")
    reader.page.locator(f'{DIAGRAM} .st-part[data-layer="worker-client"] a').click()
    reader.page.wait_for_url("**/layers/worker-client/")
    expect(reader.page.locator("h1")).to_have_text(re.compile(r"^GrpcWorkerClient\W"))
    assert not reader.errors


def test_narrow_screen(make_reader: Callable[..., Reader]) -> None:
    reader = make_reader(width=390, height=844)
    reader.open(STACK_PAGE)
    page = reader.page
    overflow = reader.js("() => document.scrollingElement.scrollWidth")
    assert overflow <= 390, "the page itself never scrolls sideways"
    page.keyboard.press("ArrowRight")
    dock = page.locator(".st-dock")
    expect(dock).to_be_visible()
    box = dock.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_print_shows_diagram_and_excerpts_without_controls(reader: Reader) -> None:
    reader.open(STACK_PAGE)
    page = reader.page
    page.keyboard.press("ArrowRight")
    page.emulate_media(media="print")
    for chrome in (".st-toolbar", ".st-dock", ".st-sticky-head", ".st-hbar"):
        for index in range(page.locator(chrome).count()):
            expect(page.locator(chrome).nth(index)).to_be_hidden()
    expect(page.locator(DIAGRAM)).to_be_visible()
    width = reader.js(f"() => document.querySelector('{DIAGRAM}').getBoundingClientRect().width")
    column = reader.js("() => document.querySelector('.md-content').getBoundingClientRect().width")
    assert width <= column + 1, "the printed diagram fits the page"
    excerpts = page.locator(".md-content > article .highlight")
    assert excerpts.count() >= 10
    reader.js("() => window.dispatchEvent(new Event('beforeprint'))")
    closed = "() => document.querySelectorAll('.md-content details:not([open])').length"
    assert reader.js(closed) == 0
    reader.js("() => window.dispatchEvent(new Event('afterprint'))")
    assert reader.js("() => document.querySelectorAll('.st-callstack[open]').length") == 0


def test_without_javascript_the_page_is_complete(make_reader: Callable[..., Reader]) -> None:
    reader = make_reader(js=False)
    reader.open(STACK_PAGE, enhanced=False)
    page = reader.page
    steps = page.locator("h3[id^='step-']")
    expect(steps).to_have_count(20)
    assert page.locator(".md-content .highlight").count() >= 10
    page.locator(f'{".st-sequence svg.st-seq"} .st-msg[data-step="9"] .st-label').first.click()
    expect(page).to_have_url(re.compile(r"#step-9$"))
    expect(page.locator("h3#step-9")).to_be_in_viewport()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_dark_and_light_pages_load_clean(make_reader: Callable[..., Reader], scheme: str) -> None:
    reader = make_reader(scheme=scheme)
    reader.open(STACK_PAGE)
    expected = "slate" if scheme == "dark" else "default"
    assert reader.js("() => document.body.dataset.mdColorScheme") == expected
    assert not reader.errors
