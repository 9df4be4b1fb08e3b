"""`stacktour sync`, `check` and `repin`: the command-line adapter of `stacktour.sources`.

Sources come from `--source REPO=DIR` (repeatable) and from the `sources:` option of the
stacktour plugin in `mkdocs.yml` (the command line wins for a repository named in both).
"""

from __future__ import annotations

import fnmatch
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import yaml

from . import diagnostics as diag
from .systems.load import LoadedSystem, SystemChoiceError, load_systems

FORMATS = {"text": diag.format_text, "json": diag.format_json, "github": diag.format_github}


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/name:` and `!ENV` tags are not ours to run."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _config_sources(config: str | None) -> tuple[dict[str, Path], str | None]:
    """`sources:` of the stacktour plugin in mkdocs.yml, and its `stacks_dir`."""
    path = Path(config or "mkdocs.yml")
    if not path.is_file():
        if config is not None:
            raise click.UsageError(f"--config {config}: no such file")
        return {}, None
    try:
        data: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        raise click.UsageError(f"{path}: cannot be read: {exc}") from None
    plugins = data.get("plugins") if isinstance(data, dict) else None
    options: Any = None
    for item in plugins if isinstance(plugins, list) else [plugins] if plugins else []:
        if isinstance(item, dict) and "stacktour" in item:
            options = item["stacktour"]
    if isinstance(plugins, dict):
        options = plugins.get("stacktour")
    if not isinstance(options, dict):
        return {}, None
    table = options.get("sources") or options.get("source_roots") or {}
    base = path.resolve().parent
    found = {str(k): (base / str(v)) for k, v in table.items()} if isinstance(table, dict) else {}
    stacks = options.get("stacks_dir")
    return found, str(base / stacks) if isinstance(stacks, str) else None


def _sources(items: tuple[str, ...], config: str | None) -> tuple[dict[str, Path], str | None]:
    folders, stacks = _config_sources(config)
    for item in items:
        repo, sep, folder = item.partition("=")
        if not sep or not repo or not folder:
            raise click.UsageError(f"--source {item}: write REPO=DIR")
        folders[repo] = Path(folder)
    return folders, stacks


def _load(stacks: str, output_format: str, system: str | None) -> tuple[LoadedSystem, ...]:
    """Every system under `stacks` (or the one `--system` names), loaded; their problems
    printed; exit 1 on any error."""
    try:
        loaded, problems = load_systems(Path(stacks), system)
    except SystemChoiceError as exc:
        raise click.UsageError(str(exc)) from None
    found = tuple(sorted({*problems, *(d for s in loaded for d in s.result.diagnostics)}))
    if found:
        click.echo(FORMATS[output_format](found), err=output_format == "text")
    if diag.errors(found):
        sys.exit(1)
    return loaded


def _repo_ids(system: LoadedSystem) -> set[str]:
    project = system.result.project
    return {r.id for r in project.repos} if project else set()


@dataclass(frozen=True)
class _Run:
    """One system's part of a command: its sources and chosen frames."""

    system: LoadedSystem
    folders: dict[str, Path]
    selection: set[str] | None

    @property
    def project(self) -> Any:
        return self.system.result.project

    def open(self) -> Any:
        from .sources import SourceError, SourceSet

        try:
            return SourceSet.open(self.folders)
        except SourceError as exc:
            raise click.UsageError(str(exc)) from None


def _runs(
    loaded: tuple[LoadedSystem, ...],
    folders: dict[str, Path],
    frames: tuple[str, ...] = (),
    stack_ids: tuple[str, ...] = (),
) -> list[_Run]:
    """The systems a command works on: those with a source for one of their repositories
    and, with --frames or --stack, a frame chosen. A repository no system has, or a
    pattern or stack that chooses nothing in any system, is a usage error."""
    from .sources import select_frames

    known = {r.id for s in loaded if s.result.project for r in s.result.project.repos}
    unknown = sorted(set(folders) - known)
    if unknown:
        raise click.UsageError(
            f"unknown repository id(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        )
    if not folders:
        raise click.UsageError(
            "no sources: give --source REPO=DIR, or `sources:` in the stacktour plugin's options"
        )
    runs: list[_Run] = []
    used_frames: set[str] = set()
    used_stacks: set[str] = set()
    for system in loaded:
        result = system.result
        assert result.project is not None
        mine = {r.id: folders[r.id] for r in result.project.repos if r.id in folders}
        if not mine:
            continue
        ids = result.project.frames()
        patterns = tuple(p for p in frames if any(fnmatch.fnmatchcase(f, p) for f in ids))
        stacks = tuple(s for s in stack_ids if s in result.stacks)
        used_frames.update(patterns)
        used_stacks.update(stacks)
        if (frames or stack_ids) and not (patterns or stacks):
            continue
        selection = select_frames(result.project, result.stacks, patterns, stacks)
        runs.append(_Run(system, mine, selection))
    missing = [p for p in frames if p not in used_frames]
    if missing:
        problem = f"--frames {missing[0]}: no frame matches (frames are `layer.frame`)"
        raise click.UsageError(problem)
    missing = [s for s in stack_ids if s not in used_stacks]
    if missing:
        known_stacks = sorted({s for x in loaded for s in x.result.stacks})
        raise click.UsageError(
            f"--stack {missing[0]}: no such stack (known: {', '.join(known_stacks)})"
        )
    return runs


_source_option = click.option(
    "--source",
    "source_items",
    multiple=True,
    metavar="REPO=DIR",
    help="Where repository REPO can be read: a clone (bare or not; read at each frame's "
    "commit, never its working tree) or a plain folder of files at that version. Repeatable.",
)
_config_option = click.option(
    "--config",
    default=None,
    help="mkdocs.yml whose stacktour `sources:` to use (default: ./mkdocs.yml if present).",
)
_frames_option = click.option(
    "--frames", multiple=True, metavar="PATTERN", help="Only frames matching `layer.frame` (globs)."
)
_stack_option = click.option(
    "--stack", "stack_ids", multiple=True, metavar="ID", help="Only the frames of stack ID."
)
_stacks_argument = click.argument("stacks", required=False, type=click.Path(file_okay=False))
_system_option = click.option(
    "--system",
    metavar="ID",
    help="Only this system, in a stacks folder holding several (default: every system "
    "that has a repository given a source).",
)


def _stacks_dir(stacks: str | None, configured: str | None) -> str:
    return stacks or configured or "stacks"


@click.command()
@_stacks_argument
@_source_option
@_config_option
@_frames_option
@_stack_option
@_system_option
@click.option(
    "--add-symbols", is_flag=True, help="Give frames without a symbol the one their lines cover."
)
def sync(
    stacks: str | None,
    source_items: tuple[str, ...],
    config: str | None,
    frames: tuple[str, ...],
    stack_ids: tuple[str, ...],
    system: str | None,
    add_symbols: bool,
) -> None:
    """Write each frame's lines, excerpt and call lines as its source has them."""
    from .sources import sync as run_sync

    folders, configured = _sources(source_items, config)
    loaded = _load(_stacks_dir(stacks, configured), "text", system)
    read = changed = written = 0
    ok = True
    for run in _runs(loaded, folders, frames, stack_ids):
        with run.open() as files:
            report = run_sync(run.project, files, run.selection, add_symbols=add_symbols)
        for plan in report.plans:
            if plan.changes and not plan.failed:
                click.echo(f"{plan.layer.file}: {plan.frame.id}: {'; '.join(plan.changes)}")
        if report.problems:
            click.echo(diag.format_text(report.problems), err=True)
        read += len(report.plans)
        changed += sum(1 for p in report.plans if p.edits and not p.failed)
        written += len(report.written)
        ok = ok and report.ok
    click.echo(
        f"{read} frame(s) read, {changed} changed, {written} file(s) written",
        err=True,
    )
    sys.exit(0 if ok else 1)


@click.command()
@_stacks_argument
@_source_option
@_config_option
@_frames_option
@_stack_option
@_system_option
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text")
def check(
    stacks: str | None,
    source_items: tuple[str, ...],
    config: str | None,
    frames: tuple[str, ...],
    stack_ids: tuple[str, ...],
    system: str | None,
    output_format: str,
) -> None:
    """Exit 1 when any frame differs from its source; print what `sync` would change."""
    from .sources import check as run_check

    folders, configured = _sources(source_items, config)
    loaded = _load(_stacks_dir(stacks, configured), output_format, system)
    reports = []
    for run in _runs(loaded, folders, frames, stack_ids):
        with run.open() as files:
            reports.append(run_check(run.project, files, run.selection))
    _print_check(reports, output_format)
    sys.exit(0 if all(r.ok for r in reports) else 1)


def _print_check(reports: list[Any], output_format: str) -> None:
    problems = [d for r in reports for d in r.problems]
    if output_format == "github":
        # The diff travels in the annotation, so the pull request shows it on the frame.
        for report in reports:
            for d in report.problems:
                diff = _visible(report.diff_of.get(d, ""))
                escaped = diff.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
                click.echo(diag.format_github([d]) + ("%0A" + escaped if diff else ""))
    elif output_format == "json":
        click.echo(diag.format_json(problems))
    else:
        if problems:
            click.echo(diag.format_text(problems))
        for report in reports:
            for diff in report.diffs.values():
                click.echo(_visible(diff), nl=False)

    if output_format != "json":
        compared = sum(len(r.plans) for r in reports)
        differing = sum(len(r.differences) for r in reports)
        click.echo(
            f"{compared} frame(s) compared, {differing} differ(s) from the source",
            err=True,
        )


def _visible(text: str) -> str:
    """Source text for a terminal: each line's control characters shown, not acted on."""
    return "\n".join(diag.visible(line) for line in text.split("\n"))


@click.command()
@click.argument("repo")
@click.argument("commit")
@_stacks_argument
@click.option("--pin", "pin_name", help="Move this pin of REPO instead of its commit.")
@click.option("--label", help="The new commit's label (a tag or version); default: unchanged.")
@click.option("--dry-run", is_flag=True, help="Report, but write nothing.")
@_source_option
@_config_option
@click.option(
    "--system",
    metavar="ID",
    help="The system whose REPO to move, when several systems have a repository REPO.",
)
def repin(
    repo: str,
    commit: str,
    stacks: str | None,
    pin_name: str | None,
    label: str | None,
    dry_run: bool,
    source_items: tuple[str, ...],
    config: str | None,
    system: str | None,
) -> None:
    """Move REPO (or its --pin) to COMMIT and relocate every frame by its symbol."""
    from .sources import code_diff
    from .sources import repin as run_repin

    folders, configured = _sources(source_items, config)
    loaded = _load(_stacks_dir(stacks, configured), "text", system)
    having = [s for s in loaded if repo in _repo_ids(s)]
    if len(having) > 1:
        names = ", ".join(
            s.name or f"{s.shown} (no id yet: give its system.yaml one)" for s in having
        )
        raise click.UsageError(
            f"several systems have a repository '{repo}': name one with --system ({names})"
        )
    chosen = having[0] if having else loaded[0]  # no system has it: repin says so
    run = next((r for r in _runs(loaded, folders) if r.system is chosen), None)
    if run is None:
        raise click.UsageError(f"no source for repository '{repo}': give --source {repo}=DIR")
    with run.open() as files:
        try:
            report = run_repin(
                run.project, files, repo, commit, pin=pin_name, label=label, write=not dry_run
            )
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
    for plan in report.plans:
        words = {"changed": "text changed", "failed": "not found"}.get(plan.status, plan.status)
        detail = f" ({'; '.join(plan.changes)})" if plan.changes and plan.status != "failed" else ""
        click.echo(f"{plan.frame.id}: {words}{detail}")
        if plan.status == "changed":
            click.echo(_visible(code_diff(plan)), nl=False)
    if report.problems:
        click.echo(diag.format_text(report.problems), err=True)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    target = f"{repo}{' pin ' + pin_name if pin_name else ''} -> {report.commit[:12] or commit}"
    if not report.ok:
        click.echo(f"{target}: nothing written (fix the frames above first)", err=True)
    elif dry_run:
        click.echo(f"{target}: dry run, nothing written", err=True)
    else:
        click.echo(f"{target}: {len(report.written)} file(s) written", err=True)
    sys.exit(0 if report.ok else 1)


def _deprecated_check(**options: Any) -> None:
    click.echo("check-excerpts is deprecated: use `stacktour check` (same options)", err=True)
    assert check.callback is not None
    check.callback(**options)


check_excerpts = click.Command(
    "check-excerpts",
    params=check.params,
    callback=_deprecated_check,
    hidden=True,
    help="Deprecated: `stacktour check`, which takes the same options.",
)


def register(group: click.Group) -> None:
    """Add the commands to the `stacktour` group."""
    for command in (sync, check, repin, check_excerpts):
        group.add_command(command)
