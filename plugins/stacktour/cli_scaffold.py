"""`stacktour init` and `stacktour new layer|stack`: start a site, add a file (thin adapter)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import diagnostics as diag
from .loader import load_project
from .model import Project
from .scaffold import check_id, init_files, new_layer_text, new_stack_text
from .skeleton.schemas import schema_refs
from .skeleton.write import write_text_atomically


def _write_new(files: dict[Path, str]) -> None:
    """Write every file, refusing (and writing nothing) when any of them exists."""
    taken = sorted(str(p) for p in files if p.exists() or p.is_symlink())
    if taken:
        click.echo("error: these files exist; nothing was written:", err=True)
        for name in taken:
            click.echo(f"  {name}", err=True)
        sys.exit(1)
    for path, text in files.items():
        write_text_atomically(path, text)
        click.echo(f"wrote {path}", err=True)


@click.command(name="init")
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option("--name", help="The site's name (default: the folder's name).")
@click.option("--bare", is_flag=True, help="No example layers and stack.")
def init_command(folder: str, name: str | None, bare: bool) -> None:
    """Create a new site in FOLDER that builds at once with `mkdocs build`."""
    site = Path(folder)
    title = name or site.resolve().name or "Stacks"
    _write_new(init_files(site, title, example=not bare))
    where = "" if folder == "." else f"cd {folder} && "
    click.echo(f"next: {where}mkdocs serve", err=True)


@click.group(name="new")
def new_group() -> None:
    """Write a new, commented layer or stack file."""


def _project_for_new(stacks: Path, new_id: str, kind: str) -> Project:
    """The site a `new` command adds to, once `new_id` is a valid id (UsageError if not);
    exits with the site's diagnostics when it does not load."""
    try:
        check_id(new_id, kind)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    result = load_project(stacks)  # loaded once: its diagnostics are what is shown
    if not result.ok or result.project is None:
        click.echo(diag.format_text(result.diagnostics), err=True)
        click.echo(f"error: {stacks} has errors; fix them first", err=True)
        sys.exit(1)
    return result.project


@new_group.command(name="layer")
@click.argument("layer_id")
@click.option(
    "--stacks", "stacks_dir", default="stacks", show_default=True, type=click.Path(file_okay=False)
)
@click.option("--title", help="Name on the participant box (default: from the id).")
@click.option("--group", help="The group it runs in (default: the first in system.yaml).")
@click.option("--kind", default="class", show_default=True, help="class, middleware, service, ...")
@click.option("--repo", help="Repository id from system.yaml.")
@click.option("--path", "source_path", help="The file in that repository.")
def new_layer(
    layer_id: str,
    stacks_dir: str,
    title: str | None,
    group: str | None,
    kind: str,
    repo: str | None,
    source_path: str | None,
) -> None:
    """Write stacks/layers/LAYER_ID.yaml, with one frame to fill in."""
    stacks = Path(stacks_dir)
    project = _project_for_new(stacks, layer_id, "layer")
    if any(layer.id == layer_id for layer in project.layers):
        raise click.UsageError(f"a layer '{layer_id}' exists ({project.layer(layer_id).file})")
    groups = [g.id for g in project.groups]
    chosen = group or (groups[0] if groups else None)
    if chosen is None or chosen not in groups:
        known = "known: " + ", ".join(groups) if groups else "no groups in system.yaml"
        raise click.UsageError(f"--group {chosen}: {known}")
    if repo and repo not in {r.id for r in project.repos}:
        raise click.UsageError(f"--repo {repo}: not in system.yaml")
    refs, schemas = schema_refs(stacks)
    path = stacks / "layers" / f"{layer_id}.yaml"
    try:
        text = new_layer_text(layer_id, refs["layer"], path, chosen, title, kind, repo, source_path)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    _write_new({**schemas, path: text})


@new_group.command(name="stack")
@click.argument("stack_id")
@click.option(
    "--stacks", "stacks_dir", default="stacks", show_default=True, type=click.Path(file_okay=False)
)
@click.option("--title", help="Title of the stack page (default: from the id).")
@click.option("--entry", help="The frame it starts in, layer.frame (default: the first frame).")
def new_stack(stack_id: str, stacks_dir: str, title: str | None, entry: str | None) -> None:
    """Write stacks/STACK_ID.yaml, starting at a frame of the site."""
    stacks = Path(stacks_dir)
    project = _project_for_new(stacks, stack_id, "stack")
    if any(s.id == stack_id for s in project.stacks):
        raise click.UsageError(f"a stack '{stack_id}' exists ({project.stack(stack_id).file})")
    frames = sorted(project.frames())
    if not frames:
        raise click.UsageError(
            "the site has no frames yet: add a layer first (stacktour new layer ID)"
        )
    chosen = entry or frames[0]
    if chosen not in frames:
        raise click.UsageError(f"--entry {chosen}: no such frame (e.g. {frames[0]})")
    refs, schemas = schema_refs(stacks)
    path = stacks / f"{stack_id}.yaml"
    _write_new({**schemas, path: new_stack_text(stack_id, refs["stack"], path, chosen, title)})


def register(main: click.Group) -> None:
    """Add this module's commands to the `stacktour` group."""
    main.add_command(init_command)
    main.add_command(new_group)
