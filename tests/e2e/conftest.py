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
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    expect,
    sync_playwright,
)

from tools.browser import CHROMIUM, MISSING, QuietHandler, free_port, launch

ROOT = Path(__file__).resolve().parents[2]

# Up to eight engineers share two cores: what a reader waits for (a page, Material's
# instant navigation) can take seconds. Only a failure waits this long.
expect.set_options(timeout=20_000)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# The pages the tests read: a long, wide stack (20 steps, 15 layers) and a layer on it.
STACK = "worker-schedule"
LAYER = "grpc-worker"

_BUILD = (
    "import sys\n"
    "from mkdocs.commands.build import build\n"
    "from mkdocs.config import load_config\n"
    "build(load_config(config_file='mkdocs.yml', site_url=sys.argv[1], site_dir=sys.argv[2]))\n"
)

# A site to open from disk, built as its user would: file:// has no directory index,
# so every link must name its .html file.
_BUILD_FOR_DISK = (
    "import sys\n"
    "from mkdocs.commands.build import build\n"
    "from mkdocs.config import load_config\n"
    "build(load_config(config_file='mkdocs.yml', site_dir=sys.argv[1], use_directory_urls=False))\n"
)

# Until stacktour.js has set a page up: every diagram is in its viewer.
ENHANCED = (
    "() => !document.querySelector('.md-content .st-diagram svg')"
    " || document.querySelector('.st-enhanced')"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason=MISSING)
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


def _run_build(code: str, *args: str) -> None:
    built = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True
    )
    if built.returncode != 0:
        pytest.fail(f"the site does not build:\n{built.stderr[-3000:]}", pytrace=False)


@pytest.fixture(scope="session")
def disk_site(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The site built for opening from disk; yields its `file://` URL (no trailing slash)."""
    site = tmp_path_factory.mktemp("disk-site")
    _run_build(_BUILD_FOR_DISK, str(site))
    return site.as_uri()


@contextmanager
def serving(directory: Path, port: int) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1:`port`; yields the base URL (no trailing slash)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The built site and the address it is served at."""
    port = free_port()
    site = tmp_path_factory.mktemp("site")
    _run_build(_BUILD, f"http://127.0.0.1:{port}/", str(site))
    with serving(site, port) as base:
        yield site, base


@pytest.fixture(scope="session")
def base_url(served_site: tuple[Path, str]) -> str:
    """The built site, served: `http://127.0.0.1:PORT` (no trailing slash)."""
    return served_site[1]


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
        page.set_default_timeout(30_000)  # a loaded 2-core machine; only failures wait
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"{self.page.url}: {message.text}")

    def open(self, path: str, *, enhanced: bool = True, idle: bool = True) -> None:
        """Load `path` and wait until Material and stacktour have set the page up
        (`idle`: and the network has been quiet for half a second)."""
        self.page.goto(self.base + path, wait_until="networkidle" if idle else "load")
        if enhanced:
            self.page.wait_for_function(ENHANCED)

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
        base: str | None = None,
    ) -> Reader:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            java_script_enabled=js,
        )
        contexts.append(context)
        return Reader(context.new_page(), base or base_url)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def reader(make_reader: Callable[..., Reader]) -> Reader:
    return make_reader()


def site_paths(base: str) -> list[str]:
    """Every page in the served site's sitemap.xml, as a path (`/stacks/x/`)."""
    with urllib.request.urlopen(base + "/sitemap.xml", timeout=10) as response:
        tree = ET.fromstring(response.read())
    return [urlsplit(loc.text or "").path for loc in tree.iter(SITEMAP_NS + "loc")]


def reading_pages(base: str) -> list[str]:
    """The home page, every stack page and every layer page (not the two indexes)."""
    paths = site_paths(base)
    pages = [p for p in paths if re.fullmatch(r"/(stacks|layers)/[^/]+/", p)]
    assert len(pages) > 20 and "/" in paths, paths
    return ["/", *sorted(pages)]


def step_hash(url: str) -> int | None:
    match = re.search(r"#step-(\d+)$", url)
    return int(match.group(1)) if match else None
