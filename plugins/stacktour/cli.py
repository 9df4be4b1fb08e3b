"""The `stacktour` command: a thin adapter that parses arguments and prints results.

Every subcommand loads through the same core as the MkDocs plugin; none holds logic of
its own beyond choosing what to print and where to write.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

from . import diagnostics as diag
from .loader import LoadResult, load_project
from .loader.schema_check import SCHEMA_NAMES, schema

FORMATS = {"text": diag.format_text, "json": diag.format_json, "github": diag.format_github}


def _load_or_exit(stacks: str, output_format: str = "text") -> LoadResult:
    result = load_project(stacks)
    if result.diagnostics:
        click.echo(FORMATS[output_format](result.diagnostics), err=output_format == "text")
    if not result.ok:
        sys.exit(1)
    return result


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="stacktour")
def main() -> None:
    """Turn YAML call stacks into linked sequence diagrams, maps and excerpts."""


@main.command()
@click.argument("stacks", default="stacks", type=click.Path(file_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    help="text: path:line:col: CODE message; json; github: workflow annotations.",
)
def validate(stacks: str, output_format: str) -> None:
    """Check every file under STACKS; exit 1 on any error."""
    result = load_project(stacks)
    if output_format == "json":
        click.echo(diag.format_json(result.diagnostics))
    elif result.diagnostics:
        click.echo(FORMATS[output_format](result.diagnostics))
    if output_format == "text":
        errors = len(diag.errors(result.diagnostics))
        warnings = len(result.diagnostics) - errors
        if result.ok:
            project = result.project
            assert project is not None
            click.echo(
                f"ok: {len(project.layers)} layers, {len(project.stacks)} stacks, "
                f"{warnings} warning(s)",
                err=True,
            )
        else:
            click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
    sys.exit(0 if result.ok else 1)


@main.command(name="schema")
@click.argument("kind", default="layer", type=click.Choice(SCHEMA_NAMES))
def schema_command(kind: str) -> None:
    """Print the JSON Schema of a layer, stack or system file."""
    click.echo(json.dumps(schema(kind), indent=2, ensure_ascii=False))


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, so no half-written file is left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


if __name__ == "__main__":  # pragma: no cover
    main()
