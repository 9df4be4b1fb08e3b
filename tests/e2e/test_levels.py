"""The level-of-detail switcher, on a stack page drawn at two levels.

Until the sequence renderer writes levels into this site's pages, the page is this
site's worker stack with its diagram rewritten into the HTML contract for levels
(conftest.with_levels): "Full detail" (the default) and "Outline", the same diagram
without the arrows of steps 6 to 9, as a level that folds them leaves them out.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from .conftest import STACK, Reader, reading_pages
from .test_reading import current_step
from .test_viewer import ARROW_HIDDEN

STACK_PAGE = f"/stacks/{STACK}/"

SHOWN_LEVEL = """() => [...document.querySelectorAll('.st-levels .st-diagram')]
  .filter(d => !d.hidden && d.getClientRects().length).map(d => d.dataset.level)"""


def test_switcher_changes_level_in_place_and_steps_go_on(
    make_reader: Callable[..., Reader], levels_url: str
) -> None:
    reader = make_reader(base=levels_url)
    reader.open(STACK_PAGE)
    page = reader.page
    reader.js("() => { window.__samePage = true; }")
    buttons = page.locator(".st-level-switch .st-level")
    expect(buttons).to_have_count(2)
    expect(buttons.nth(0)).to_have_text("Full detail")
    expect(buttons.nth(0)).to_have_attribute("aria-pressed", "true")
    assert reader.js(SHOWN_LEVEL) == ["full"]
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    assert current_step(reader) == ["7"]

    # With the keyboard: the button takes the focus, Enter presses it.
    buttons.nth(1).focus()
    page.keyboard.press("Enter")
    expect(buttons.nth(1)).to_have_attribute("aria-pressed", "true")
    expect(buttons.nth(0)).to_have_attribute("aria-pressed", "false")
    assert reader.js(SHOWN_LEVEL) == ["outline"]
    assert reader.js("() => window.__samePage") is True, "no reload"
    expect(page).to_have_url(re.compile(r"/#step-7$"))  # the URL stays the step's

    # Step 7 is folded at this level: the nearest drawn step is marked, and the panel
    # says so and offers the level that draws it. Its call stack is still step 7's.
    assert current_step(reader) == ["5"]
    expect(page.locator(".st-counter")).to_have_text("Step 7 of 20 (folded)")
    fold = page.locator(".st-dock-fold")
    expect(fold).to_be_visible()
    expect(fold).to_contain_text("Step 7 is folded in “Outline”")
    assert reader.js(ARROW_HIDDEN) is None
    innermost = reader.js(
        "() => document.querySelector('article .st-step[data-step=\"7\"] .st-callstack li')"
        ".textContent"
    )
    expect(page.locator(".st-dock-stack li").first).to_have_text(innermost)

    # Keys go on; a step drawn at both levels is marked as itself.
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert current_step(reader) == ["10"]
    expect(page.locator(".st-counter")).to_have_text("Step 10 of 20")
    expect(fold).to_be_hidden()
    assert reader.js(ARROW_HIDDEN) is None

    # A #step-N link selects the step at the level on show.
    reader.js("() => { location.hash = '#step-12'; }")
    page.wait_for_function(
        "() => document.querySelector('.st-counter').textContent === 'Step 12 of 20'"
    )
    assert current_step(reader) == ["12"]

    # "Show it at Full detail" switches to the level that draws a folded step.
    reader.js("() => { location.hash = '#step-8'; }")
    page.wait_for_function(
        "() => document.querySelector('.st-counter').textContent.startsWith('Step 8 of 20')"
    )
    reader.js("() => window.scrollTo(0, 0)")  # back to the diagram, where keys drive it
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")
    fold.get_by_role("button", name="Show it at Full detail").click()
    assert reader.js(SHOWN_LEVEL) == ["full"]
    assert current_step(reader) == ["8"]
    assert reader.js(ARROW_HIDDEN) is None
    assert not reader.errors


def test_level_is_remembered_for_the_page(
    make_reader: Callable[..., Reader], levels_url: str
) -> None:
    reader = make_reader(base=levels_url)
    reader.open(STACK_PAGE)
    page = reader.page
    page.locator(".st-level-switch .st-level", has_text="Outline").click()
    assert reader.js(SHOWN_LEVEL) == ["outline"]
    # The browser remembers it for the page: a reload, or coming back, opens it.
    page.reload(wait_until="networkidle")
    page.wait_for_selector(".st-level-switch")
    assert reader.js(SHOWN_LEVEL) == ["outline"]
    reader.open(STACK_PAGE)
    assert reader.js(SHOWN_LEVEL) == ["outline"]
    # A link may name the level.
    reader.open(STACK_PAGE + "?level=full")
    assert reader.js(SHOWN_LEVEL) == ["full"]
    # Another stack page does not inherit it: it opens at its own default.
    reader.open("/stacks/host-start-instance/")
    assert reader.js(SHOWN_LEVEL) == ["full"]
    reader.open(STACK_PAGE)
    assert reader.js(SHOWN_LEVEL) == ["outline"]
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
    if not checked:
        pytest.skip("no stack page of this site has levels of detail yet (seq's part)")
    assert not problems, "\n".join(problems)
