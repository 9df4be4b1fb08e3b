"""Escaping for the two DOT contexts a map uses, measured against the real `dot`.

Graphviz reads attribute values twice: the DOT lexer undoes `\\"`, then the attribute's
own "escString" rules expand `\\N`, `\\G`, `\\E`, `\\T`, `\\H`, `\\L` (names of the
graph's objects) and turn `\\n`, `\\l`, `\\r` into line breaks. Labels also decode XML
entities (`&amp;`, `&#106;`) before drawing. So a label from YAML needs its backslashes
doubled and its ampersands written as `&amp;` to come out as typed, and HTML-like
labels (`<...>`) need XML escaping on top. Tooltips are worse (Graphviz 2.43 unescapes
them twice), which is why the map attaches tooltips to the SVG after layout instead of
passing them through DOT.

The `graphviz` package quotes values itself: it escapes only quotes it considers
unescaped, leaves backslashes alone and passes `<...>` through as HTML. The helpers here
return values already in their final form, wrapped in `graphviz.nohtml` so that no value
is ever mistaken for an HTML-like label.
"""

from __future__ import annotations

import graphviz

from ..escape import xml_safe
from ..links import is_safe_url


def _esc_body(text: str) -> str:
    """Backslashes, quotes, entities and newlines neutralised for an escString."""
    text = xml_safe(text).replace("\\", "\\\\").replace("&", "&amp;").replace('"', '\\"')
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def label(text: str) -> str:
    """A plain (non-HTML) label, xlabel or cluster label: drawn exactly as given."""
    return graphviz.nohtml(_esc_body(text))


def html_text(text: str) -> str:
    """Text inside an HTML-like label: XML-escaped, and `\\N`-style escapes neutralised."""
    text = xml_safe(text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("\\", "\\\\")


def url(value: str | None) -> str | None:
    """A URL attribute, or None when there is no link or the link is not http(s)/relative.

    Links come from a LinkScheme, which percent-encodes ids; checking again here means a
    `javascript:` URL can never reach `dot`, whatever produced it.
    """
    if value is None or not is_safe_url(value):
        return None
    return graphviz.nohtml(_esc_body(value))


def token(text: str) -> str:
    """A class name or id fragment: letters, digits and `-` only, never empty."""
    cleaned = "".join(ch if ch.isascii() and (ch.isalnum() or ch == "-") else "-" for ch in text)
    return cleaned.strip("-").lower() or "x"
