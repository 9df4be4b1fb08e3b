"""Translate a stacks folder's prose in bulk: list what lacks a language, then merge the
translations back into the YAML files.

    .venv/bin/python tools/i18n_merge.py list stacks zh > todo.yaml
    # write the Chinese text in place of each English one in todo.yaml, then:
    .venv/bin/python tools/i18n_merge.py apply stacks zh todo.yaml

`list` writes, per file, each prose field without that language as `path: English text`
(fields that read the same in every language, such as `GrpcWorker`, are left out). A
path names a frame by its id: `frames[process-message].calls.0.note`. `apply` turns each
field it is given into `{en: ..., zh: ...}` (or sets `zh:` in a field that already has
languages), keeping every other byte of the file, its comments included (ruamel.yaml's
round trip, as `stacktour sync` edits files), and writes each file atomically.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from stacktour.i18n.fields import prose_paths  # noqa: E402
from stacktour.i18n.prose import needs_translation  # noqa: E402
from stacktour.loader import discover  # noqa: E402
from stacktour.loader.schema_check import schema  # noqa: E402
from stacktour.sources.yamledit import YamlEditor, write_atomically  # noqa: E402

_PART = re.compile(r"([^.\[\]]+)(?:\[([^\]]+)\])?")


def _named(data: Any, path: tuple[str | int, ...]) -> str:
    """A document path with frames named by id: `frames[id].calls.0.note`."""
    out: list[str] = []
    node = data
    for part in path:
        if isinstance(part, int) and out and out[-1] == "frames":
            out[-1] = f"frames[{node[part]['id']}]"
        else:
            out.append(str(part))
        node = node[part]
    return ".".join(out)


def _resolve(data: Any, named: str) -> tuple[Any, str | int]:
    """The container and key a named path leads to (KeyError when it leads nowhere)."""
    node = data
    parts = [(m.group(1), m.group(2)) for m in _PART.finditer(named)]
    for i, (name, frame_id) in enumerate(parts):
        key: str | int = int(name) if name.isdigit() else name
        if i == len(parts) - 1 and frame_id is None:
            if isinstance(node, list) and isinstance(key, int) and key < len(node):
                return node, key
            if isinstance(node, dict) and key in node:
                return node, key
            raise KeyError(named)
        node = node[key]
        if frame_id is not None:
            node = next(f for f in node if f.get("id") == frame_id)
    raise KeyError(named)


def kind_of(path: Path, root: Path) -> str:
    for found, kind in discover(root)[0]:
        if found.resolve() == path.resolve():
            return kind
    raise SystemExit(f"{path}: not a file of the stacks folder {root}")


def list_todo(root: Path, language: str) -> dict[str, dict[str, str]]:
    yaml = YAML(typ="safe")
    todo: dict[str, dict[str, str]] = {}
    for path, kind in discover(root)[0]:
        data = yaml.load(path.read_text("utf-8"))
        rule = schema(kind)
        for found in prose_paths(rule, data, rule):
            value: Any = data
            for part in found:
                value = value[part]
            if isinstance(value, dict):
                if language in value or not needs_translation(str(value.get("en", ""))):
                    continue
                value = value.get("en", "")
            if not isinstance(value, str) or not needs_translation(value):
                continue
            rel = path.relative_to(root).as_posix()
            todo.setdefault(rel, {})[_named(data, found)] = value.strip()
    return todo


def _styled(text: str, flow: bool = False) -> Any:
    """Several lines as a literal block; one line plain, or quoted inside a flow mapping
    (`{lines: [..], note: ...}`), where ruamel.yaml may leave a plain scalar unreadable."""
    text = text.strip()
    if "\n" in text:
        return LiteralScalarString(text + "\n")
    return DoubleQuotedScalarString(text) if flow else text


def apply(root: Path, language: str, translations: dict[str, dict[str, str]]) -> None:
    for rel, fields in translations.items():
        path = root / rel
        editor = YamlEditor(str(path), path.read_text("utf-8"))
        data = editor.yaml.load(editor.text)
        for named, text in fields.items():
            node, key = _resolve(data, named)
            old = node[key]
            flow = isinstance(node, CommentedMap) and node.fa.flow_style()
            if isinstance(old, CommentedMap):
                old[language] = _styled(text, flow or old.fa.flow_style())
                continue
            mapping = CommentedMap()
            mapping["en"] = old
            mapping[language] = _styled(text, flow)
            node[key] = mapping
            # Blank lines that followed the old value now follow the mapping.
            after = node.ca.items.get(key) if isinstance(node, CommentedMap) else None
            if after is not None and after[2] is not None:
                blank = after[2].value
                if blank.strip():
                    raise SystemExit(f"{rel}: {named}: a comment follows the text; move it first")
                del node.ca.items[key]
                block = isinstance(mapping[language], LiteralScalarString)
                token = CommentToken(blank if block else "\n" + blank, CommentMark(0), None)
                mapping.ca.items[language] = [None, None, token, None]
        buffer = io.StringIO()
        editor.yaml.dump(data, buffer)
        write_atomically(path, buffer.getvalue())
        print(f"{rel}: {len(fields)} field(s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    listing = sub.add_parser("list", help="the prose without LANGUAGE, as YAML")
    listing.add_argument("stacks", type=Path)
    listing.add_argument("language")
    merging = sub.add_parser("apply", help="merge a translated list into the files")
    merging.add_argument("stacks", type=Path)
    merging.add_argument("language")
    merging.add_argument("translations", type=Path)
    args = parser.parse_args(argv)
    if args.command == "list":
        yaml = YAML()
        yaml.width = 1 << 16
        todo = {
            rel: {k: _styled(v) for k, v in fields.items()}
            for rel, fields in list_todo(args.stacks, args.language).items()
        }
        yaml.dump(todo, sys.stdout)
        return 0
    translations = YAML(typ="safe").load(args.translations.read_text("utf-8"))
    apply(args.stacks, args.language, translations)
    return 0


if __name__ == "__main__":
    sys.exit(main())
