"""Read one YAML file into plain Python values, keeping the position of every node.

Only the small, safe part of YAML that stack files need is accepted: one document, no
tags, no anchors or aliases (so no alias bombs), no merge keys, no duplicate keys, string
keys only, bounded size, depth and string length, strict UTF-8. Everything else is a
diagnostic with its line and column; nothing here raises on bad input.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingEndEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import Diagnostic
from ..model import Position

MAX_FILE_BYTES = 1 << 20  # 1 MiB: far above any real layer file
MAX_DEPTH = 32
MAX_SCALAR_CHARS = 200_000
MAX_NUMBER_CHARS = 30  # any line number fits in far fewer digits

Path = tuple[str | int, ...]  # a JSON-pointer-like path into the document

# libyaml parses the same YAML about ten times faster than PyYAML's pure-Python parser,
# with the same events, nodes, lines and columns. It reads files that parse cleanly;
# anything it stops on is read again by the Python parser, whose messages the diagnostics
# are written for. libyaml accepts tabs in places the Python parser refuses them, counts
# a byte-order mark inside the text as a column, places the empty value of an explicit
# `? key` elsewhere and reads an empty value tagged `!` as "" (not null), so files with a
# tab, an inner BOM, an explicit key (found by `_NOT_FOR_LIBYAML`) or a tag (found in
# libyaml's events: a `!` in a code excerpt is not one) are read by the Python parser
# too: a file loads the same everywhere.
# (Without libyaml, the Python parser reads everything.)
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)
_NOT_FOR_LIBYAML = re.compile(r"[\t\ufeff]|(?:^|[\[{,])[ \-]*\?(?:[ \n]|$)", re.MULTILINE)


class _NotForLibyaml(Exception):
    """The fast loader met a tag: the Python parser reads the file (see _FAST_LOADER)."""


# Builds Python scalars (int, bool, float, None, str) exactly as safe_load would.
_SCALARS = yaml.constructor.SafeConstructor()

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass
class YamlDocument:
    """A document's plain data plus where each value (and each mapping key) starts."""

    file: str
    data: Any = None
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)  # plain scalars' source text
    plain: set[Path] = field(default_factory=set)  # paths of unquoted scalars

    def pos(self, path: Path) -> Position:
        """Position of the value at `path`, or of the nearest enclosing value."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Position(self.file, 1, 1))

    def key_pos(self, path: Path) -> Position:
        return self.keys.get(path) or self.pos(path)


class _Where:
    """Positions as git and editors count them: only LF ends a line (CR LF is one LF).

    YAML also ends a line at a lone CR (old Mac line ends), and PyYAML at U+0085, U+2028
    and U+2029 (YAML 1.1). The YAML is parsed with those as line breaks, but a position
    counts only LF: that is the line `git diff`, `git blame`, GitHub's `#L` anchors,
    `grep -n`, vim and less show (they print a lone CR as `^M` inside the line). Marks
    are placed by their character index, which the parse and the file share.
    Columns count characters (code points) from the last LF, starting at 1.
    """

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self._text = text
        self._breaks: list[int] | None = None
        if any(ch in text for ch in "\r\x85\u2028\u2029"):
            self._breaks = [i for i, ch in enumerate(text) if ch == "\n"]

    @property
    def line_breaks_are_lf(self) -> bool:
        return self._breaks is None

    def pos(self, mark: Any) -> Position:
        if mark is None:
            return Position(self.file, 1, 1)
        if self._breaks is None:
            return Position(self.file, mark.line + 1, mark.column + 1)
        line = bisect_right(self._breaks, mark.index - 1)
        start = self._breaks[line - 1] + 1 if line else 0
        return Position(self.file, line + 1, mark.index - start + 1)

    def index_pos(self, index: int) -> Position:
        """The position of a character index (of the file as decoded)."""
        line = self._text.count("\n", 0, index)
        return Position(self.file, line + 1, index - (self._text.rfind("\n", 0, index) + 1) + 1)


def decode(file: str, raw: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Strict UTF-8 (a leading BOM is fine), with CR LF read as LF. A lone CR is kept:
    it is a line break to YAML but not to git (see `_Where`)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        return None, [
            Diagnostic(
                file,
                line,
                column,
                "ST002",
                f"not UTF-8: byte 0x{byte} cannot start or continue a character",
                hint="save the file as UTF-8",
            )
        ]
    return text.replace("\r\n", "\n"), []


def too_big(file: str, size: int) -> Diagnostic:
    return Diagnostic(
        file,
        1,
        1,
        "ST001",
        f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
        hint="split it into several layer files",
    )


def read_yaml(file: str, raw: bytes) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse bytes into a YamlDocument, or return the diagnostics that prevent it."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [too_big(file, len(raw))]
    shown_text, problems = decode(file, raw)
    if shown_text is None:
        return None, problems
    where = _Where(file, shown_text)
    text = shown_text.replace("\r", "\n")  # YAML's reading; same length, same indices
    node: Node | None = None
    fast = (
        _FAST_LOADER is not None
        and where.line_breaks_are_lf
        and _NOT_FOR_LIBYAML.search(text) is None
    )
    if fast:
        try:
            problems = _screen_events(where, text, _FAST_LOADER)
            if not problems:
                node = yaml.compose(text, Loader=_FAST_LOADER)
        except (yaml.YAMLError, _NotForLibyaml):
            fast = False  # say what is wrong in the Python parser's words
    if not fast:
        problems = _screen_events(where, text)
        if not problems:
            try:
                node = yaml.compose(text, Loader=yaml.SafeLoader)
            except yaml.MarkedYAMLError as exc:
                return None, [_syntax_error(where, exc)]
            except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks all it raises
                return None, [Diagnostic(file, 1, 1, "ST003", f"YAML error: {exc}")]
    if problems:
        return None, problems
    doc = YamlDocument(file)
    problems = []
    if node is None:
        problems.append(Diagnostic(file, 1, 1, "ST012", "the file is empty"))
        return None, problems
    doc.data = _convert(doc, where, node, (), problems)
    if problems:
        return None, problems
    return doc, []


def _syntax_error(where: _Where, exc: yaml.MarkedYAMLError) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    hint = ""
    if "<stream end>" in problem and exc.context and exc.context_mark is not None:
        # The file ended inside a bracket or quote: point where it was opened.
        return Diagnostic.at(
            where.pos(exc.context_mark),
            "ST003",
            f"YAML syntax: this is never closed ({exc.context})",
            hint=problem,
        )
    pos = where.pos(mark)
    if "'\\t'" in problem or "\\t" in problem:
        problem = "a tab character cannot indent YAML"
        hint = "indent with spaces"
    elif exc.context:
        hint = exc.context
        if exc.context_mark is not None and exc.problem_mark is not None:
            hint += f" at line {where.pos(exc.context_mark).line}"
    # PyYAML's words for the two mistakes of indentation, said as a writer would fix them.
    if problem == "mapping values are not allowed here":
        hint = (
            "a `key:` where YAML did not expect one: check this line's indentation against "
            "the lines above it, or quote a value that holds ': '"
        )
    elif problem.startswith("expected <block end>") and exc.context_mark is not None:
        hint = (
            "this line is indented differently from the block that starts at line "
            f"{where.pos(exc.context_mark).line}: keys of one mapping and items of one "
            "list line up"
        )
    return Diagnostic.at(pos, "ST003", f"YAML syntax: {problem}", hint=hint)


def _screen_events(where: _Where, text: str, loader: Any = yaml.SafeLoader) -> list[Diagnostic]:
    """Refuse what stack files never need, cheaply and before anything is built.

    With the fast loader, a YAML error propagates (the caller reads the file again with
    the Python parser, whose errors become diagnostics here)."""
    problems: list[Diagnostic] = []
    depth = 0
    documents = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return [
                        Diagnostic.at(
                            where.pos(event.start_mark),
                            "ST007",
                            "a second YAML document; a file holds exactly one",
                            hint="remove the `---` line or move it to its own file",
                        )
                    ]
            if isinstance(event, AliasEvent):
                return [
                    Diagnostic.at(
                        where.pos(event.start_mark),
                        "ST005",
                        f"alias *{event.anchor} is not allowed",
                        hint="write the value out in full",
                    )
                ]
            if isinstance(event, NodeEvent) and event.anchor is not None:
                return [
                    Diagnostic.at(
                        where.pos(event.start_mark),
                        "ST005",
                        f"anchor &{event.anchor} is not allowed",
                        hint="anchors, aliases and merge keys are not supported",
                    )
                ]
            tag = getattr(event, "tag", None)
            if tag is not None and loader is not yaml.SafeLoader:
                raise _NotForLibyaml(tag)
            implicit: Any = getattr(event, "implicit", True)
            explicit = tag is not None and (
                (isinstance(event, ScalarEvent) and not any(implicit))
                or (isinstance(event, CollectionStartEvent) and not implicit)
            )
            if explicit and tag != "!":
                return [
                    Diagnostic.at(
                        where.pos(event.start_mark),
                        "ST006",
                        f"YAML tag {tag} is not allowed",
                        hint="remove the tag; values are plain strings, numbers and lists",
                    )
                ]
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return [
                        Diagnostic.at(
                            where.pos(event.start_mark),
                            "ST008",
                            f"nested deeper than {MAX_DEPTH} levels",
                        )
                    ]
            elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                depth -= 1
            elif isinstance(event, ScalarEvent) and len(event.value) > MAX_SCALAR_CHARS:
                return [
                    Diagnostic.at(
                        where.pos(event.start_mark),
                        "ST009",
                        f"a value of {len(event.value):,} characters; the limit is "
                        f"{MAX_SCALAR_CHARS:,}",
                    )
                ]
    except yaml.MarkedYAMLError as exc:
        if loader is not yaml.SafeLoader:
            raise
        problems.append(_syntax_error(where, exc))
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. NUL
        if loader is not yaml.SafeLoader:
            raise
        problems.append(
            Diagnostic.at(
                where.index_pos(exc.position),
                "ST003",
                f"character U+{exc.character:04X} is not allowed in YAML",
                hint="remove it; in a double-quoted string write it as an escape",
            )
        )
    return problems


def _convert(
    doc: YamlDocument, where: _Where, node: Node, path: Path, problems: list[Diagnostic]
) -> Any:
    pos = where.pos(node.start_mark)
    doc.values[path] = pos
    if isinstance(node, ScalarNode):
        if not node.style:  # None from PyYAML, "" from libyaml: a plain scalar
            doc.plain.add(path)
            doc.raw[path] = node.value
        if node.tag not in _STANDARD_TAGS:
            # Timestamps and the like: keep the text; the schema says what it should be.
            return node.value
        if node.tag == "tag:yaml.org,2002:int" and len(node.value) > MAX_NUMBER_CHARS:
            # Python refuses to convert (or even print) an int of more than 4,300 digits.
            problems.append(
                Diagnostic.at(
                    pos,
                    "ST009",
                    f"a number {len(node.value):,} characters long; the limit is "
                    f"{MAX_NUMBER_CHARS}",
                    hint="if it is text, put it in quotes",
                )
            )
            return None
        build = yaml.constructor.SafeConstructor.yaml_constructors[node.tag]
        return build(_SCALARS, node)
    if isinstance(node, SequenceNode):
        items = enumerate(node.value)
        return [_convert(doc, where, item, (*path, i), problems) for i, item in items]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_pos = where.pos(key_node.start_mark)
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(
                    Diagnostic.at(key_pos, "ST011", "merge keys (`<<`) are not allowed")
                )
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                shown = key_node.value if isinstance(key_node, ScalarNode) else "a collection"
                problems.append(
                    Diagnostic.at(
                        key_pos,
                        "ST010",
                        f"key {shown!s} is not a string",
                        hint=f'quote it: "{shown}"' if isinstance(key_node, ScalarNode) else "",
                    )
                )
                continue
            key = key_node.value
            if key in result:
                first = doc.keys[(*path, key)]
                problems.append(
                    Diagnostic.at(
                        key_pos,
                        "ST004",
                        f"duplicate key '{key}'",
                        hint=f"first given at line {first.line}",
                    )
                )
                continue
            doc.keys[(*path, key)] = key_pos
            result[key] = _convert(doc, where, value_node, (*path, key), problems)
        return result
    return None  # pragma: no cover - PyYAML has only these three node kinds
