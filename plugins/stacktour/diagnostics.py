"""One diagnostic type carries every problem from the loader to whichever adapter shows it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from .model import Position


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" or "warning"

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


class DiagnosticError(Exception):
    """Raised when loading fails; carries every diagnostic found, not only the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(sorted(diagnostics))
        super().__init__(format_text(self.diagnostics))


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
