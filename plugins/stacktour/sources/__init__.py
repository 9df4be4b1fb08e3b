"""Code from the real repository: sync, check and repin frames against their sources.

    clone @ commit --git--> file --tree-sitter--> member lines, call sites
        --sync--> YAML (lines, excerpt, call lines)  --check--> differences  --repin--> new commit

- `sync` writes what the sources say into the layer files (only what differs);
- `check` computes the same and writes nothing: every difference is a diagnostic, with the
  YAML diff `sync` would apply;
- `repin` moves a repository (or one of its pins) to another commit, relocating every
  frame by its symbol and every call by its locator, and writes nothing unless every
  frame is found.

The build never needs sources: what `sync` writes is committed with the YAML.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..diagnostics import Diagnostic
from ..files import read_bounded
from ..loader import schema_check
from ..loader.yamlfile import MAX_FILE_BYTES, read_yaml
from ..model import Project, Repo
from ..resolve import ResolvedStack
from .code import SourceSet
from .files import MAX_SOURCE_BYTES, FolderSource, SourceError, open_source
from .plan import Edit, FramePlan, frame_commit, plan_frames
from .yamledit import EditError, YamlEditor, values_read_back, write_atomically

__all__ = [
    "MAX_SOURCE_BYTES",
    "Report",
    "SourceError",
    "SourceSet",
    "check",
    "check_excerpts",
    "code_diff",
    "repin",
    "safe_source_path",
    "select_frames",
    "sync",
]


@dataclass
class Report:
    """What a run found and did. `problems` holds every diagnostic, plans' included."""

    plans: list[FramePlan] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    diffs: dict[str, str] = field(default_factory=dict)  # frame id -> YAML diff
    diff_of: dict[Diagnostic, str] = field(default_factory=dict)  # an ST401 -> its diff
    written: list[str] = field(default_factory=list)  # files rewritten
    notes: list[str] = field(default_factory=list)  # things a person should look at
    commit: str = ""  # repin: the commit moved to

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.problems)

    @property
    def differences(self) -> list[FramePlan]:
        return [p for p in self.plans if p.edits or any(d.is_error for d in p.problems)]


def select_frames(
    project: Project,
    stacks: dict[str, ResolvedStack],
    frames: Iterable[str] = (),
    stack_ids: Iterable[str] = (),
) -> set[str] | None:
    """Frame ids chosen by patterns (`grpc-worker.*`) and stacks; None: every frame.

    ValueError names a pattern or stack that chooses nothing.
    """
    frames, stack_ids = list(frames), list(stack_ids)
    if not frames and not stack_ids:
        return None
    every = sorted(project.frames())
    chosen: set[str] = set()
    for pattern in frames:
        hits = [f for f in every if fnmatch.fnmatchcase(f, pattern)]
        if not hits:
            raise ValueError(f"--frames {pattern}: no frame matches (frames are `layer.frame`)")
        chosen.update(hits)
    for stack_id in stack_ids:
        if stack_id not in stacks:
            known = ", ".join(sorted(stacks))
            raise ValueError(f"--stack {stack_id}: no such stack (known: {known})")
        chosen.add(stacks[stack_id].entry.id)
        for step in stacks[stack_id].steps:
            chosen.add(step.caller.id)
            if step.callee is not None:
                chosen.add(step.callee.id)
    return chosen


def _by_file(plans: list[FramePlan]) -> dict[str, list[FramePlan]]:
    grouped: dict[str, list[FramePlan]] = {}
    for plan in plans:
        grouped.setdefault(plan.layer.file, []).append(plan)
    return grouped


def _edited(file: str, edits: list[Edit], problems: list[Diagnostic]) -> tuple[str, str] | None:
    """(old text, new text) of a file with `edits` applied; None (and a diagnostic) if not."""
    try:
        # Bounded, like the loader's read: the file may have become a FIFO since.
        old = read_bounded(Path(file), MAX_FILE_BYTES).decode("utf-8")
        editor = YamlEditor(file, old)
        new = editor.apply(edits)
    except (OSError, UnicodeDecodeError, EditError) as exc:
        problems.append(Diagnostic(file, 1, 1, "ST409", f"not rewritten: {exc}"))
        return None
    doc, found = read_yaml(file, new.encode("utf-8"))
    found += (
        schema_check.check(doc, "system" if Path(file).name == "system.yaml" else "layer")
        if doc
        else []
    )
    if not found and doc is not None:
        changed = values_read_back(doc.data, edits)
        if changed is not None:  # never write a value that would read back as another
            found = [Diagnostic(file, 1, 1, "ST409", f"{changed} would not read back as written")]
    if found:  # never write a file the loader would refuse
        problems.append(
            Diagnostic(
                file,
                1,
                1,
                "ST409",
                f"not rewritten: the result would not load: {found[0].format()}",
            )
        )
        return None
    return old, new


def _diff(file: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{file}", f"b/{file}", n=2
    )
    return "".join(lines)


def sync(
    project: Project,
    files: SourceSet,
    selection: set[str] | None = None,
    *,
    add_symbols: bool = False,
    write: bool = True,
) -> Report:
    """Compute every selected frame from its source and write the differences.

    With `write=False` it is `check`: each differing frame gets an ST401 diagnostic and
    the YAML diff that `sync` would apply.
    """
    report = Report(plans=plan_frames(project, files, selection, add_symbols=add_symbols))
    for plan in report.plans:
        report.problems += plan.problems
    for file, plans in _by_file(report.plans).items():
        edits = [e for p in plans if not p.failed for e in p.edits]
        if not edits:
            continue
        if not write:
            for plan in plans:
                if plan.edits and not plan.failed:
                    _report_difference(report, file, plan)
            continue
        result = _edited(file, edits, report.problems)
        if result is not None and result[0] != result[1]:
            write_atomically(Path(file), result[1])
            report.written.append(file)
    report.problems.sort()
    return report


def check(project: Project, files: SourceSet, selection: set[str] | None = None) -> Report:
    """`sync` without writing: every difference is an error, with its diff."""
    return sync(project, files, selection, write=False)


def _report_difference(report: Report, file: str, plan: FramePlan) -> None:
    result = _edited(file, plan.edits, report.problems)
    hint = ""
    if plan.new_lines is not None and plan.old_lines != plan.new_lines:
        hint = f"{plan.symbol} is now at lines {plan.new_lines[0]}–{plan.new_lines[1]}"
    found = Diagnostic.at(
        plan.frame.pos,
        "ST401",
        f"{plan.frame.id} differs from {plan.source}: " + "; ".join(plan.changes),
        hint=hint or "run `stacktour sync` to take the source's version",
    )
    report.problems.append(found)
    if result is not None:
        report.diffs[plan.frame.id] = report.diff_of[found] = _diff(file, *result)


def repin(
    project: Project,
    files: SourceSet,
    repo_id: str,
    rev: str,
    *,
    pin: str | None = None,
    label: str | None = None,
    write: bool = True,
) -> Report:
    """Move `repo_id` (or its pin `pin`) to the commit `rev` names, relocating its frames.

    Every frame of the repository is planned at the new commit; when any is not found,
    nothing is written. Otherwise the layer files and system.yaml are rewritten together.
    """
    report = Report()
    repo = next((r for r in project.repos if r.id == repo_id), None)
    if repo is None:
        known = ", ".join(r.id for r in project.repos)
        raise ValueError(f"unknown repository '{repo_id}' (known: {known})")
    if pin is not None and pin not in {p.name for p in repo.pins}:
        known = ", ".join(p.name for p in repo.pins) or "none"
        raise ValueError(f"{repo_id} has no pin '{pin}' (pins: {known})")
    if not files.has(repo_id):
        raise ValueError(f"no source for {repo_id}: give --source {repo_id}=DIR")
    try:
        commit = files.resolve(repo_id, rev)
    except SourceError as exc:
        report.problems.append(Diagnostic.at(repo.pos, "ST403", str(exc)))
        return report
    report.commit = commit
    moved = _with_commit(repo, pin, commit, label)
    after = replace(project, repos=tuple(moved if r.id == repo_id else r for r in project.repos))
    # The frames whose commit moves, and (when "today" moves) those with a today note.
    frames = {
        frame.id
        for layer in after.layers
        if layer.repo == repo_id
        for frame in layer.frames
        if frame_commit(after, layer, frame)[0] != frame_commit(project, layer, frame)[0]
        or (pin is None and frame.current is not None)
    }
    report.plans = plan_frames(after, files, frames, before=project)
    for plan in report.plans:
        report.problems += plan.problems
    for layer in after.layers:
        for frame in layer.frames if layer.repo == repo_id else ():
            unchecked = frame.symbol is None and frame.lines and not frame.excerpt
            if unchecked and frame.lines and frame_commit(after, layer, frame)[0] == commit:
                report.notes.append(
                    f"{frame.id}: lines {frame.lines[0]}-{frame.lines[1]} were not checked "
                    "(it has no symbol and no excerpt)"
                )
    report.problems.sort()
    if not report.ok or not write:
        return report
    _write_repin(report, repo, pin, commit, label)
    return report


def _with_commit(repo: Repo, pin: str | None, commit: str, label: str | None) -> Repo:
    if pin is None:
        return replace(repo, commit=commit, label=repo.label if label is None else label)
    pins = tuple(
        replace(p, commit=commit, label=p.label if label is None else label) if p.name == pin else p
        for p in repo.pins
    )
    return replace(repo, pins=pins)


def _write_repin(
    report: Report, repo: Repo, pin: str | None, commit: str, label: str | None
) -> None:
    base: tuple[str | int, ...] = (
        ("repos", repo.id) if pin is None else ("repos", repo.id, "pins", pin)
    )
    system_edits = [Edit((*base, "commit"), commit)]
    if label is not None:
        system_edits.append(Edit((*base, "label"), label))
    changes: dict[str, list[Edit]] = {repo.pos.file: system_edits}
    for file, plans in _by_file(report.plans).items():
        changes.setdefault(file, []).extend(e for p in plans for e in p.edits)
    results: dict[str, str] = {}
    for file, edits in changes.items():
        result = _edited(file, edits, report.problems)
        if result is None:
            return  # one file cannot be rewritten: write none of them
        if result[0] != result[1]:
            results[file] = result[1]
    for file, text in results.items():
        write_atomically(Path(file), text)
        report.written.append(file)
    old_line = _commit_comment(repo.pos.file, pin)
    if old_line:
        report.notes.append(
            f"{repo.pos.file}:{old_line}: its comment may still describe the old commit"
        )


def _commit_comment(file: str, pin: str | None) -> int | None:
    """The line of the rewritten `commit:` when a comment follows it on that line."""
    try:
        lines = read_bounded(Path(file), MAX_FILE_BYTES).decode("utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, 1):
        if re.match(r"\s*commit:\s*\S+\s+#", line):
            return number if pin is None else None
    return None


def code_diff(plan: FramePlan) -> str:
    """The member's old and new text as a unified diff numbered with the file's lines."""
    old = (plan.old_text or "").split("\n") if plan.old_text is not None else []
    new = (plan.new_text or "").split("\n") if plan.new_text is not None else []
    old_first = plan.old_lines[0] if plan.old_lines else 1
    new_first = plan.new_lines[0] if plan.new_lines else 1
    out = []
    for line in difflib.unified_diff(
        old, new, f"{plan.frame.id} (as quoted)", f"{plan.symbol} ({plan.source})", n=2, lineterm=""
    ):
        match = re.match(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@", line)
        if match:
            a, b = int(match.group(1)) + old_first - 1, int(match.group(3)) + new_first - 1
            line = f"@@ -{a}{match.group(2) or ''} +{b}{match.group(4) or ''} @@"
        out.append(line)
    return "\n".join(out) + ("\n" if out else "")


# -- the earlier API, kept for its callers -------------------------------------------------


def safe_source_path(root: Path, relative: str) -> Path:
    """The file `relative` inside the folder `root`; SourceError when it may not be read."""
    return FolderSource(root).path_of(relative)


def check_excerpts(project: Project, roots: dict[str, Path]) -> tuple[list[Diagnostic], int]:
    """Every frame of a repository in `roots` checked against it: (diagnostics, frames)."""
    with SourceSet({repo: open_source(root) for repo, root in roots.items()}) as files:
        report = check(project, files)
    return report.problems, len(report.plans)
