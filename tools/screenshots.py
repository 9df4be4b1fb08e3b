"""Build the site, serve it on 127.0.0.1 and save screenshots of what a reader sees.

    .venv/bin/python tools/screenshots.py [OUT_DIR] [--stack ID] [--layer ID]

Shots (PNG, not committed): a stack page mid-walkthrough in light and dark at 1280 and
390 px wide, the same page scrolled so the sticky participant header shows, full
screen, a deep link into the walkthrough, and a layer page. Uses Debian's Chromium
(/usr/bin/chromium) through Playwright; never downloads a browser.
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tools.browser import CHROMIUM, MISSING, QuietHandler, free_port, launch  # noqa: E402

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


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


def step_to(page: Page, number: int) -> None:
    """Walk with → from the top of the page to step `number`, as a reader would."""
    for _ in range(number):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)


def shoot(base: str, out: Path, stack: str, layer: str) -> list[Path]:
    saved: list[Path] = []
    with sync_playwright() as p:
        browser = launch(p)
        for scheme in ("light", "dark"):
            for name, (width, height) in WIDTHS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                page = context.new_page()
                tag = f"{scheme}-{name}"
                page.goto(f"{base}/stacks/{stack}/", wait_until="networkidle")
                page.wait_for_selector(".st-enhanced", state="attached")
                step_to(page, 7)
                saved.append(out / f"stack-walkthrough-{tag}.png")
                page.screenshot(path=saved[-1])
                if name == "desktop":
                    # Far down a long diagram, the participant header stays in view.
                    page.keyboard.press("ArrowRight")
                    for _ in range(8):
                        page.keyboard.press("ArrowRight")
                    page.wait_for_timeout(300)
                    saved.append(out / f"stack-sticky-header-{tag}.png")
                    page.screenshot(path=saved[-1])
                    page.locator(".st-full").first.click()
                    page.wait_for_timeout(400)
                    saved.append(out / f"stack-fullscreen-{tag}.png")
                    page.screenshot(path=saved[-1])
                    page.locator(".st-full").first.click()
                page.goto(f"{base}/stacks/{stack}/#step-7", wait_until="networkidle")
                page.wait_for_timeout(300)
                saved.append(out / f"stack-deeplink-{tag}.png")
                page.screenshot(path=saved[-1])
                page.goto(f"{base}/layers/{layer}/", wait_until="networkidle")
                saved.append(out / f"layer-{tag}.png")
                page.screenshot(path=saved[-1], full_page=name == "desktop")
                context.close()
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default="/tmp/stacktour-shots", type=Path)
    parser.add_argument("--stack", default="worker-schedule", help="the stack page to shoot")
    parser.add_argument("--layer", default="grpc-worker", help="the layer page to shoot")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(MISSING, file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="stacktour-site-") as tmp:
        site = Path(tmp) / "site"
        port = free_port()
        build_site(site, f"http://127.0.0.1:{port}")
        with serve(site, port) as base:
            for path in shoot(base, args.out, args.stack, args.layer):
                print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
