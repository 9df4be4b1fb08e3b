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

from . import cli_sources
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


cli_sources.register(main)  # sync, check, repin (and the deprecated check-excerpts)


@main.command(name="schema")
@click.argument("kind", default="layer", type=click.Choice(SCHEMA_NAMES))
def schema_command(kind: str) -> None:
    """Print the JSON Schema of a layer, stack or system file."""
    click.echo(json.dumps(schema(kind), indent=2, ensure_ascii=False))


@main.command()
@click.argument("stack", required=False)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="File to write; its suffix picks the format: .svg, .png or .pdf.",
)
@click.option(
    "--view",
    type=click.Choice(["sequence", "map"]),
    default="sequence",
    help="A sequence diagram of STACK, or a map (of STACK, or of everything).",
)
@click.option("--theme", type=click.Choice(["light", "dark"]), default="light")
@click.option("--steps", help="A slice of the steps, as A-B (numbers as on the site).")
@click.option("--hide", help="Comma-separated layer or group ids to fold away.")
@click.option("--returns/--no-returns", default=False, help="Draw dashed return arrows.")
@click.option(
    "--notes/--no-notes",
    default=True,
    help="Draw each call's note beside its arrow (default: on; a file has no walkthrough).",
)
@click.option(
    "--base-url", default="", help="Absolute URL of the published site, for links in the file."
)
@click.option(
    "--level",
    type=click.Choice(["processes", "core", "full"]),
    default=None,
    help="A level of detail, as the stack page offers: processes, core (without middleware "
    "and generated code) or full (sub-flows expanded). Default: the view as before, every "
    "layer with sub-flows as one box.",
)
@click.option("--no-links", is_flag=True, help="No links at all (for slides).")
@click.option(
    "--stacks",
    "stacks_dir",
    default="stacks",
    show_default=True,
    type=click.Path(file_okay=False),
    help="The stacks folder.",
)
def render(
    stack: str | None,
    output: str,
    view: str,
    theme: str,
    steps: str | None,
    hide: str | None,
    returns: bool,
    notes: bool,
    base_url: str,
    level: str | None,
    no_links: bool,
    stacks_dir: str,
) -> None:
    """Write the diagram of STACK (or a map) to an SVG, PNG or PDF file."""
    from dataclasses import replace

    from . import export, graph
    from .links import LinkScheme
    from .sequence import ViewOptions, parse_steps, render_sequence_svg
    from .sequence.levels import level as sequence_level

    target = Path(output)
    if target.suffix.lower() not in export.FORMATS:
        raise click.UsageError(f"{output}: the file must end in .svg, .png or .pdf")
    if base_url and not base_url.lower().startswith(("http://", "https://")):
        raise click.UsageError("--base-url must be an absolute http(s) URL")
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    try:
        links = LinkScheme(base=base_url, enabled=not no_links)
    except ValueError as exc:
        raise click.UsageError(f"--base-url: {exc}") from None
    result = _load_or_exit(stacks_dir)
    project = result.project
    assert project is not None
    if stack is not None and stack not in result.stacks:
        known = ", ".join(sorted(result.stacks))
        raise click.UsageError(f"unknown stack '{stack}' (known: {known})")
    try:
        if view == "map":
            scope = graph.MapScope.stack(stack) if stack else graph.MapScope.site()
            svg = graph.render_map_svg(
                project,
                scope=scope,
                links=links,
                theme=theme,
                standalone=True,
                resolved=result.stacks,
            )
        else:
            if stack is None:
                raise click.UsageError("a sequence diagram needs a STACK")
            view_options = ViewOptions(
                steps=parse_steps(steps) if steps else None,
                hide=tuple(x.strip() for x in (hide or "").split(",") if x.strip()),
                show_returns=returns,
                show_notes=notes,
            )
            if level is not None:
                detail = sequence_level(level).options(show_returns=returns, show_notes=notes)
                view_options = replace(detail, steps=view_options.steps, hide=view_options.hide)
            svg = render_sequence_svg(
                result.stacks[stack],
                project,
                links=links,
                theme=theme,
                options=view_options,
                subflows=result.stacks,
                standalone=True,
            )
        data = export.convert(svg, target.suffix.lower())
    except (graph.GraphError, export.ExportError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    write_atomically(target, data)
    click.echo(f"wrote {target} ({len(data):,} bytes)", err=True)


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, so no half-written file is left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a written file is the user's
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _register_commands() -> None:
    from . import cli_import, cli_scaffold

    cli_import.register(main)
    cli_scaffold.register(main)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
