"""Browser fixtures: this repository's site, built once, served on 127.0.0.1, read in
Debian's Chromium through Playwright (never a downloaded browser).

The site is built with `site_url` set to the address it is served from: Material's
instant navigation only follows links it finds in sitemap.xml, and it rewrites the
sitemap's scheme and host to the page's but not the port.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from tools.browser import CHROMIUM, MISSING, QuietHandler, free_port, launch

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# The pages the tests read: a long, wide stack (20 steps, 15 layers) and a layer on it.
STACK = "worker-schedule"
LAYER = "grpc-worker"

_BUILD = (
    "import sys\n"
    "from mkdocs.commands.build import build\n"
    "from mkdocs.config import load_config\n"
    "build(load_config(config_file='mkdocs.yml', site_url=sys.argv[1], site_dir=sys.argv[2]))\n"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason=MISSING)
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site, served; yields `http://127.0.0.1:PORT` (no trailing slash)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    site = tmp_path_factory.mktemp("site")
    built = subprocess.run(
        [sys.executable, "-c", _BUILD, base + "/", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:
        pytest.fail(f"the site does not build:\n{built.stderr[-3000:]}", pytrace=False)
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


# Package scope: Playwright's sync API runs an event loop while it is open, and other
# browser tests outside this package start their own; the two must not overlap.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        chromium = launch(pw)
        yield chromium
        chromium.close()


class Reader:
    """A page plus what went wrong on it (console errors, uncaught exceptions)."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        page.set_default_timeout(10_000)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"{self.page.url}: {message.text}")

    def open(self, path: str, *, enhanced: bool = True) -> None:
        """Load `path` and wait until Material and stacktour have set the page up."""
        self.page.goto(self.base + path, wait_until="networkidle")
        if enhanced:
            self.page.wait_for_function(
                "() => !document.querySelector('.st-sequence svg')"
                " || document.querySelector('.st-enhanced')"
            )

    def js(self, expression: str, arg: object = None) -> Any:
        return self.page.evaluate(expression, arg)


@pytest.fixture
def make_reader(browser: Browser, base_url: str) -> Iterator[Callable[..., Reader]]:
    """Open a fresh browser context: `make_reader(width=390, scheme="dark")`."""
    contexts: list[BrowserContext] = []

    def make(
        width: int = 1280,
        height: int = 800,
        scheme: Literal["light", "dark"] = "light",
        js: bool = True,
    ) -> Reader:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            java_script_enabled=js,
        )
        contexts.append(context)
        return Reader(context.new_page(), base_url)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def reader(make_reader: Callable[..., Reader]) -> Reader:
    return make_reader()


def step_hash(url: str) -> int | None:
    match = re.search(r"#step-(\d+)$", url)
    return int(match.group(1)) if match else None
