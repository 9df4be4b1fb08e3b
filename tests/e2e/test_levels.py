"""The level-of-detail switcher, on this site's worker stack: drawn "Without middleware
and generated code" (where one arrow stands for steps 7 to 16, and step 20 runs inside
an activation bar) and at "Full detail", its default."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import STACK, Reader, reading_pages
from .test_reading import current_step
from .test_viewer import ARROW_HIDDEN

STACK_PAGE = f"/stacks/{STACK}/"
CORE = "Without middleware and generated code"

SHOWN_LEVEL = """() => [...document.querySelectorAll('.st-levels .st-diagram')]
  .filter(d => !d.hidden && d.getClientRects().length).map(d => d.dataset.level)"""


def counter_is(reader: Reader, text: str) -> None:
    reader.page.wait_for_function(
        "(t) => document.querySelector('.st-counter').textContent === t", arg=text
    )


def test_switcher_changes_level_in_place_and_steps_go_on(reader: Reader) -> None:
    reader.open(STACK_PAGE)
    page = reader.page
    reader.js("() => { window.__samePage = true; }")
    buttons = page.locator(".st-level-switch .st-level")
    expect(buttons).to_have_count(2)
    expect(buttons.nth(0)).to_have_text(CORE)
    expect(buttons.nth(1)).to_have_text("Full detail")
    expect(buttons.nth(1)).to_have_attribute("aria-pressed", "true")
    assert reader.js(SHOWN_LEVEL) == ["full"]
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    assert current_step(reader) == ["8"]

    # With the keyboard: the button takes the focus, Enter presses it.
    buttons.nth(0).focus()
    page.keyboard.press("Enter")
    expect(buttons.nth(0)).to_have_attribute("aria-pressed", "true")
    expect(buttons.nth(1)).to_have_attribute("aria-pressed", "false")
    assert reader.js(SHOWN_LEVEL) == ["core"]
    assert reader.js("() => window.__samePage") is True, "no reload"
    expect(page).to_have_url(re.compile(r"/#step-8$"))  # the URL stays the step's

    # Step 8 is one of the steps a single arrow stands for at this level: that arrow is
    # marked, and the panel says so. Its call stack is still step 8's.
    assert current_step(reader) == ["16"]
    expect(page.locator(".st-counter")).to_have_text("Step 8 of 20")
    fold = page.locator(".st-dock-fold")
    expect(fold).to_be_visible()
    expect(fold).to_contain_text(f"In “{CORE}”, one arrow stands for steps 7 to 16")
    assert reader.js(ARROW_HIDDEN) is None
    innermost = reader.js(
        "() => document.querySelector('article .st-step[data-step=\"8\"] .st-callstack li')"
        ".textContent"
    )
    expect(page.locator(".st-dock-stack li").first).to_have_text(innermost)

    # Keys go on; a step drawn by an arrow of its own is marked as itself.
    for _ in range(9):
        page.keyboard.press("ArrowRight")
    assert current_step(reader) == ["17"]
    expect(page.locator(".st-counter")).to_have_text("Step 17 of 20")
    expect(fold).to_be_hidden()
    assert reader.js(ARROW_HIDDEN) is None

    # A #step-N link selects the step at the level on show; step 20 draws no arrow
    # here and runs inside a marked activation bar.
    reader.js("() => { location.hash = '#step-20'; }")
    counter_is(reader, "Step 20 of 20 (folded)")
    expect(fold).to_contain_text(f"Step 20 is folded in “{CORE}”")
    assert reader.js("() => document.querySelectorAll('.st-scroller .st-act.st-current').length")

    # "Show it at Full detail" switches to the level that draws a step.
    reader.js("() => { location.hash = '#step-12'; }")
    counter_is(reader, "Step 12 of 20")
    reader.js("() => window.scrollTo(0, 0)")  # back to the diagram, where keys drive it
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")
    fold.get_by_role("button", name="Show it at Full detail").click()
    assert reader.js(SHOWN_LEVEL) == ["full"]
    assert current_step(reader) == ["12"]
    assert reader.js(ARROW_HIDDEN) is None
    assert not reader.errors


def test_level_is_remembered_for_the_page(reader: Reader) -> None:
    reader.open(STACK_PAGE)
    page = reader.page
    page.locator(".st-level-switch .st-level", has_text=CORE).click()
    assert reader.js(SHOWN_LEVEL) == ["core"]
    # The browser remembers it for the page: a reload, or coming back, opens it.
    page.reload(wait_until="networkidle")
    page.wait_for_selector(".st-level-switch")
    assert reader.js(SHOWN_LEVEL) == ["core"]
    reader.open(STACK_PAGE)
    assert reader.js(SHOWN_LEVEL) == ["core"]
    # A link may name the level.
    reader.open(STACK_PAGE + "?level=full")
    assert reader.js(SHOWN_LEVEL) == ["full"]
    # Another stack page with the same levels does not inherit it: it opens at its own
    # default; the end-to-end stack opens at its process level.
    reader.open("/stacks/bind-durable-client/")
    assert reader.js(SHOWN_LEVEL) == ["full"]
    reader.open("/stacks/start-orchestration/")
    assert reader.js(SHOWN_LEVEL) == ["processes"]
    reader.open(STACK_PAGE)
    assert reader.js(SHOWN_LEVEL) == ["core"]
    # The last choice wins.
    page.locator(".st-level-switch .st-level", has_text="Full detail").click()
    reader.open(STACK_PAGE)
    assert reader.js(SHOWN_LEVEL) == ["full"]
    assert not reader.errors


def test_every_level_marks_every_step(reader: Reader, base_url: str) -> None:
    """On this site's own stack pages drawn at levels of detail: at every level, every
    step marks something on screen (its arrow, the arrow standing for it, the bar it
    runs in, or the nearest arrow) and says when it is folded."""
    paths = [p for p in reading_pages(base_url) if p.startswith("/stacks/")]
    checked = 0
    problems = []
    for path in paths:
        reader.open(path)
        levels = reader.js(
            "() => [...document.querySelectorAll('.st-level-switch .st-level')]"
            ".map(b => b.dataset.level)"
        )
        for level in levels:
            reader.open(path)  # no step selected yet
            reader.page.locator(f".st-level[data-level='{level}']").click()
            total = reader.js("() => document.querySelectorAll('article h3[id^=\"step-\"]').length")
            for n in range(1, total + 1):
                reader.page.locator(".st-viewer-sequence .st-stepper .st-next").click()
                counter = reader.js("() => document.querySelector('.st-counter').textContent")
                fold = reader.js("() => document.querySelector('.st-dock-fold').textContent")
                if not counter.startswith(f"Step {n} of {total}"):
                    problems.append(f"{path} {level}: Next gave {counter!r}")
                    break
                if counter.endswith("(folded)") != ("is folded in" in fold):
                    problems.append(f"{path} {level} step {n}: {counter!r} but {fold!r}")
                hidden = reader.js(ARROW_HIDDEN)
                if hidden:
                    problems.append(f"{path} {level} step {n}: {hidden}")
                checked += 1
    assert checked, "no stack page of this site has levels of detail"
    assert not problems, "\n".join(problems)
