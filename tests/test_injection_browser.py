"""The injection project (tests/hostile/injection) built into a real MkDocs site and opened
in Chromium: every payload tries to set `window.__pwned` or open a dialog; none may."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from tools.browser import CHROMIUM, MISSING, QuietHandler, launch

from .conftest import REPO_ROOT

INJECTION = Path(__file__).parent / "hostile" / "injection" / "stacks"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=MISSING),
]

INDEX = """\
# Injection

An embed of the hostile stack and of the map, through the Markdown extension:

```stacktour
stack: outer
caption: <script>window.__pwned=1</script>
```

```stacktour
view: map
stack: injected
```
"""

# Fire what a reader's mouse and keyboard would: any injected handler runs now.
PROVOKE = """() => {
  for (const el of document.querySelectorAll('*')) {
    for (const type of ['mouseover', 'mouseenter', 'mousemove', 'focus']) {
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
  }
  for (const d of document.querySelectorAll('details')) d.open = !d.open;
}"""

SCRIPT_LINKS = """() => [...document.querySelectorAll('[href], [src], [action], [formaction]')]
  .map(el => el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('action')
             || el.getAttribute('formaction') || '')
  .filter(v => /^\\s*(javascript|data|vbscript|file):/i.test(v))"""


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as YAML: an `!ENV` value (unset here) reads as null."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: None)


def _config(root: Path) -> None:
    """The repository's mkdocs.yml, pointed at the injection stacks and a one-page docs."""
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    config.pop("hooks", None)  # the Chinese build (hooks/languages.py) is not under test
    config.get("extra", {}).pop("alternate", None)  # nor its language menu
    config.pop("nav", None)
    config["site_name"] = "injection"
    config["strict"] = False  # the bidi characters are warnings by design
    config["plugins"] = ["search", {"stacktour": {"stacks_dir": "stacks"}}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(INDEX, "utf-8")
    shutil.copytree(INJECTION, root / "stacks")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("injection-site")
    _config(root)
    # Not --strict: the injection project's bidi characters are warnings by design.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(root / "site")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "ST211" in result.stderr  # the bidi controls were warned about
    return root / "site"


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _pages(site: Path) -> list[str]:
    pages = ["", "stacks/", "layers/"]
    for folder in ("stacks", "layers"):
        pages += [
            f"{folder}/{p.parent.name}/" for p in sorted((site / folder).glob("*/index.html"))
        ]
    return pages


@dataclass
class Trap:
    pwned: dict[str, object] = field(default_factory=dict)  # page -> window.__pwned
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    script_links: dict[str, list[str]] = field(default_factory=dict)
    opened: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def trap(site: Path, server: str) -> Trap:
    """Every page opened once, with every hook set; what happened, recorded."""
    from playwright.sync_api import ConsoleMessage, Dialog, Route, sync_playwright

    trap = Trap()
    with sync_playwright() as p:
        browser = launch(p)
        try:
            context = browser.new_context()

            def route(r: Route) -> None:
                if r.request.url.startswith(server):
                    r.continue_()
                else:  # nothing leaves the machine, and a beacon to a payload host shows
                    trap.outside.append(r.request.url)
                    r.abort()

            context.route("**/*", route)
            page = context.new_page()

            def on_dialog(d: Dialog) -> None:
                trap.dialogs.append(f"{page.url}: {d.type} {d.message}")
                d.dismiss()

            def on_console(m: ConsoleMessage) -> None:
                if m.type == "error":
                    trap.errors.append(f"{page.url}: {m.text}")

            page.on("dialog", on_dialog)
            page.on("console", on_console)
            page.on("pageerror", lambda e: trap.errors.append(f"{page.url}: {e}"))
            for path in _pages(site):
                page.goto(server + path, wait_until="load")
                page.evaluate(PROVOKE)
                page.wait_for_timeout(100)
                trap.pwned[path] = page.evaluate("() => window.__pwned")
                trap.script_links[path] = page.evaluate(SCRIPT_LINKS)
                trap.opened.append(path)
        finally:
            browser.close()
    return trap


def test_every_generated_page_is_opened(site: Path, trap: Trap) -> None:
    # home, the stacks and layers indexes, 2 stacks, 3 layers
    assert trap.opened == _pages(site) and len(trap.opened) == 8


def test_no_payload_runs(trap: Trap) -> None:
    assert trap.dialogs == []
    assert {path: flag for path, flag in trap.pwned.items() if flag is not None} == {}
    assert trap.outside == []
    assert {path: links for path, links in trap.script_links.items() if links} == {}


def test_no_console_error_at_all(trap: Trap) -> None:
    assert trap.errors == []


def test_the_trap_catches_a_payload_that_runs() -> None:
    """The hooks above are live: an unescaped payload is seen by each of them."""
    from playwright.sync_api import Dialog, sync_playwright

    dialogs: list[str] = []

    def on_dialog(d: Dialog) -> None:
        dialogs.append(d.message)
        d.dismiss()

    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page()
            page.on("dialog", on_dialog)
            page.set_content(
                '<img src="x" onerror="window.__pwned=1">'
                '<p onmouseover="alert(2)">hover</p><a href="javascript:void 0">x</a>'
            )
            page.wait_for_timeout(100)
            page.evaluate(PROVOKE)
            assert page.evaluate("() => window.__pwned") == 1
            assert page.evaluate(SCRIPT_LINKS) == ["javascript:void 0"]
        finally:
            browser.close()
    assert dialogs == ["2"]
