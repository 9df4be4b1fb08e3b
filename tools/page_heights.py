"""Build the site (or take a built one), open every stack page in Chromium and print how
tall it is, in CSS px, at each width: the measure of how long a walkthrough reads.

    .venv/bin/python tools/page_heights.py [--site DIR] [--width 1440 --width 390]

Not a test (heights move with fonts and content); a number to compare before and after
a change to the pages.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tools.browser import CHROMIUM, MISSING, free_port, launch  # noqa: E402
from tools.screenshots import build_site, serve  # noqa: E402


def page_height(page: Page, url: str) -> int:
    """The full height of the page at `url` once it is whole, in CSS px.

    "networkidle" is not enough: a long page can still be parsing when the network goes
    quiet (worker-schedule measured 3,900 px instead of 15,900). Wait for the load event,
    the web fonts, and the page script's diagrams.
    """
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    if page.locator(".st-diagram.st-sequence").count():
        page.wait_for_selector(".st-enhanced", state="attached")
    page.wait_for_timeout(200)
    height: int = page.evaluate("document.documentElement.scrollHeight")
    return height


def heights(site: Path, widths: list[int]) -> list[tuple[str, int, int]]:
    """(page, width, height) for every page under stacks/ of a built site."""
    pages = sorted(p.parent.name for p in (site / "stacks").glob("*/index.html"))
    found = []
    with serve(site, free_port()) as base, sync_playwright() as p:
        browser = launch(p)
        for width in widths:
            page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
            for name in pages:
                found.append((name, width, page_height(page, f"{base}/stacks/{name}/")))
            page.context.close()
        browser.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--width", type=int, action="append", help="viewport width (px)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(MISSING, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="stacktour-heights-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build_site(site, "http://127.0.0.1")
        for name, width, height in heights(site, args.width or [1440]):
            print(f"{width:>5}  {height:>7}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
