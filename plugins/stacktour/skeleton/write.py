"""Write a plan into a stacks folder: checked whole by the loader first, then each file
written atomically. A plan that would not load writes nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic
from ..loader import load_project
from .edit import add_to_layer, add_to_system
from .plan import Plan
from .render import layer_text, stack_text, system_text
from .schemas import ref_from, schema_refs


class WriteError(ValueError):
    """Nothing was written; `diagnostics` say why when the loader refused the result."""

    def __init__(self, message: str, diagnostics: tuple[Diagnostic, ...] = ()) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class FileChange:
    path: Path
    text: str
    created: bool


def plan_files(plan: Plan, stacks: Path, intro: str, force: bool = False) -> list[FileChange]:
    """Every file the plan creates or adds to, with its whole new text."""
    refs, schema_texts = schema_refs(stacks)
    changes: list[FileChange] = [FileChange(p, t, True) for p, t in sorted(schema_texts.items())]
    for layer in plan.layers:
        if layer.existing_file:
            path = Path(layer.existing_file)
            if not path.is_absolute() and not path.exists():
                path = stacks / "layers" / f"{layer.id}.yaml"
            if any(not f.existing or f.calls for f in layer.frames):
                old = path.read_text("utf-8")
                changes.append(FileChange(path, add_to_layer(old, layer.frames), False))
            continue
        path = stacks / "layers" / f"{layer.id}.yaml"
        if path.exists() and not force:
            raise WriteError(f"{path} exists; give --force to replace it")
        text = layer_text(layer, ref_from(path, refs["layer"]), intro)
        changes.append(FileChange(path, text, not path.exists()))
    system = stacks / "system.yaml"
    if plan.repos or plan.group:
        if system.exists():
            text = add_to_system(system.read_text("utf-8"), plan.repos, plan.group)
            changes.append(FileChange(system, text, False))
        else:
            text = system_text(ref_from(system, refs["system"]), plan.repos, plan.group, intro)
            changes.append(FileChange(system, text, True))
    path = Path(plan.stack.replaces) if plan.stack.replaces else stacks / f"{plan.stack.id}.yaml"
    if path.exists() and not force:
        raise WriteError(f"{path} exists; give another --id, or --force to replace it")
    changes.append(
        FileChange(path, stack_text(plan.stack, ref_from(path, refs["stack"]), intro), True)
    )
    return changes


def check_changes(stacks: Path, changes: list[FileChange]) -> tuple[Diagnostic, ...]:
    """Load the stacks folder as it would be after the changes, in a scratch copy."""
    real = stacks.resolve()
    with tempfile.TemporaryDirectory(prefix="stacktour-import-") as scratch:
        copy = Path(scratch) / "stacks"
        if stacks.is_dir():
            shutil.copytree(stacks, copy, symlinks=True)
        else:
            copy.mkdir()
        for change in changes:
            target = change.path.resolve()
            if not target.is_relative_to(real):
                continue  # schema files beside the folder: not part of the load
            dest = copy / target.relative_to(real)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(change.text, "utf-8")
        result = load_project(copy)
        shown = str(copy)
        return tuple(
            Diagnostic(
                d.file.replace(shown, str(stacks)),
                d.line,
                d.column,
                d.code,
                d.message,
                d.hint,
                d.severity,
            )
            for d in result.diagnostics
            if d.is_error
        )


def apply_changes(changes: list[FileChange]) -> None:
    """Write each file through a temporary file in its folder, then rename it into place."""
    for change in changes:
        write_text_atomically(change.path, change.text)


def write_text_atomically(path: Path, text: str) -> None:
    """Replace `path` whole or not at all (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_plan(plan: Plan, stacks: Path, intro: str, force: bool = False) -> list[FileChange]:
    """Check, then write, every file of the plan. Raises WriteError and writes nothing when
    a file is in the way (without `force`) or the result would not load."""
    changes = plan_files(plan, stacks, intro, force)
    problems = check_changes(stacks, changes)
    if problems:
        raise WriteError("the imported stack would not load; nothing was written", problems)
    apply_changes(changes)
    return changes
