"""Source files of the configured repositories, decoded and parsed once each.

An excerpt is the member's lines exactly as the file has them, with two normalisations
that never change what code means or how it reads: trailing whitespace is dropped from
every line, and the indentation common to all lines is removed. Everything else counts,
indentation included (an indentation change in Python is a change).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from .files import Source, SourceError, open_source
from .languages import language_of, parse
from .symbols import Definition, definitions


@dataclass
class SourceFile:
    """One file at one commit: its lines (LF, 1-based by index + 1) and its members."""

    repo: str
    commit: str
    path: str
    text: str
    language: str | None
    _definitions: list[Definition] | None = field(default=None, repr=False)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def definitions(self) -> list[Definition]:
        """Every member of the file; SourceError when no grammar reads this kind of file."""
        if self.language is None:
            raise SourceError(
                f"'{self.path}': no parser for this kind of file",
                # the caller turns this into a hint
            )
        if self._definitions is None:
            tree = parse(self.language, self.text.encode("utf-8", "surrogatepass"))
            self._definitions = definitions(self.language, tree.root_node)
        return self._definitions

    def excerpt(self, first: int, last: int) -> str:
        """Lines first..last as an excerpt: trailing spaces dropped, common indent removed."""
        return excerpt_text(self.lines[first - 1 : last])


def excerpt_text(lines: list[str]) -> str:
    return textwrap.dedent("\n".join(line.rstrip() for line in lines))


def decode(path: str, data: bytes) -> str:
    """Strict UTF-8 (a leading BOM is dropped), line ends made LF; SourceError otherwise."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"'{path}' is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line})"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


class SourceSet:
    """The sources of a run, by repository id. Close it (or use `with`) to stop git."""

    def __init__(self, sources: dict[str, Source]) -> None:
        self.sources = sources
        self._files: dict[tuple[str, str, str], SourceFile | SourceError] = {}

    @classmethod
    def open(cls, folders: dict[str, Path]) -> SourceSet:
        """Sources for `{repo id: folder}`; SourceError names the first folder that fails."""
        opened: dict[str, Source] = {}
        try:
            for repo, folder in folders.items():
                opened[repo] = open_source(folder)
        except SourceError as exc:
            for source in opened.values():
                source.close()
            raise SourceError(f"source {repo}: {exc}") from None
        return cls(opened)

    def __enter__(self) -> SourceSet:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        for source in self.sources.values():
            source.close()

    def has(self, repo: str | None) -> bool:
        return repo is not None and repo in self.sources

    def file(self, repo: str, commit: str, path: str) -> SourceFile:
        """The file at the commit, read once per run; SourceError when it cannot be."""
        key = (repo, commit, path)
        if key not in self._files:
            try:
                text = decode(path, self.sources[repo].read(commit, path))
                self._files[key] = SourceFile(repo, commit, path, text, language_of(path))
            except SourceError as exc:
                self._files[key] = exc
        found = self._files[key]
        if isinstance(found, SourceError):
            raise found
        return found

    def resolve(self, repo: str, rev: str) -> str:
        return self.sources[repo].resolve(rev)
