"""The step-through starts on every stack page, served over HTTP (Material's instant
navigation on) and opened from disk (file://, where Material's page event never comes),
and again after Back (issue 13): keys step, a deep link lands on its step, Back
returns to it, and a step that does not exist is said so."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect
from stacktour.loader import load_project

from .conftest import ROOT, Reader

_project = load_project(ROOT / "stacks").project
assert _project is not None
STACKS = sorted(stack.id for stack in _project.stacks)

COUNTER = ".st-viewer-sequence .st-counter"
MARKED = """() => [...new Set([...document.querySelectorAll(
  '.st-viewer-sequence .st-scroller [data-step].st-current')].map(n => n.dataset.step))]"""


def _path(stack: str, where: str) -> str:
    return f"/stacks/{stack}/" if where == "http" else f"/stacks/{stack}.html"


def _wait_step(reader: Reader, n: int, total: int) -> None:
    expect(reader.page.locator(COUNTER)).to_have_text(f"Step {n} of {total}")
    assert reader.js(MARKED) == [str(n)]


@pytest.mark.parametrize("where", ["http", "disk"])
@pytest.mark.parametrize("stack", STACKS)
def test_step_through_starts_everywhere(
    make_reader: Callable[..., Reader], disk_site: str, stack: str, where: str
) -> None:
    reader = make_reader(base=disk_site if where == "disk" else None)
    page = reader.page
    path = _path(stack, where)
    reader.open(path)
    total = reader.js("() => document.querySelectorAll('.md-content h3[id^=\"step-\"]').length")
    assert total >= 2, stack

    # The keys step from the first step on, whatever kind it is (a sub-flow included).
    page.keyboard.press("ArrowRight")
    _wait_step(reader, 1, total)
    expect(page).to_have_url(re.compile(r"#step-1$"))
    page.keyboard.press("ArrowRight")
    _wait_step(reader, 2, total)

    # A deep link lands on its step.
    page.goto("about:blank")
    reader.open(f"{path}#step-{total}")
    _wait_step(reader, total, total)
    expect(page.locator(f"h3#step-{total}")).to_be_in_viewport()

    # Away through a link of that step's section to another page of this site (a
    # sub-flow's stack, or a frame of the call stack, opened as a reader would), then
    # Back: the step is selected again and the keys go on from it.
    section = page.locator(f"article .st-step[data-step='{total}']")
    toggle = section.locator("details.st-callstack > summary")
    if toggle.count():
        toggle.click()
    link = section.locator("a[href*='/layers/']:visible, a[href*='/stacks/']:visible").first
    target = link.get_attribute("href") or ""
    assert "github" not in target, target
    link.click()
    page.wait_for_url(lambda url: f"#step-{total}" not in url)
    page.go_back()
    page.wait_for_url(re.compile(rf"#step-{total}$"))
    _wait_step(reader, total, total)
    page.keyboard.press("ArrowLeft")
    _wait_step(reader, total - 1, total)

    # A step that does not exist is said so.
    page.goto("about:blank")
    reader.open(f"{path}#step-99")
    notice = page.locator(".st-viewer-sequence .st-notice")
    expect(notice).to_have_text(f"There is no step 99 on this page: its steps are 1 to {total}.")
    expect(notice).to_be_in_viewport()
    assert not reader.errors, reader.errors


def test_disk_site_is_built_for_file_urls(disk_site: str) -> None:
    """The site opened from disk names every page by its file, as file:// needs."""
    root = Path(disk_site.removeprefix("file://"))
    stacks = sorted(p.stem for p in (root / "stacks").glob("*.html") if p.stem != "index")
    assert stacks == STACKS
    page = (root / "stacks" / f"{STACKS[0]}.html").read_text("utf-8")
    assert re.search(r'href="\.\./layers/[a-z0-9-]+\.html', page)
