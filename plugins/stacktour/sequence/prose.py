"""Markdown prose fields (`note`, `summary`, ...) as the diagram draws them: plain text
that keeps its paragraphs and list items.

The text is decoded exactly as the page shows it: the Markdown goes through the page's
own renderer (`pages.prose.prose_html`, raw HTML off), and the diagram takes the text
of the resulting HTML. So inline marks (`code`, **strong**, [links](...)), escapes and
character references read as they do on the page, and a list item stays a list item.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

from ..pages.prose import prose_html
from ..text import first_sentence

BULLET = "\u2022"
_BLOCKS = {"p", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "dt", "dd"}


@dataclass(frozen=True)
class Para:
    """One paragraph or list item, its text on one line (the layout wraps it)."""

    text: str
    bullet: str = ""  # "•" for a bulleted item, "3." for a numbered one, "" otherwise
    depth: int = 0  # how deep in lists (0: not in a list)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paras: list[Para] = []
        self.lists: list[list[int]] = []  # per open list: [next number] or [] for bullets
        self.words: list[str] = []
        self.bullet = ""
        self.pre = 0

    def _flush(self) -> None:
        text = "".join(self.words)
        if self.pre:
            lines = [line.rstrip() for line in text.strip("\n").split("\n")]
        else:
            lines = [" ".join(text.split())]
        for line in lines:
            if line or self.bullet:
                self.paras.append(Para(line, self.bullet, len(self.lists)))
                self.bullet = ""
        self.words = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self._flush()
            start = dict(attrs).get("start") or "1"
            self.lists.append([int(start)] if tag == "ol" and start.isdigit() else [])
        elif tag == "li":
            self._flush()
            counter = self.lists[-1] if self.lists else []
            if counter:
                self.bullet = f"{counter[0]}."
                counter[0] += 1
            else:
                self.bullet = BULLET
        elif tag in _BLOCKS:
            if not (tag == "p" and self.bullet and not "".join(self.words).strip()):
                self._flush()  # a loose list item's first paragraph keeps its bullet
            self.pre += tag == "pre"
        elif tag == "br":
            self._flush()
        elif tag in ("td", "th") and "".join(self.words).strip():
            self.words.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag in _BLOCKS:
            self._flush()
            self.pre -= tag == "pre"

    def handle_data(self, data: str) -> None:
        self.words.append(data)


@lru_cache(maxsize=4096)
def paragraphs(markdown: str) -> tuple[Para, ...]:
    """The paragraphs and list items of a Markdown field, as the page renders them."""
    if not markdown.strip():
        return ()
    parser = _Text()
    parser.feed(prose_html(markdown))
    parser.close()
    parser._flush()
    return tuple(parser.paras)


def plain(markdown: str) -> str:
    """The field as plain text for a tooltip: one line per paragraph or item, items
    with their bullet or number."""
    return plain_text(paragraphs(markdown))


def plain_text(paras: Sequence[Para]) -> str:
    """Paragraphs as `plain` gives them: one per line, items indented by depth."""
    return "\n".join(
        "  " * max(p.depth - 1, 0) + (f"{p.bullet} " if p.bullet else "") + p.text for p in paras
    )


def gist(markdown: str) -> str:
    """The first sentence of the field's first paragraph, as plain text: what a tooltip
    says of a layer, group or sub-flow whose page has the whole summary."""
    paras = paragraphs(markdown)
    return first_sentence(paras[0].text) if paras else ""


def one_line(markdown: str) -> str:
    """The field's text on one line (an SVG's description)."""
    return " ".join(plain(markdown).split())
