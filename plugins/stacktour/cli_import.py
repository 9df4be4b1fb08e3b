"""`stacktour import` and `stacktour record`: stacks from real runs (a thin adapter).

Parsing is `importers`, capturing is `recorder`, turning a stack into files is `skeleton`;
this module reads options, prints what happened, and exits with a status.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from . import diagnostics as diag
from .importers import FORMATS, Trace, TraceStack, parse_trace
from .loader import load_project
from .model import Project
from .skeleton.paths import PathMap, parse_map
from .skeleton.plan import GROUP_BY, ImportOptions, PlanError, RepoFact, plan_import
from .skeleton.qualify import qualify
from .skeleton.write import WriteError, write_plan

MAX_TRACE_BYTES = 16 << 20  # far above any real trace; a log this big wants cutting first
SHOWN_PROBLEMS = 20


def _site(stacks: Path) -> Project | None:
    """The site as it is, or None for a folder that does not exist yet; exits on errors."""
    if not stacks.exists() or not any(stacks.glob("**/*.y*ml")):
        return None
    result = load_project(stacks)
    if not result.ok:
        click.echo(diag.format_text(result.diagnostics), err=True)
        click.echo(f"error: {stacks} has errors; fix them before importing into it", err=True)
        sys.exit(1)
    return result.project


def _parse_repo(text: str) -> RepoFact:
    """`ID=URL@COMMIT` or `ID=URL@TAG`."""
    rid, sep, rest = text.partition("=")
    url, at, rev = rest.rpartition("@")
    if not sep or not at or not url.startswith("https://") or not rev:
        raise click.UsageError(f"--repo {text}: expected ID=https://URL@COMMIT (or @TAG)")
    is_commit = len(rev) == 40 and all(c in "0123456789abcdef" for c in rev)
    return RepoFact(id=rid, url=url, commit=rev if is_commit else "", tag="" if is_commit else rev)


def _maps(items: tuple[str, ...]) -> tuple[PathMap, ...]:
    """Parsed `--map` options. A relative prefix that names a folder here also matches
    the absolute paths a run on this machine reports (a trace's own relative paths, such
    as Java's `com/example/Main.java`, still match it as written)."""
    try:
        maps = [parse_map(item) for item in items]
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    for item in list(maps):
        if not os.path.isabs(item.prefix) and os.path.exists(item.prefix):
            maps.append(replace(item, prefix=os.path.abspath(item.prefix)))
    return tuple(maps)


def describe(trace: Trace) -> str:
    """One line per stack found, numbered as `--stack` counts them."""
    lines = []
    for i, stack in enumerate(trace.stacks, start=1):
        mark = "*" if i - 1 == trace.default else " "
        title = stack.title or f"({stack.kind})"
        lines.append(
            f"{mark} {i}: {title} [{len(stack.frames)} frames, trace line {stack.trace_line}]"
        )
    return "\n".join(lines)


def choose_stack(trace: Trace, number: int | None, goroutine: str | None) -> TraceStack:
    """The stack picked by `--stack N` or `--goroutine ID`, else the trace's default."""
    if not trace.stacks:
        raise click.ClickException("the trace holds no stack frames")
    if goroutine is not None:
        for stack in trace.stacks:
            if stack.ident == goroutine:
                return stack
        known = ", ".join(s.ident for s in trace.stacks if s.ident) or "none"
        raise click.UsageError(f"--goroutine {goroutine}: not in the trace (found: {known})")
    if number is not None:
        if not 1 <= number <= len(trace.stacks):
            raise click.UsageError(f"--stack {number}: the trace holds {len(trace.stacks)}")
        return trace.stacks[number - 1]
    return trace.stacks[trace.default]


def read_trace(source: str) -> tuple[str, str]:
    """The trace's text and the name to show for it; `-` reads standard input."""
    if source == "-":
        raw = sys.stdin.buffer.read(MAX_TRACE_BYTES + 1)
        name = "<stdin>"
    else:
        path = Path(source)
        if not path.is_file():
            raise click.UsageError(f"{source}: no such file")
        with path.open("rb") as handle:
            raw = handle.read(MAX_TRACE_BYTES + 1)
        name = source
    if len(raw) > MAX_TRACE_BYTES:
        raise click.UsageError(f"{name}: more than {MAX_TRACE_BYTES:,} bytes; cut the trace out")
    return raw.decode("utf-8", errors="replace"), name


def import_stack(
    trace_stack: TraceStack,
    options: ImportOptions,
    stacks: Path,
    force: bool,
    intro: str,
) -> None:
    """Plan, check and write one stack, printing notes and files; exits 1 on a problem."""
    project = _site(stacks)
    trace_stack = qualify(trace_stack, options.maps)
    try:
        plan = plan_import(trace_stack, options, project, force=force)
        changes = write_plan(plan, stacks, intro, force=force)
    except WriteError as exc:
        if exc.diagnostics:
            click.echo(diag.format_text(exc.diagnostics), err=True)
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except (PlanError, ValueError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for note in plan.notes:
        click.echo(f"note: {note}", err=True)
    for change in changes:
        verb = "wrote" if change.created else "added to"
        click.echo(f"{verb} {change.path}", err=True)
    click.echo(
        f"stack '{plan.stack.id}': {len(plan.stack.steps)} step(s) from {plan.stack.entry}",
        err=True,
    )


def _import_options(func: click.decorators.FC) -> click.decorators.FC:
    """Options shared by `import` and `record`: where and how the files are written."""
    options = [
        click.option(
            "-o",
            "--stacks",
            "stacks_dir",
            default="stacks",
            show_default=True,
            type=click.Path(file_okay=False),
            help="The stacks folder to write into.",
        ),
        click.option(
            "--id", "stack_id", help="Id of the new stack (default: from its last frame)."
        ),
        click.option("--title", help="Title of the new stack (default: from the trace)."),
        click.option(
            "--group-by",
            type=click.Choice(GROUP_BY),
            default="class",
            show_default=True,
            help="One layer per class (free functions by module), or one per module or file.",
        ),
        click.option(
            "--keep-runtime",
            is_flag=True,
            help="Keep the platform's own frames (stdlib, System.*, java.*, node:internal, "
            "Go runtime).",
        ),
        click.option(
            "--drop",
            multiple=True,
            metavar="PREFIX",
            help="Also leave out frames whose module, type or file starts with PREFIX "
            "(repeatable).",
        ),
        click.option(
            "--map",
            "maps",
            multiple=True,
            metavar="PREFIX=REPO:PATH",
            help="Files under PREFIX are PATH/... in repository REPO (repeatable).",
        ),
        click.option(
            "--repo",
            "repos",
            multiple=True,
            metavar="ID=URL@REV",
            help="Add repository ID to system.yaml, at a commit SHA or a tag (repeatable).",
        ),
        click.option(
            "--group",
            default="process",
            show_default=True,
            help="The group (process) new layers run in; added to system.yaml if missing.",
        ),
        click.option("--force", is_flag=True, help="Replace a stack or layer file that exists."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.command(name="import")
@click.argument("trace", type=str)
@click.option(
    "--format",
    "trace_format",
    type=click.Choice(sorted(FORMATS)),
    help="The trace's format (default: recognised from its lines).",
)
@click.option("--stack", "stack_number", type=int, help="Which stack of the trace (see --list).")
@click.option("--goroutine", help="Which goroutine of a Go dump, by its number.")
@click.option("--list", "list_only", is_flag=True, help="List the trace's stacks and stop.")
@_import_options
def import_command(
    trace: str,
    trace_format: str | None,
    stack_number: int | None,
    goroutine: str | None,
    list_only: bool,
    stacks_dir: str,
    stack_id: str | None,
    title: str | None,
    group_by: str,
    keep_runtime: bool,
    drop: tuple[str, ...],
    maps: tuple[str, ...],
    repos: tuple[str, ...],
    group: str,
    force: bool,
) -> None:
    """Write a stack and its layers from a stack trace (a file, or - for standard input)."""
    text, name = read_trace(trace)
    try:
        parsed = parse_trace(text, trace_format)
    except ValueError as exc:
        raise click.ClickException(f"{name}: {exc}") from None
    for problem in parsed.problems[:SHOWN_PROBLEMS]:
        click.echo("skipped: " + problem.format(name), err=True)
    if len(parsed.problems) > SHOWN_PROBLEMS:
        click.echo(
            f"skipped: ... and {len(parsed.problems) - SHOWN_PROBLEMS} more line(s)", err=True
        )
    if list_only:
        click.echo(f"{name}: {parsed.format} trace")
        click.echo(describe(parsed))
        return
    chosen = choose_stack(parsed, stack_number, goroutine)
    options = ImportOptions(
        stack_id=stack_id,
        title=title,
        group_by=group_by,
        keep_runtime=keep_runtime,
        drop=drop,
        maps=_maps(maps),
        group=group,
        group_title=f"{_LANGUAGE.get(parsed.format, parsed.format)} process",
        repos=tuple(_parse_repo(r) for r in repos),
        source=Path(name).name if name != "<stdin>" else "",
    )
    intro = (
        f"Imported by `stacktour import` from a {parsed.format} trace. Run `stacktour sync` "
        "to fill in\neach frame's lines and excerpt from its symbol, then explain it."
    )
    click.echo(f"{name}: {parsed.format} trace, stack: {chosen.title or chosen.kind}", err=True)
    import_stack(chosen, options, Path(stacks_dir), force, intro)


_LANGUAGE = {
    "python": "Python",
    "faulthandler": "Python",
    "py-spy": "Python",
    "dotnet": ".NET",
    "dotnet-stack": ".NET",
    "java": "Java",
    "node": "Node.js",
    "go": "Go",
}


@click.command(
    name="record",
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
)
@click.option(
    "--at",
    "target",
    required=True,
    metavar="MODULE.QUALNAME",
    help="The function to capture at, e.g. jinja2.lexer.Lexer.tokeniter (a script's own "
    "functions: its file name without .py, or __main__).",
)
@click.option(
    "--nth", default=1, show_default=True, type=click.IntRange(1), help="Capture the N-th entry."
)
@click.option("-m", "module", metavar="MODULE", help="Run a module, as python -m MODULE does.")
@click.option(
    "--python",
    default=sys.executable,
    show_default="this interpreter",
    help="The interpreter to run the program with.",
)
@_import_options
@click.argument("program", nargs=-1, type=click.UNPROCESSED)
def record_command(
    target: str,
    nth: int,
    module: str | None,
    python: str,
    program: tuple[str, ...],
    stacks_dir: str,
    stack_id: str | None,
    title: str | None,
    group_by: str,
    keep_runtime: bool,
    drop: tuple[str, ...],
    maps: tuple[str, ...],
    repos: tuple[str, ...],
    group: str,
    force: bool,
) -> None:
    """Run a Python program (-- script.py ARGS, or -m MODULE ARGS) and write the call stack
    it had on entering a function; the program's output and exit status pass through."""
    from .recorder import RecordError, record

    args = list(program)
    if args and args[0] == "--":
        args = args[1:]
    if not module and not args:
        raise click.UsageError("give the program: -- script.py [ARGS], or -m MODULE [ARGS]")
    try:
        recording = record(target, args, module=module, nth=nth, python=python)
    except RecordError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    failed = recording.status if recording.status else 1
    if recording.stack is None:
        times = "never" if recording.entered == 0 else f"only {recording.entered} time(s)"
        click.echo(f"error: {target} was entered {times}; nothing was captured", err=True)
        sys.exit(failed)
    click.echo(
        f"captured {target} (entry {nth}, {len(recording.stack.frames)} frames, "
        f"Python {recording.python}, {recording.mode})",
        err=True,
    )
    options = ImportOptions(
        stack_id=stack_id,
        title=title,
        group_by=group_by,
        keep_runtime=keep_runtime,
        drop=drop,
        maps=_maps(maps) + recording.maps,
        group=group,
        group_title="Python process",
        repos=tuple(_parse_repo(r) for r in repos) + recording.repos,
        verb="Recorded",
        source=" ".join(["python", *(["-m", module] if module else []), *args]),
        origin="recorded frame",
    )
    intro = (
        "Recorded by `stacktour record`. Run `stacktour sync` to fill in each frame's "
        "lines and\nexcerpt from its symbol, then explain it."
    )
    try:
        import_stack(recording.stack, options, Path(stacks_dir), force, intro)
    except SystemExit as exc:
        sys.exit(exc.code if recording.status == 0 else recording.status)
    sys.exit(recording.status)


def register(main: click.Group) -> None:
    """Add this module's commands to the `stacktour` group."""
    main.add_command(import_command)
    main.add_command(record_command)
