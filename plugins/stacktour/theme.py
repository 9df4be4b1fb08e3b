"""What stacktour's strings meet in the theme's Jinja templates, and the one filter that
would turn them back into markup.

Every string from YAML reaches MkDocs' templates as HTML text: a page's title, its nav
entry and its table of contents are the rendered `# heading`s of the generated Markdown,
in which `<`, `>` and `&` are character references (`escape.markdown_text`). Templates
print them as they are (`{{ page.title }}`, `{{ toc_item.title }}`), which is safe, or
through `| e` or `| urlencode`, which is safe too. One filter is not: Jinja's `striptags`
drops tags *and then decodes character references*, so `&lt;/title&gt;&lt;script&gt;`
comes out as `</title><script>`. Material writes `<title>{{ page.title | striptags }}`,
and MkDocs' own themes do the same.

`safe_striptags` is `striptags` that encodes again what it decoded: the text shows the
same, and nothing in it is markup. It returns `Markup`, so a following `| e` (Material's
`toc_item.title | striptags | e`) leaves it alone instead of escaping it twice. The MkDocs
plugin installs it in the theme's environment (`harden`), for every template and every
field at once.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape


def safe_striptags(value: Any) -> Markup:
    """The text of `value` without tags and with whitespace collapsed, as `striptags`
    gives it, escaped for HTML text and attributes."""
    text = Markup(str(value)).striptags()  # tags gone, references decoded: plain text
    return Markup(escape(str(text)))


def harden(env: Any) -> None:
    """Make a Jinja environment's filters safe for text that holds character references."""
    env.filters["striptags"] = safe_striptags
