"""Rewrite values in a YAML file and leave everything else as it was, byte for byte.

ruamel.yaml's round trip keeps comments, key order, quoting and flow or block style. A
file is only rewritten when loading and dumping it unchanged gives back its exact bytes
(with one of the usual indentation styles); otherwise it is refused rather than reformatted.
Values keep the style of the value they replace: a `[a, b]` list stays a flow list, a
quoted string stays quoted; new excerpts are literal blocks (`|`). Files are written
through a temporary file and a rename, so no half-written file is ever left.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, ScalarString

from .plan import Edit, YamlPath

# (mapping indent, sequence indent, sequence dash offset): the layouts a file may have.
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 4, 4), (3, 3, 0))

# Where a new key goes: after the last key present that comes before it here.
_ORDER = {
    "frame": [
        "id",
        "title",
        "signature",
        "symbol",
        "language",
        "path",
        "pin",
        "lines",
        "excerpt",
        "current",
        "explanation",
        "caveat",
        "calls",
    ],
    "at": ["call", "nth", "line"],
    "guard": ["text", "line"],
    "current": ["lines", "note"],
    "repo": ["title", "url", "commit", "label", "pins"],
    "pin": ["commit", "label", "note"],
}


class EditError(ValueError):
    """A file that cannot be rewritten without changing more than the edited values."""


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never fold a long line
    yaml.indent(mapping=layout[0], sequence=layout[1], offset=layout[2])
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


class YamlEditor:
    """One YAML file's text, and the same text with edits applied."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
        self.text = text.replace("\r\n", "\n") if self.crlf else text
        self.yaml = self._layout()

    def _layout(self) -> YAML:
        for layout in _LAYOUTS:
            yaml = _yaml(layout)
            try:
                if _dump(yaml, yaml.load(self.text)) == self.text:
                    return yaml
            except YAMLError:
                break
        raise EditError(
            f"{self.file}: cannot rewrite it without changing its layout "
            "(an unusual indentation or a construct ruamel.yaml does not round-trip)"
        )

    def apply(self, edits: Iterable[Edit]) -> str:
        """The text with `edits` applied (the original text when nothing changes)."""
        data = self.yaml.load(self.text)
        for edit in edits:
            _set(data, edit)
        text = _dump(self.yaml, data)
        return text.replace("\n", "\r\n") if self.crlf else text

    @property
    def original(self) -> str:
        return self.text.replace("\n", "\r\n") if self.crlf else self.text


def _kind(path: YamlPath) -> str:
    """Which ordering applies to the mapping at `path`."""
    if len(path) == 2 and path[0] == "frames":
        return "frame"
    if path and path[-1] == "at":
        return "at"
    if path and path[-1] in ("loop", "branch"):
        return "guard"
    if path and path[-1] == "current":
        return "current"
    if len(path) == 2 and path[0] == "repos":
        return "repo"
    if len(path) == 4 and path[0] == "repos" and path[2] == "pins":
        return "pin"
    return ""


def _flow_seq(items: list[Any]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _flow_map(items: dict[str, Any]) -> CommentedMap:
    mapping = CommentedMap()
    for key, value in items.items():
        mapping[key] = _flow_seq(value) if isinstance(value, list) else value
    mapping.fa.set_flow_style()
    return mapping


# What a literal block cannot carry as it is: characters YAML does not print (controls but
# tab and LF, a BOM, lone surrogates) and the line breaks of YAML 1.1 that PyYAML honours
# (U+0085, U+2028, U+2029), which ruamel.yaml wrote raw and the loader then read as new
# lines. Code that holds them is written double-quoted, with escapes.
_BLOCK_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)


def values_read_back(data: Any, edits: Iterable[Edit]) -> str | None:
    """None when every edited value of the file as loaded again (`data`) is what was
    written, else the path of the first that is not. A literal block gains a final LF."""
    for edit in edits:
        node = data
        try:
            for part in edit.path:
                node = node[part]
        except (KeyError, IndexError, TypeError):
            return ".".join(str(p) for p in edit.path)
        if edit.if_absent:
            continue
        same = node == edit.value or (isinstance(node, str) and node == f"{edit.value}\n")
        if not same:
            return ".".join(str(p) for p in edit.path)
    return None


def _convert(key: str | int, value: Any, old: Any) -> Any:
    """The new value in the style of the old one (or the house style when there is none)."""
    if isinstance(value, list):
        if isinstance(old, CommentedSeq):
            return value  # copied into the old list in place, which keeps its style
        return _flow_seq(value)
    if isinstance(value, dict):
        return _flow_map(value)
    if isinstance(value, str) and key == "excerpt":
        if _BLOCK_UNSAFE.search(value):
            return DoubleQuotedScalarString(value + "\n")  # every such character escaped
        return LiteralScalarString(value + "\n")
    if isinstance(value, str) and isinstance(old, ScalarString) and "\n" not in value:
        return type(old)(value)  # a quoted string stays quoted the same way
    return value


def _set(data: Any, edit: Edit) -> None:
    *parents, key = edit.path
    node = data
    for i, part in enumerate(parents):
        child = node[part] if isinstance(part, int) else node.get(part)
        if child is None or not isinstance(child, (CommentedMap, CommentedSeq)):
            # A scalar (`at: 66`) becomes a mapping when a locator field is set in it.
            child = CommentedMap()
            child.fa.set_flow_style()
            _put(node, part, child, _kind(tuple(parents[:i])))
        node = child
    if isinstance(key, str) and key in node and edit.if_absent:
        return
    old = node.get(key) if isinstance(node, CommentedMap) else node[key]
    new = _convert(key, edit.value, old)
    if isinstance(old, CommentedSeq) and isinstance(edit.value, list):
        old[:] = edit.value
        return
    _put(node, key, new, _kind(tuple(parents)))


def _put(node: Any, key: str | int, value: Any, kind: str) -> None:
    if isinstance(node, CommentedSeq) or key in node:
        node[key] = value
        return
    order = _ORDER.get(kind, [])
    keys = list(node.keys())
    position = len(keys)
    if key in order:
        before = [k for k in keys if k in order and order.index(k) < order.index(str(key))]
        position = keys.index(before[-1]) + 1 if before else 0
    node.insert(position, key, value)


def write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder; the file's mode is kept."""
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
