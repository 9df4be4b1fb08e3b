"""Hostile stack files built into a real site with the real `mkdocs build` (Material),
for what only the whole build shows: the swap of placeholders for diagrams, ids across
the page, the theme."""

from __future__ import annotations

import functools
import json
import re
import threading
from collections import Counter
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from stacktour.site import get_site

from tools.browser import CHROMIUM, MISSING, QuietHandler, launch

from .conftest import REPO_ROOT, write_project
from .sitetools import build_site
from .test_injection_browser import _ConfigLoader

PWN = "App <img src=x onerror=\"window.__pwned='nav'\"> </label><script>window.__pwned=1</script>"


def _late_tokens(stacks: Path, page: str) -> list[str]:
    site = get_site(stacks.resolve())
    assert site.load().ok
    [found] = [p for p in site.pages(directory_urls=True, preferred=()) if p.path == page]
    return list(found.late)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-site")
    stacks = write_project(root / "stacks")
    # Placeholder tokens are predictable (a hash of the page path and a count): prose
    # that spells the token of a diagram must stay text, not become a second diagram.
    token = _late_tokens(stacks, "stacks/flow.md")[0]
    server = stacks / "layers" / "server.yaml"
    server.write_text(
        server.read_text("utf-8").replace(
            "    title: Handle\n", f"    title: Handle\n    explanation: {token}\n"
        ),
        "utf-8",
    )
    assert _late_tokens(stacks, "stacks/flow.md")[0] == token
    # A group title that would be markup in the nav (the explicit nav below gives each
    # group its own section), a page title that slugs to the theme's search toggle, and
    # a frame title whose CR would end its heading.
    system = stacks / "system.yaml"
    system.write_text(
        system.read_text("utf-8").replace("title: App process", f"title: {json.dumps(PWN)}"),
        "utf-8",
    )
    flow = stacks / "flow.yaml"
    flow.write_text(flow.read_text("utf-8").replace("title: A flow", "title: __search"), "utf-8")
    server.write_text(
        server.read_text("utf-8").replace("    title: Store", '    title: "Store\\r\\r~~~"'),
        "utf-8",
    )
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    config.pop("hooks", None)  # the Chinese build (hooks/languages.py) is not under test
    config.get("extra", {}).pop("alternate", None)  # nor its language menu
    for key in ("nav", "site_url", "repo_url", "edit_uri"):
        config.pop(key, None)
    config["plugins"] = ["search", {"stacktour": {"stacks_dir": "stacks"}}]
    config["nav"] = [{"Home": "index.md"}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", "utf-8")
    result = build_site(root, root / "site", env={"NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return root / "site"


def test_prose_spelling_a_placeholder_stays_text(site: Path) -> None:
    page = (site / "stacks" / "flow" / "index.html").read_text("utf-8")
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [name for name, n in ids.items() if n > 1] == []
    assert re.search(r"<p>STACKTOURX[0-9A-F]{16}</p>", page)  # shown as the text it is


def test_every_id_is_unique_on_every_page(site: Path) -> None:
    for page in site.rglob("*.html"):
        ids = Counter(re.findall(r'\sid="([^"]+)"', page.read_text("utf-8")))
        assert [name for name, n in ids.items() if n > 1] == [], page


def test_a_carriage_return_keeps_the_step_heading_whole(site: Path) -> None:
    page = (site / "stacks" / "flow" / "index.html").read_text("utf-8")
    assert re.search(r'<h3 data-frame="server.store" id="step-2">2\. Server\.Store  ~~~', page)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=MISSING)
def test_nothing_runs_in_chromium(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    dialogs: list[str] = []
    try:
        with sync_playwright() as p:
            chromium = launch(p)
            try:
                page = chromium.new_page()
                page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                for path in ("", "stacks/flow/", "layers/client/", "layers/server/"):
                    page.goto(base + path, wait_until="load")
                    page.wait_for_timeout(50)
                    assert page.evaluate("() => window.__pwned") is None, path
                    assert PWN in page.locator(".md-nav--primary").inner_text(), path
                page.goto(base + "stacks/flow/", wait_until="load")
                # The theme's search toggle is still the one element with its id.
                assert page.evaluate("() => document.getElementById('__search').tagName") == (
                    "INPUT"
                )
                assert page.evaluate("() => document.getElementById('step-2').tagName") == "H3"
            finally:
                chromium.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert dialogs == []
