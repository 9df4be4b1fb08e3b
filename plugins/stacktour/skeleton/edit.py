"""Additions to files a person wrote, through ruamel.yaml's round trip.

Only additions are made: new frames at the end of a layer's `frames`, new calls at the end
of a frame's `calls`, new repositories and groups in `system.yaml`. Comments, key order,
quoting and layout of everything already there survive; `insert_only` proves it by
checking that every original line is still there, in order, unchanged.
"""

from __future__ import annotations

import difflib
import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from .plan import CallDraft, FrameDraft, RepoFact
from .render import needs_quotes


class EditError(ValueError):
    """A file cannot be added to without changing what is already in it."""


def _yaml(text: str) -> tuple[YAML, Any, int]:
    """A round-trip YAML set to the file's own indentation, the data, and the `- ` offset."""
    _, indent, block_seq_indent = load_yaml_guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-fold a long line
    offset = block_seq_indent or 0
    yaml.indent(mapping=2, sequence=max(indent or 2, offset + 2), offset=offset)
    return yaml, yaml.load(text), offset


def _str(value: str) -> Any:
    return DoubleQuotedScalarString(value) if needs_quotes(value) else value


def _call_map(call: CallDraft) -> CommentedMap:
    item = CommentedMap()
    item["to"] = call.to
    if call.at is not None:
        item["at"] = call.at
    item["kind"] = call.kind
    return item


def _frame_map(frame: FrameDraft) -> CommentedMap:
    item = CommentedMap()
    item["id"] = frame.name
    item["title"] = _str(frame.title)
    if frame.symbol:
        item["symbol"] = _str(frame.symbol)
    if frame.language and frame.language != "text":
        item["language"] = frame.language
    if frame.path:
        item["path"] = _str(frame.path)
    if frame.calls:
        item["calls"] = CommentedSeq(_call_map(c) for c in frame.calls)
    return item


def _take_trailing(node: Any) -> Any:
    """Detach the comment (blank lines included) that follows a node's last value.
    A loop down the last entries, not recursion: the file may nest deeply."""
    while True:
        if isinstance(node, CommentedMap) and node:
            key = list(node.keys())[-1]
            value = node[key]
            if isinstance(value, (CommentedMap, CommentedSeq)) and value:
                node = value
                continue
            slot = node.ca.items.get(key)
            if slot and len(slot) > 2 and slot[2] is not None:
                token, slot[2] = slot[2], None
                return token
        elif isinstance(node, CommentedSeq) and node:
            value = node[-1]
            if isinstance(value, (CommentedMap, CommentedSeq)) and value:
                node = value
                continue
            slot = node.ca.items.get(len(node) - 1)
            if slot and slot[0] is not None:
                token, slot[0] = slot[0], None
                return token
        return None


def _append(container: Any, key: Any, value: Any) -> None:
    """Add `value` at the end of a sequence (key None) or mapping, and move the blank
    lines that followed the old last entry below the new one."""
    token = _take_trailing(container)
    if key is None:
        container.append(value)
    else:
        container[key] = value
    if token is not None:
        last = value
        while isinstance(last, (CommentedMap, CommentedSeq)) and last:
            if isinstance(last, CommentedMap):
                k = list(last.keys())[-1]
                if isinstance(last[k], (CommentedMap, CommentedSeq)) and last[k]:
                    last = last[k]
                    continue
                last.ca.items[k] = [None, None, token, None]
            else:
                if isinstance(last[-1], (CommentedMap, CommentedSeq)) and last[-1]:
                    last = last[-1]
                    continue
                last.ca.items[len(last) - 1] = [token, None]
            break


def add_to_layer(text: str, frames: list[FrameDraft]) -> str:
    """`text` of a layer file with new frames appended and new calls added to its frames."""
    yaml, data, offset = _yaml(text)
    seq = data["frames"]
    by_id = {item["id"]: item for item in seq}
    for frame in frames:
        if frame.existing:
            if not frame.calls:
                continue
            target = by_id[frame.name]
            calls = target.get("calls")
            if calls is None:
                target["calls"] = CommentedSeq(_call_map(c) for c in frame.calls)
            else:
                for call in frame.calls:
                    _append(calls, None, _call_map(call))
        else:
            _append(seq, None, _frame_map(frame))
            spaced = re.search(r"\n[ \t]*\n[ \t]*- id:", text) is not None
            seq.yaml_set_comment_before_after_key(
                len(seq) - 1, before=("\n" if spaced else "") + frame.origin, indent=offset
            )
    return insert_only(text, _dump(yaml, data))


def add_to_system(text: str, repos: list[RepoFact], group: tuple[str, str] | None) -> str:
    """`text` of a system.yaml with repositories and a group added."""
    yaml, data, _ = _yaml(text)
    if data is None:
        data = CommentedMap()
    if repos:
        if data.get("repos") is None:
            data["repos"] = CommentedMap()
        for repo in repos:
            entry = CommentedMap()
            if repo.title:
                entry["title"] = _str(repo.title)
            entry["url"] = repo.url
            if repo.commit:
                entry["commit"] = DoubleQuotedScalarString(repo.commit)
            else:
                entry["tag"] = DoubleQuotedScalarString(repo.tag)
            _append(data["repos"], repo.id, entry)
    if group:
        if data.get("groups") is None:
            data["groups"] = CommentedMap()
        entry = CommentedMap()
        entry["title"] = _str(group[1])
        entry["kind"] = "process"
        _append(data["groups"], group[0], entry)
    return insert_only(text, _dump(yaml, data))


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def insert_only(old: str, new: str) -> str:
    """`new`, when it only adds lines to `old`; otherwise EditError naming the first change.

    An empty mapping or list written inline (`repos: {}`) may open up to take its first
    entry; every other original line must come through byte for byte.
    """
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            if all(line.rstrip().endswith(("{}", "[]")) for line in a[i1:i2]):
                continue
            raise EditError(
                f"line {i1 + 1} would change ({a[i1].rstrip()!r}); the file was left as it was"
            )
    return new
