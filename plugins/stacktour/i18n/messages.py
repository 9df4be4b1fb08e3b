"""stacktour's own words (headings, sentences, legend, buttons) in the language of a build.

The English text is the message id, as in gettext; each other language has one catalogue
in the package, `messages/<code>.po`, read with Babel (the same catalogues `pybabel`
and translation tools edit; `tools/i18n_catalogue.py` refreshes them from the code).
A message without a translation stays English.

Rendering code calls `t("Walkthrough")` or `t("Step {n} of {total}", n=3, total=9)`;
the language is the one a `use_language` block set (the `Site` sets it around everything
it renders), English by default. The browser script gets the same catalogue as
`assets/stacktour/messages.js` (`messages_js`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources

from babel.messages.pofile import read_po

SOURCE_LANGUAGE = "en"

_language: ContextVar[str] = ContextVar("stacktour_language", default=SOURCE_LANGUAGE)


@cache
def available() -> tuple[str, ...]:
    """Languages with a catalogue in the package, plus English."""
    folder = resources.files(__package__).joinpath("messages")
    codes = [item.name[:-3] for item in folder.iterdir() if item.name.endswith(".po")]
    return (SOURCE_LANGUAGE, *sorted(codes))


def catalogue_language(code: str) -> str:
    """The catalogue used for a language code: itself, else its base ("zh-TW" -> "zh"),
    else English."""
    if code in available():
        return code
    base = code.split("-")[0]
    return base if base in available() else SOURCE_LANGUAGE


@cache
def catalogue(code: str) -> dict[str, str]:
    """Message id -> translation for one language; {} for English. Fuzzy and empty
    entries are left out, so they fall back to English."""
    if code == SOURCE_LANGUAGE:
        return {}
    path = resources.files(__package__).joinpath(f"messages/{code}.po")
    with path.open("rb") as handle:
        parsed = read_po(handle, locale=None)
    return {
        str(m.id): str(m.string)
        for m in parsed
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


@cache
def script_messages(code: str) -> dict[str, str]:
    """The part of a catalogue the browser script uses (entries found in a .js file)."""
    if code == SOURCE_LANGUAGE:
        return {}
    path = resources.files(__package__).joinpath(f"messages/{code}.po")
    with path.open("rb") as handle:
        parsed = read_po(handle, locale=None)
    used = {
        str(m.id) for m in parsed if any(str(place).endswith(".js") for place, _ in m.locations)
    }
    return {k: v for k, v in catalogue(code).items() if k in used}


@contextmanager
def use_language(code: str) -> Iterator[None]:
    """Render in `code` inside the block (the catalogue of `catalogue_language(code)`)."""
    token = _language.set(catalogue_language(code))
    try:
        yield
    finally:
        _language.reset(token)


def current_language() -> str:
    """The catalogue language in effect ("en" outside any `use_language` block)."""
    return _language.get()


def t(message: str, /, **values: object) -> str:
    """`message` in the current language, its `{name}` fields filled from `values`."""
    text = catalogue(_language.get()).get(message, message)
    return text.format(**values) if values else text


def N_(message: str, /) -> str:  # noqa: N802 - gettext's name for it
    """Mark a message for the catalogue without translating it yet (a constant defined at
    import time, translated where it is used: `t(KIND_NAMES[kind])`)."""
    return message


def messages_js(code: str) -> str:
    """The asset `messages.js` for a build in `code`: the script's catalogue as a global
    the script reads (`window.stacktourMessages`); an empty one for English."""
    data = json.dumps(script_messages(catalogue_language(code)), ensure_ascii=True, sort_keys=True)
    return (
        "// stacktour's messages for this build's language (generated from its catalogue).\n"
        f"window.stacktourMessages = {data};\n"
    )
