"""Prose in several languages: the value of a field a reader sees (title, summary, note...).

A prose field is written either as plain text, in the project's default language, or as a
mapping from language code to text (`summary: {en: "...", zh: "..."}`). The loader turns
both into `Prose`: a `str` holding the default language's text, so every stage that only
knows one language keeps working, which also carries the other languages' texts and where
the field sits in its file. `localize` (localize.py) swaps each for one language's plain text
before anything is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..model import Position

DEFAULT_LANGUAGE = "en"

# A BCP 47 tag as sites name languages: "en", "zh", "zh-TW", "pt-BR" (Material's names).
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

# Code spans: text inside backticks never needs translating.
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
# A call or an initializer written as code, as arrow labels are: `Invoke(context, next)`,
# `CreateInstanceResponse { instanceId }`.
_CALL = re.compile(r"^[\w.:<>\[\]]+ ?(\(.*\)|\{.*\})$")


class Prose(str):
    """A prose field's text in the default language, plus its other languages.

    `translations` maps a language code to the text in that language (the default language
    is not repeated there); `pos` is where the field's value starts in its YAML file.
    """

    translations: Mapping[str, str]
    pos: Position | None

    def __new__(
        cls, text: str, translations: Mapping[str, str] | None = None, pos: Position | None = None
    ) -> Prose:
        self = super().__new__(cls, text)
        self.translations = dict(sorted((translations or {}).items()))
        self.pos = pos
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (Prose, (str(self), dict(self.translations), self.pos))

    def text(self, language: str) -> str:
        """The text in `language`, falling back to the default language's."""
        return self.translations.get(language, str(self))

    def has(self, language: str) -> bool:
        return language in self.translations


def needs_translation(text: str) -> bool:
    """Whether a reader of another language needs this text translated.

    Text that is one token outside code spans (an identifier such as `GrpcWorker` or
    `next(context)`, a path, a version), or a call written as code (`Invoke(context,
    next)`), reads the same in every language; text with a space outside code spans, or a
    word beside code (`next` stage), holds words.
    """
    rest = _CODE_SPAN.sub("", text).strip()
    if rest != text.strip() and rest.isalpha():
        return True  # a word beside code: "`next` stage"
    return any(ch.isspace() for ch in rest) and not _CALL.match(rest)
