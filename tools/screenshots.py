"""Build the site, serve it on 127.0.0.1 and save screenshots of what a reader sees.

    .venv/bin/python tools/screenshots.py [OUT_DIR] [--stack ID] [--layer ID]
    .venv/bin/python tools/screenshots.py --guide

Without --guide (PNGs to look at, not committed): a stack page mid-walkthrough in light
and dark at 1280 and 390 px wide, the same page scrolled so the sticky participant
header shows, full screen, a deep link into the walkthrough, and a layer page.

With --guide: the pictures of the guide page on reading a stack (docs/guide/reading.md),
written to docs/guide/img/ to be committed: the end-to-end page, the worker page with
its step panel open and the home page's map at 1280x720, and the end-to-end page, the
home map and the worker page (dark palette) on a phone at 390x844. For each it prints
the smallest diagram text on screen (font size x the diagram's scale, CSS px) as shot
and after "Fit".

Uses Debian's Chromium (/usr/bin/chromium) through Playwright; never downloads a
browser. Scrollbars are drawn, as on a desktop, so the pictures show the diagram's.
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tools.browser import CHROMIUM, MISSING, QuietHandler, free_port, launch  # noqa: E402

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
GUIDE_IMAGES = ROOT / "docs" / "guide" / "img"
ENHANCED = (
    "() => !document.querySelector('.md-content .st-diagram svg')"
    " || document.querySelector('.st-enhanced')"
)


# The smallest text of the diagrams in view (font size x the SVG's scale on screen, CSS
# px) and which text it is; text outside the window is left out.
SMALLEST_TEXT = """() => {
  let min = Infinity, text = null;
  for (const svg of document.querySelectorAll('.md-content .st-scroller svg')) {
    if (!svg.getClientRects().length) continue;
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (!t.textContent.trim() || r.bottom < 0 || r.top > innerHeight
          || r.right < 0 || r.left > innerWidth) continue;
      const m = t.getScreenCTM();
      const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (size < min) { min = size; text = t.textContent.trim().slice(0, 30); }
    }
  }
  return [min, text];
}"""


@contextmanager
def serve(directory: Path, port: int) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1:`port`; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# site_url must be the address the site is served from: Material's instant navigation
# follows only links in sitemap.xml, whose port it does not rewrite.
_BUILD = (
    "import sys\n"
    "from mkdocs.commands.build import build\n"
    "from mkdocs.config import load_config\n"
    "build(load_config(config_file='mkdocs.yml', site_url=sys.argv[1], site_dir=sys.argv[2]))\n"
)


def build_site(target: Path, base: str) -> None:
    subprocess.run([sys.executable, "-c", _BUILD, base + "/", str(target)], cwd=ROOT, check=True)


def open_page(page: Page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.wait_for_function(ENHANCED)


def step_to(page: Page, number: int) -> None:
    """Walk with → from the top of the page to step `number`, as a reader would."""
    for _ in range(number):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)


def diagram_to_top(page: Page, selector: str) -> None:
    """Scroll the page so the viewer `selector` starts just under Material's header."""
    page.evaluate(
        """(sel) => window.scrollBy(0, document.querySelector(sel).getBoundingClientRect().top
                   - document.querySelector('.md-header').getBoundingClientRect().bottom - 8)""",
        selector,
    )
    page.wait_for_timeout(300)


def shoot(base: str, out: Path, stack: str, layer: str) -> list[Path]:
    saved: list[Path] = []
    with sync_playwright() as p:
        browser = launch(p, scrollbars=True)
        for scheme in ("light", "dark"):
            for name, (width, height) in WIDTHS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                page = context.new_page()
                tag = f"{scheme}-{name}"
                open_page(page, f"{base}/stacks/{stack}/")
                step_to(page, 7)
                saved.append(out / f"stack-walkthrough-{tag}.png")
                page.screenshot(path=saved[-1])
                if name == "desktop":
                    # Far down a long diagram, the participant header stays in view.
                    step_to(page, 9)
                    saved.append(out / f"stack-sticky-header-{tag}.png")
                    page.screenshot(path=saved[-1])
                    page.locator(".st-viewer-sequence .st-full").click()
                    page.wait_for_timeout(400)
                    saved.append(out / f"stack-fullscreen-{tag}.png")
                    page.screenshot(path=saved[-1])
                    page.locator(".st-viewer-sequence .st-full").click()
                open_page(page, f"{base}/stacks/{stack}/#step-7")
                saved.append(out / f"stack-deeplink-{tag}.png")
                page.screenshot(path=saved[-1])
                open_page(page, f"{base}/layers/{layer}/")
                saved.append(out / f"layer-{tag}.png")
                page.screenshot(path=saved[-1], full_page=name == "desktop")
                context.close()
        browser.close()
    return saved


@dataclass(frozen=True)
class Shot:
    """One picture of the guide: a page, a window, a palette, and what the reader did."""

    name: str
    path: str
    size: tuple[int, int]
    scheme: str
    act: Callable[[Page], None]


def _end_to_end(page: Page) -> None:
    diagram_to_top(page, ".st-viewer-sequence")
    step_to(page, 2)  # the network hop, with its panel


def _worker(page: Page) -> None:
    step_to(page, 5)


def _home_map(page: Page) -> None:
    diagram_to_top(page, ".st-viewer-map")


LAPTOP = (1280, 720)
PHONE = (390, 844)
GUIDE_SHOTS = [
    Shot("end-to-end", "/stacks/start-orchestration/", LAPTOP, "light", _end_to_end),
    Shot("worker-step", "/stacks/worker-schedule/", LAPTOP, "light", _worker),
    Shot("home-map", "/", LAPTOP, "light", _home_map),
    Shot("end-to-end-phone", "/stacks/start-orchestration/", PHONE, "light", _end_to_end),
    Shot("home-map-phone", "/", PHONE, "light", _home_map),
    Shot("worker-phone-dark", "/stacks/worker-schedule/", PHONE, "dark", _worker),
]


def smallest_text(page: Page) -> str:
    size, text = page.evaluate(SMALLEST_TEXT)
    return f"{size:.1f} px ({text!r})" if text else "no diagram text in view"


def shoot_guide(base: str, out: Path) -> list[Path]:
    saved = []
    with sync_playwright() as p:
        desktop = launch(p, scrollbars=True)
        phone = launch(p)  # a phone's scrollbars show only while scrolling
        for shot in GUIDE_SHOTS:
            width, height = shot.size
            browser = desktop if width >= 1000 else phone
            context = browser.new_context(
                viewport={"width": width, "height": height}, color_scheme=shot.scheme
            )
            page = context.new_page()
            open_page(page, base + shot.path)
            shot.act(page)
            saved.append(out / f"{shot.name}.png")
            page.screenshot(path=saved[-1])
            shown = smallest_text(page)
            page.evaluate("() => document.querySelector('.md-content .st-zoom-fit').click()")
            page.wait_for_timeout(300)
            fitted = smallest_text(page)
            print(f"{shot.name} {width}x{height}: smallest text {shown}; after Fit {fitted}")
            context.close()
        desktop.close()
        phone.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, help="folder for the PNGs")
    parser.add_argument("--stack", default="worker-schedule", help="the stack page to shoot")
    parser.add_argument("--layer", default="grpc-worker", help="the layer page to shoot")
    parser.add_argument(
        "--guide", action="store_true", help=f"the guide's pictures, into {GUIDE_IMAGES}"
    )
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(MISSING, file=sys.stderr)
        return 2
    out: Path = args.out or (GUIDE_IMAGES if args.guide else Path("/tmp/stacktour-shots"))
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="stacktour-site-") as tmp:
        site = Path(tmp) / "site"
        port = free_port()
        build_site(site, f"http://127.0.0.1:{port}")
        with serve(site, port) as base:
            if args.guide:
                paths = shoot_guide(base, out)
            else:
                paths = shoot(base, out, args.stack, args.layer)
            for path in paths:
                print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
