"""One escaping function per output context. Everything from a YAML file passes through
one of these on its way out; nothing is emitted raw.

HTML and SVG text and attributes and plain text inside Markdown live here. Nothing is
ever written into a `<script>`: the browser script reads the page's markup instead.
DOT has rules of its own (Graphviz expands `\\N`, decodes entities, and unescapes
tooltips twice), measured against the real `dot`: see `graph/escaping.py`.
"""

from __future__ import annotations

import re

# Characters XML 1.0 forbids (C0 controls but tab/newline/CR, surrogates, U+FFFE/U+FFFF).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Bidirectional controls that reorder text invisibly (Trojan Source, CVE-2021-42574).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")


def xml_safe(text: str) -> str:
    """Drop characters XML cannot carry and show bidi controls as visible code points."""
    text = _XML_FORBIDDEN.sub("\ufffd", text)
    return _BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def has_bidi(text: str) -> bool:
    return _BIDI.search(text) is not None


def html_text(text: str) -> str:
    """Text content of an HTML or SVG element."""
    text = xml_safe(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_attr(text: str) -> str:
    """A double-quoted HTML or SVG attribute value."""
    return html_text(text).replace('"', "&quot;").replace("'", "&#39;")


svg_text = html_text
svg_attr = html_attr


_MD_SPECIAL = set("\\`*_{}[]()#+-.!")


def markdown_text(text: str) -> str:
    """Plain text placed in Markdown (a heading, a list item): shown literally, never parsed.

    Markdown punctuation is backslash-escaped and `<`, `>`, `&` become entities, so a title
    can neither start raw HTML nor make a link.
    """
    out = []
    # Python-Markdown reads a CR as a line break too: "Title\r\r~~~" would end the heading
    # there, leave its {#step-N} anchor on a paragraph and open a code block.
    for ch in xml_safe(text).replace("\r\n", " ").replace("\r", " ").replace("\n", " "):
        if ch in _MD_SPECIAL:
            out.append("\\" + ch)
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == "&":
            out.append("&amp;")
        else:
            out.append(ch)
    return "".join(out)
