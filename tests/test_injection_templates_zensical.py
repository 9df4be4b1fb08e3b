"""The theme-template injection test (test_injection_templates_browser.py) on the Zensical
build: the same hostile project, `stacktour generate`, the real `zensical build`, every
page, the nav, the table of contents and Zensical's own search opened in Chromium.

Zensical 0.0.73 prints `<title>` through a `striptags` that decodes character references
and whose output is not escaped again, and a Markdown extension cannot change its
filters: a stack titled `</title><script>...` ran there until generated pages handed
Zensical their title as metadata (standalone/render.py, `set_page_title`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tools.browser import launch

from .conftest import REPO_ROOT
from .injection_fields import RAW_TEXT_ELEMENTS, payload, write_projects
from .sitetools import build_zensical, generate_stubs
from .test_injection_browser import PROVOKE, SCRIPT_LINKS, _ConfigLoader
from .test_injection_templates_browser import (
    QUERIES,
    SITE_NAME,
    Seen,
    _pages,
    browser,
    server,  # noqa: F401 - the fixture, serving the `site` below
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's mkdocs.yml over the hostile project, built as the README says."""
    root = tmp_path_factory.mktemp("templates-zensical")
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_ConfigLoader)
    for key in ("nav", "site_url", "repo_url", "edit_uri"):
        config.pop(key, None)
    config["site_name"] = SITE_NAME
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
    generated = generate_stubs(root)
    assert generated.returncode == 0, generated.stderr
    built = build_zensical(root)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Traceback" not in built.stdout + built.stderr
    return root / "site"


@pytest.fixture(scope="module")
def seen(site: Path, server: str) -> Seen:  # noqa: F811
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
            # Zensical's search is a dialog in a shadow root (Playwright's CSS pierces it).
            results = "dialog [role=option]"
            for query in QUERIES:
                page.goto(server, wait_until="load")
                page.click(".md-search__button")
                page.keyboard.type(query, delay=20)  # as a reader types: key events
                page.wait_for_selector(results, timeout=20_000)
                page.wait_for_timeout(300)
                seen.searches[query] = page.locator(results).count()
                seen.pwned[f"search:{query}"] = page.evaluate("() => window.__pwned")
                # Open the first result: the page highlights the query (search.highlight).
                page.locator(results).first.click()
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
    # as on the MkDocs build: 5 x (2 stacks + 2 layers), the stack in a hostile file name,
    # the stacks and layers indexes, the home page
    assert len(seen.titles) == 5 * 4 + 1 + 2 + 1
    assert all(count > 0 for count in seen.searches.values()), seen.searches


@browser
@pytest.mark.parametrize("element", RAW_TEXT_ELEMENTS)
def test_titles_show_the_payload_as_text(seen: Seen, element: str) -> None:
    """The payload reached `<title>`, the header, nav, path and TOC, and shows as text."""
    text = payload(element)
    for kind, name in (("stacks", f"main-{element}"), ("layers", f"front-{element}")):
        assert seen.titles[f"{kind}/{name}/"] == f"{text} - {SITE_NAME}"
        assert text in seen.nav[f"{kind}/{name}/"]


def test_search_index_holds_the_payloads_escaped_and_no_placeholder(site: Path) -> None:
    """Zensical's search index is HTML text too: what stacktour put there is text."""
    index = (site / "search.json").read_text("utf-8")
    assert "STACKTOURX" not in index
    text = json.dumps(json.loads(index), ensure_ascii=False)
    for element in RAW_TEXT_ELEMENTS:
        assert f"&lt;/{element}&gt;&lt;script&gt;" in text
        assert f"</{element}><script>" not in text
