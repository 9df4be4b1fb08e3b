"""One diagnostic type carries every problem from the loader to whichever adapter shows it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from .model import Position

# What a terminal or a CI log would act on instead of showing: controls (an ANSI escape
# can clear the screen or forge a line), bidi overrides, and lone surrogates (which no
# UTF-8 stream can carry, so printing them would crash).
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def visible(text: str) -> str:
    """`text` with every character a terminal would act on written as an escape."""
    return _UNPRINTABLE.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


MAX_MESSAGE_CHARS = 400


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" or "warning"

    def __post_init__(self) -> None:
        # Messages quote the file's own text; whatever it holds is shown, never acted on,
        # and never more than a line's worth of it (a quoted value may be 200,000 long).
        for name in ("file", "message", "hint"):
            text = visible(getattr(self, name))
            if name != "file" and len(text) > MAX_MESSAGE_CHARS:
                text = text[: MAX_MESSAGE_CHARS - 1] + "…"
            object.__setattr__(self, name, text)

    @classmethod
    def at(
        cls, pos: Position, code: str, message: str, hint: str = "", severity: str = "error"
    ) -> Diagnostic:
        return cls(pos.file, pos.line, pos.column, code, message, hint, severity)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def format(self) -> str:
        """`path:line:col: CODE message (hint)`, one line, as compilers print."""
        text = f"{self.location()}: {self.code} {self.message}"
        if self.severity != "error":
            text = f"{self.location()}: {self.code} {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.is_error]


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(d.format() for d in diagnostics)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in diagnostics], indent=2, ensure_ascii=False)


def _github_escape(text: str, *, prop: bool = False) -> str:
    # GitHub workflow commands percent-encode their data (and, in properties, ':' and ',').
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """Workflow commands that GitHub Actions shows as annotations on the changed lines."""
    lines = []
    for d in diagnostics:
        level = "error" if d.is_error else "warning"
        props = (
            f"file={_github_escape(d.file, prop=True)},line={d.line},col={d.column},"
            f"title={_github_escape(d.code, prop=True)}"
        )
        message = d.message + (f" ({d.hint})" if d.hint else "")
        lines.append(f"::{level} {props}::{_github_escape(message)}")
    return "\n".join(lines)
