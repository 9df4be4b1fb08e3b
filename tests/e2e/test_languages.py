"""The language menu in Chromium: from a stack page to the same page in Chinese, at the same
step, and back; the step-through in Chinese; a page with no Chinese version leads to the
Chinese home page."""

from __future__ import annotations

from .conftest import STACK, Reader


def _choose(reader: Reader, lang: str) -> None:
    """Open the language menu and pick `lang`, as a reader does (hover, then click)."""
    reader.page.hover(".md-header__option .md-select")
    with reader.page.expect_navigation(wait_until="networkidle", timeout=30_000):
        reader.page.click(f"a.md-select__link[hreflang={lang}]")


def test_the_language_menu_keeps_the_page_and_the_step(reader: Reader) -> None:
    reader.open(f"/stacks/{STACK}/#step-3")
    _choose(reader, "zh")
    assert reader.page.url == f"{reader.base}/zh/stacks/{STACK}/#step-3"
    reader.page.wait_for_function("() => document.querySelector('.st-enhanced')", timeout=30_000)
    assert reader.js("document.documentElement.lang") == "zh"
    # The step-through speaks Chinese: stacktour's words come from messages.js.
    assert reader.page.inner_text(".st-zoom-fit") == "适应"
    assert reader.page.get_attribute(".st-zoom-in", "title") == "放大"
    assert "第 3 步，共 20 步" in reader.page.inner_text(".st-counter")
    _choose(reader, "en")
    assert reader.page.url == f"{reader.base}/stacks/{STACK}/#step-3"
    assert reader.js("document.documentElement.lang") == "en"
    assert reader.page.inner_text(".st-zoom-fit") == "Fit"
    assert not reader.errors, reader.errors


def test_a_page_without_a_chinese_version_leads_to_the_chinese_home(reader: Reader) -> None:
    reader.open("/guide/embed/")
    _choose(reader, "zh")
    assert reader.page.url == f"{reader.base}/zh/"
    assert reader.js("document.documentElement.lang") == "zh"
    assert not reader.errors, reader.errors


def test_search_finds_a_layer_in_each_language(reader: Reader) -> None:
    for home, query, text in (
        ("/", "invocation pipeline", "Invocation pipeline"),
        ("/zh/", "调用管道", "调用管道"),
    ):
        reader.open(home)
        reader.page.locator(".md-search__input").click()
        reader.page.keyboard.type(query)
        # Material reads the box on keyup. Playwright enters text beyond the US layout
        # without key events, where an input method ends with a key (Space, Enter); a
        # key of our own stands in for it.
        reader.page.keyboard.press("End")
        # The layer's page among the results (waits while results for the query come in).
        reader.page.locator('.md-search-result__item a[href*="layers/pipeline/"]').first.wait_for()
        # The Chinese index holds jieba's words joined by U+200B; a reader does not see them.
        assert text in reader.page.inner_text(".md-search-result__list").replace("\u200b", "")
    assert not reader.errors, reader.errors
