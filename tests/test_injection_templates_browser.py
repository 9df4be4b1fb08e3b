"""Every free-text field of the schemas, holding a break-out for every raw-text element
(`</title>`, `</textarea>`, `</style>`, `</script>`, `</noscript>` then a script), built
with the real MkDocs and Material and opened in Chromium: every page, the nav, the table
of contents, and the search results. No dialog opens and `window.__pwned` stays unset.

Material prints page titles through `striptags`, which decodes character references:
without stacktour's hardened filter, `</title><script>...` ran in every reader's browser.
"""

from __future__ import annotations

import functools
import os
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
from .injection_fields import (
    RAW_TEXT_ELEMENTS,
    filled_fields,
    free_text_fields,
    kind_of,
    payload,
    project_files,
    write_projects,
)
from .test_injection_browser import PROVOKE, SCRIPT_LINKS, _ConfigLoader

SITE_NAME = "templates"


def test_every_free_text_field_is_filled() -> None:
    """The project below holds the payload in every free-text field the schemas have."""
    for element in RAW_TEXT_ELEMENTS:
        filled: set[tuple[str, str]] = set()
        for name, data in project_files(element).items():
            filled |= set(filled_fields(kind_of(name), data, payload(element)))
        assert filled == free_text_fields(), element
    assert len(free_text_fields()) >= 30


def browser(test):  # type: ignore[no-untyped-def]
    """Marks a test that opens the site in Chromium."""
    return pytest.mark.browser(pytest.mark.skipif(not CHROMIUM.exists(), reason=MISSING)(test))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's mkdocs.yml (Material, its features, search) over the project."""
    root = tmp_path_factory.mktemp("templates-site")
    # mkdocs.yml reads site_url and friends with `!ENV`, which safe_load refuses.
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    config.pop("hooks", None)  # the Chinese build (hooks/languages.py) is not under test
    config.get("extra", {}).pop("alternate", None)  # nor its language menu
    # An explicit nav, as this repository's own: the plugin then adds its sections itself,
    # with a section per group (titled from YAML) around the layer pages.
    config["nav"] = [{"Home": "index.md"}]
    config["site_name"] = SITE_NAME
    # One language: the hook that builds the Chinese copy lives beside the repository's
    # mkdocs.yml, not in this temporary site.
    config.pop("hooks", None)
    # The edit link ("Edit this page") is the file name's way into the page; it is only
    # there with a repository.
    config["repo_url"] = "https://example.com/repo"
    config["edit_uri"] = "edit/main/docs/"
    config["plugins"] = ["search", {"stacktour": {"stacks_dir": "stacks"}}]
    config["theme"]["features"] = [
        *config["theme"]["features"],
        "navigation.path",
        "navigation.footer",
    ]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", "utf-8")
    write_projects(root / "stacks")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(root / "site")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
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
    return sorted(
        p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
        if p.parent != site and not p.parent.name.startswith("assets")
    )


@dataclass
class Seen:
    pwned: dict[str, object] = field(default_factory=dict)
    dialogs: list[str] = field(default_factory=list)
    script_links: dict[str, list[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # page -> document.title
    nav: dict[str, str] = field(default_factory=dict)  # page -> text of the nav and TOC
    searches: dict[str, int] = field(default_factory=dict)  # query -> results shown
    outside: list[str] = field(default_factory=list)


# Material's index splits on blanks and hyphens: these words start tokens of the payload
# (`src=x`, `onerror=...`) and of the prose around it.
QUERIES = ("src", "onerror", "steps")


@pytest.fixture(scope="module")
def seen(site: Path, server: str) -> Seen:
    from playwright.sync_api import Dialog, Route, sync_playwright

    seen = Seen()
    with sync_playwright() as p:
        chromium = launch(p)
        try:
            context = chromium.new_context()

            def route(r: Route) -> None:
                if r.request.url.startswith(server):
                    r.continue_()
                else:
                    seen.outside.append(r.request.url)
                    r.abort()

            context.route("**/*", route)
            page = context.new_page()

            def on_dialog(d: Dialog) -> None:
                seen.dialogs.append(f"{page.url}: {d.type} {d.message}")
                d.dismiss()

            page.on("dialog", on_dialog)
            for path in ["", *_pages(site)]:
                page.goto(server + path, wait_until="load")
                page.evaluate(PROVOKE)
                page.wait_for_timeout(50)
                seen.pwned[path] = page.evaluate("() => window.__pwned")
                seen.script_links[path] = page.evaluate(SCRIPT_LINKS)
                seen.titles[path] = page.title()
                seen.nav[path] = page.evaluate(
                    "() => [...document.querySelectorAll('.md-nav, .md-path, .md-footer')]"
                    ".map(n => n.textContent).join(' ')"
                )
            for query in QUERIES:
                page.goto(server, wait_until="load")
                page.click("input[data-md-component='search-query']")
                page.keyboard.type(query, delay=20)  # as a reader types: key events
                page.wait_for_selector(".md-search-result__item", timeout=20_000)
                page.evaluate(PROVOKE)
                page.wait_for_timeout(100)
                seen.searches[query] = page.locator(".md-search-result__item").count()
                seen.pwned[f"search:{query}"] = page.evaluate("() => window.__pwned")
                # Open the first result: the page highlights the query (search.highlight).
                page.locator(".md-search-result__link").first.click()
                page.wait_for_load_state("load")
                page.evaluate(PROVOKE)
                page.wait_for_timeout(100)
                seen.pwned[f"result:{query}"] = page.evaluate("() => window.__pwned")
        finally:
            chromium.close()
    return seen


@browser
def test_no_payload_runs_anywhere(seen: Seen) -> None:
    assert seen.dialogs == []
    assert {k: v for k, v in seen.pwned.items() if v is not None} == {}
    assert {k: v for k, v in seen.script_links.items() if v} == {}
    assert seen.outside == []


@browser
def test_every_page_and_search_was_looked_at(seen: Seen) -> None:
    # 5 x (2 stacks + 2 layers), the stack in a hostile file name, the stacks and layers
    # indexes, the home page
    assert len(seen.titles) == 5 * 4 + 1 + 2 + 1
    assert all(count > 0 for count in seen.searches.values()), seen.searches


@browser
@pytest.mark.parametrize("element", RAW_TEXT_ELEMENTS)
def test_titles_show_the_payload_as_text(seen: Seen, element: str) -> None:
    """The payload reached each template, and shows there as the text it is."""
    text = payload(element)
    for kind, name in (("stacks", f"main-{element}"), ("layers", f"front-{element}")):
        assert seen.titles[f"{kind}/{name}/"] == f"{text} - {SITE_NAME}"
        assert text in seen.nav[f"{kind}/{name}/"]  # nav, breadcrumbs and TOC entries


def test_the_edit_link_quotes_the_file_name(site: Path) -> None:
    page = (site / "stacks" / "edit-link" / "index.html").read_text("utf-8")
    assert "x%22%20onmouseover%3D%22window.__pwned" in page
    assert "onmouseover=" not in page


def test_search_index_holds_the_payloads_escaped_and_no_placeholder(site: Path) -> None:
    """Material's search renders its index as HTML: what stacktour put there is text."""
    index = (site / "search" / "search_index.json").read_text("utf-8")
    assert "STACKTOURX" not in index  # diagrams are swapped in after the index is built
    for element in RAW_TEXT_ELEMENTS:
        assert f"&lt;/{element}&gt;&lt;script&gt;" in index
        assert f"</{element}><script>" not in index
