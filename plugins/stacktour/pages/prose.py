"""Markdown from YAML prose fields, rendered to HTML that cannot carry raw HTML or scripts.

Authors write Markdown in `summary`, `explanation` and `note`; pull requests bring those
files in, so raw HTML is switched off (it shows as text) and every link or image URL
that is not http(s), relative or a fragment is dropped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache, lru_cache

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from ..escape import html_text, xml_safe
from ..links import is_safe_url
from ..markdown_limits import fence_problem, prose_problem


class _SafeLinks(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not is_safe_url(value):
                    del element.attrib[attribute]
            if element.tag == "a" and element.get("href", "").startswith(("http:", "https:")):
                element.set("rel", "noopener")


class _TableCodeBreaks(Treeprocessor):
    """A dotted name in a table cell (`Company.Function.HelloOrchestration.HttpStart`)
    may wrap after a dot: `<wbr>` there, and walkthrough.css breaks it nowhere else."""

    def run(self, root: ET.Element) -> None:
        for cell in root.iter():
            if cell.tag not in ("td", "th"):
                continue
            for code in cell.iter("code"):
                text = code.text or ""
                if len(code) or "." not in text.strip(".") or len(text) > 400:
                    continue
                parts = text.split(".")
                code.text = AtomicString(parts[0] + ".")
                for i, part in enumerate(parts[1:], start=1):
                    wbr = ET.SubElement(code, "wbr")
                    wbr.tail = AtomicString(part + ("." if i < len(parts) - 1 else ""))


class _NoRawHtml(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "stacktour_safe_links", 0)
        md.treeprocessors.register(_TableCodeBreaks(md), "stacktour_table_code_breaks", 1)


@cache
def _renderer() -> markdown.Markdown:
    # Fenced code in prose is highlighted like the site's own blocks (Material styles
    # `.highlight`); the fence's text is code, never HTML.
    return markdown.Markdown(
        extensions=[
            _NoRawHtml(),
            "sane_lists",
            "tables",
            "pymdownx.highlight",
            "pymdownx.superfences",
        ],
        extension_configs={"pymdownx.highlight": {"pygments_lang_class": True}},
    )


@lru_cache(maxsize=8192)
def prose_html(text: str) -> str:
    """Safe HTML for a Markdown prose field ("" for empty text).

    Text beyond `markdown_limits` (which the loader refuses) is shown as plain text rather
    than parsed, so no caller can make Markdown recurse or scan without bound. Memoized: a
    frame's explanation is shown at every step it makes a call and again on its layer
    page, and Markdown is a large share of building the pages.
    """
    if not text.strip():
        return ""
    if prose_problem(text) is not None or fence_problem(text) is not None:
        return f"<p>{html_text(text)}</p>"
    md = _renderer()
    md.reset()
    return md.convert(xml_safe(text))


def prose_inline(text: str) -> str:
    """Like prose_html, without the enclosing paragraph when the text is one paragraph."""
    html = prose_html(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
