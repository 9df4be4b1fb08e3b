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
from .loader.schema_check import SCHEMA_NAMES, schema
from .systems.load import LoadedSystem, SystemChoiceError, load_systems, pick_system

FORMATS = {"text": diag.format_text, "json": diag.format_json, "github": diag.format_github}


def _count(n: int, word: str) -> str:
    """ "1 stack", "7 stacks" (the command line speaks English)."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _load_or_exit(
    stacks: str, output_format: str = "text", system: str | None = None
) -> LoadedSystem:
    """The system a command acts on (`--system`, else the folder's own or only one),
    loaded; its problems printed; exit 1 on errors."""
    try:
        loaded, problems = load_systems(Path(stacks))
        chosen = pick_system(loaded, system)
    except SystemChoiceError as exc:
        raise click.UsageError(str(exc)) from None
    found = tuple(sorted({*problems, *chosen.result.diagnostics}))
    if found:
        click.echo(FORMATS[output_format](found), err=output_format == "text")
    if not chosen.result.ok or any(d.is_error for d in problems):
        sys.exit(1)
    return chosen


system_option = click.option(
    "--system",
    metavar="ID",
    help="The system, in a stacks folder holding several (default: the folder's own).",
)


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
@click.option(
    "--system", metavar="ID", help="Only this system (default: every system under STACKS)."
)
def validate(stacks: str, output_format: str, system: str | None) -> None:
    """Check every file under STACKS (every system in it); exit 1 on any error."""
    try:
        loaded, problems = load_systems(Path(stacks), system)
    except SystemChoiceError as exc:
        raise click.UsageError(str(exc)) from None
    diagnostics = tuple(sorted({*problems, *(d for s in loaded for d in s.result.diagnostics)}))
    ok = all(s.result.ok for s in loaded) and not diag.errors(problems)
    if output_format == "json":
        click.echo(diag.format_json(diagnostics))
    elif diagnostics:
        click.echo(FORMATS[output_format](diagnostics))
    if output_format == "text":
        errors = len(diag.errors(diagnostics))
        warnings = len(diagnostics) - errors
        if ok:
            sizes = [
                f"{_count(len(s.result.project.layers), 'layer')}, "
                f"{_count(len(s.result.project.stacks), 'stack')}"
                for s in loaded
                if s.result.project is not None
            ]
            if len(loaded) > 1 or system:
                sizes = [f"{s.shown}: {size}" for s, size in zip(loaded, sizes, strict=True)]
            click.echo(f"ok: {'; '.join(sizes)}, {warnings} warning(s)", err=True)
        else:
            click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
    sys.exit(0 if ok else 1)


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
@system_option
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
    system: str | None,
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
    chosen = _load_or_exit(stacks_dir, system=system)
    try:
        links = LinkScheme(base=base_url, enabled=not no_links, prefix=chosen.folder.prefix)
    except ValueError as exc:
        raise click.UsageError(f"--base-url: {exc}") from None
    result = chosen.result
    project = result.project
    assert project is not None
    if stack is not None and stack not in result.stacks:
        known = ", ".join(sorted(result.stacks))
        elsewhere = [
            s.name
            for s in load_systems(Path(stacks_dir))[0]
            if s.name and s.name != chosen.name and stack in s.result.stacks
        ]
        hint = f"; system {elsewhere[0]} has it: --system {elsewhere[0]}" if elsewhere else ""
        raise click.UsageError(f"unknown stack '{stack}' (known: {known}){hint}")
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


@main.command()
@click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The site's MkDocs config; the stacktour plugin's options are read from it.",
)
@click.option(
    "--zensical-config",
    "config_name",
    default="mkdocs.zensical.yml",
    show_default=True,
    help="File name of the builder config written beside the MkDocs config.",
)
@click.option("--watch", is_flag=True, help="Generate again whenever a stack file changes.")
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text")
def generate(config_file: str, config_name: str, watch: bool, output_format: str) -> None:
    """Write the generated pages as stubs in the docs folder, the assets beside them and a
    config for Zensical (which runs no MkDocs plugin), then build with
    `zensical build -f mkdocs.zensical.yml`."""
    import threading

    from .standalone import generate as run

    if "/" in config_name or "\\" in config_name or not config_name.endswith((".yml", ".yaml")):
        raise click.UsageError("--zensical-config: a .yml file name (it goes beside the config)")
    show = FORMATS[output_format]
    if not watch:
        report = run.generate_once(config_file, config_name)
        if report.diagnostics:
            click.echo(show(report.diagnostics), err=output_format == "text")
        click.echo(report.summary, err=True)
        sys.exit(0 if report.ok else 1)

    def once() -> tuple[Path, Path]:
        # Zensical draws each page as it renders it; here only the pages' places matter.
        report = run.generate_once(config_file, config_name, draw=False)
        if report.diagnostics:
            click.echo(show(report.diagnostics), err=output_format == "text")
        click.echo(report.summary, err=True)
        return report.watched

    stop = threading.Event()
    click.echo("Watching for changes (Ctrl-C stops).", err=True)
    try:
        run.watch(once, stop, frozenset({config_name}))
    except KeyboardInterrupt:
        stop.set()


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
