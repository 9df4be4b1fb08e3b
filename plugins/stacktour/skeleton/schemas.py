"""The `# yaml-language-server: $schema=` line of a file stacktour writes, pointing at a
local copy of the schema so that an editor's completion works offline."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ..loader.schema_check import SCHEMA_NAMES, schema

SCHEMA_FOLDER = "schema"  # beside stacks/, in a site made by `stacktour init`
_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$", re.M)


def schema_file_text(kind: str) -> str:
    """The JSON Schema of one kind of file, as written to disk."""
    return json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n"


def schema_files(folder: Path) -> dict[Path, str]:
    """Every schema, by the path it is written to in `folder`."""
    return {folder / f"{kind}.schema.json": schema_file_text(kind) for kind in SCHEMA_NAMES}


def _samples(stacks: Path, kind: str) -> list[Path]:
    if kind == "system":
        return [stacks / "system.yaml"]
    if kind == "layer":
        return sorted((stacks / "layers").glob("*.yaml"))[:20]
    return sorted(p for p in stacks.glob("*.yaml") if p.name != "system.yaml")[:20]


def find_schema(stacks: Path, kind: str) -> Path | None:
    """The local schema file the site already uses for `kind`, if any."""
    for sample in _samples(stacks, kind):
        try:
            head = sample.read_text("utf-8", errors="replace")[:2000]
        except OSError:
            continue
        match = _LINE.search(head)
        if match and "://" not in match.group(1):
            target = (sample.parent / match.group(1)).resolve()
            if target.is_file():
                return target
    beside = stacks.parent / SCHEMA_FOLDER / f"{kind}.schema.json"
    return beside.resolve() if beside.is_file() else None


def schema_refs(stacks: Path) -> tuple[dict[str, Path], dict[Path, str]]:
    """Where each kind's schema is, and the schema files to write when the site has none."""
    found = {kind: find_schema(stacks, kind) for kind in SCHEMA_NAMES}
    to_write: dict[Path, str] = {}
    if any(path is None for path in found.values()):
        to_write = schema_files(stacks.parent.resolve() / SCHEMA_FOLDER)
        for kind in SCHEMA_NAMES:
            if found[kind] is None:
                found[kind] = stacks.parent.resolve() / SCHEMA_FOLDER / f"{kind}.schema.json"
        to_write = {p: t for p, t in to_write.items() if not p.exists()}
    return {k: v for k, v in found.items() if v is not None}, to_write


def ref_from(file: Path, schema_path: Path) -> str:
    """The `$schema=` value for `file`: the schema's path relative to the file's folder."""
    return Path(os.path.relpath(schema_path, file.parent.resolve())).as_posix()
