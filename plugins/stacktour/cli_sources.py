"""`stacktour sync`, `check` and `repin`: the command-line adapter of `stacktour.sources`.

Sources come from `--source REPO=DIR` (repeatable) and from the `sources:` option of the
stacktour plugin in `mkdocs.yml` (the command line wins for a repository named in both).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
import yaml

from . import diagnostics as diag
from .loader import LoadResult, load_project

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


def _load(stacks: str, output_format: str) -> LoadResult:
    result = load_project(stacks)
    if result.diagnostics:
        click.echo(FORMATS[output_format](result.diagnostics), err=output_format == "text")
    if not result.ok:
        sys.exit(1)
    return result


def _open(result: LoadResult, folders: dict[str, Path]) -> Any:
    from .sources import SourceError, SourceSet

    assert result.project is not None
    known = {r.id for r in result.project.repos}
    unknown = sorted(set(folders) - known)
    if unknown:
        raise click.UsageError(
            f"unknown repository id(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        )
    if not folders:
        raise click.UsageError(
            "no sources: give --source REPO=DIR, or `sources:` in the stacktour plugin's options"
        )
    try:
        return SourceSet.open(folders)
    except SourceError as exc:
        raise click.UsageError(str(exc)) from None


def _selection(result: LoadResult, frames: tuple[str, ...], stacks: tuple[str, ...]) -> Any:
    from .sources import select_frames

    assert result.project is not None
    try:
        return select_frames(result.project, result.stacks, frames, stacks)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


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


def _stacks_dir(stacks: str | None, configured: str | None) -> str:
    return stacks or configured or "stacks"


@click.command()
@_stacks_argument
@_source_option
@_config_option
@_frames_option
@_stack_option
@click.option(
    "--add-symbols", is_flag=True, help="Give frames without a symbol the one their lines cover."
)
def sync(
    stacks: str | None,
    source_items: tuple[str, ...],
    config: str | None,
    frames: tuple[str, ...],
    stack_ids: tuple[str, ...],
    add_symbols: bool,
) -> None:
    """Write each frame's lines, excerpt and call lines as its source has them."""
    from .sources import sync as run_sync

    folders, configured = _sources(source_items, config)
    result = _load(_stacks_dir(stacks, configured), "text")
    assert result.project is not None
    selection = _selection(result, frames, stack_ids)
    with _open(result, folders) as files:
        report = run_sync(result.project, files, selection, add_symbols=add_symbols)
    for plan in report.plans:
        if plan.changes and not plan.failed:
            click.echo(f"{plan.layer.file}: {plan.frame.id}: {'; '.join(plan.changes)}")
    if report.problems:
        click.echo(diag.format_text(report.problems), err=True)
    changed = sum(1 for p in report.plans if p.edits and not p.failed)
    click.echo(
        f"{len(report.plans)} frame(s) read, {changed} changed, "
        f"{len(report.written)} file(s) written",
        err=True,
    )
    sys.exit(0 if report.ok else 1)


@click.command()
@_stacks_argument
@_source_option
@_config_option
@_frames_option
@_stack_option
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text")
def check(
    stacks: str | None,
    source_items: tuple[str, ...],
    config: str | None,
    frames: tuple[str, ...],
    stack_ids: tuple[str, ...],
    output_format: str,
) -> None:
    """Exit 1 when any frame differs from its source; print what `sync` would change."""
    from .sources import check as run_check

    folders, configured = _sources(source_items, config)
    result = _load(_stacks_dir(stacks, configured), output_format)
    assert result.project is not None
    selection = _selection(result, frames, stack_ids)
    with _open(result, folders) as files:
        report = run_check(result.project, files, selection)
    _print_check(report, output_format)
    sys.exit(0 if report.ok else 1)


def _print_check(report: Any, output_format: str) -> None:
    if output_format == "github":
        # The diff travels in the annotation, so the pull request shows it on the frame.
        for d in report.problems:
            diff = _visible(report.diff_of.get(d, ""))
            escaped = diff.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            click.echo(diag.format_github([d]) + ("%0A" + escaped if diff else ""))
    elif output_format == "json":
        click.echo(diag.format_json(report.problems))
    else:
        if report.problems:
            click.echo(diag.format_text(report.problems))
        for diff in report.diffs.values():
            click.echo(_visible(diff), nl=False)

    if output_format != "json":
        differing = len(report.differences)
        click.echo(
            f"{len(report.plans)} frame(s) compared, {differing} differ(s) from the source",
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
def repin(
    repo: str,
    commit: str,
    stacks: str | None,
    pin_name: str | None,
    label: str | None,
    dry_run: bool,
    source_items: tuple[str, ...],
    config: str | None,
) -> None:
    """Move REPO (or its --pin) to COMMIT and relocate every frame by its symbol."""
    from .sources import code_diff
    from .sources import repin as run_repin

    folders, configured = _sources(source_items, config)
    result = _load(_stacks_dir(stacks, configured), "text")
    assert result.project is not None
    with _open(result, folders) as files:
        try:
            report = run_repin(
                result.project, files, repo, commit, pin=pin_name, label=label, write=not dry_run
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
