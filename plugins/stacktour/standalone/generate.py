"""One run of `stacktour generate`: read mkdocs.yml, plan the outputs, write them.

Nothing is written when the stacks have an error, when mkdocs.yml cannot be read, or
when a file stacktour did not write is in the way: the previous stubs stay, so a builder
serving them keeps its last good pages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, errors
from .options import ConfigError, read_site_config
from .outputs import DEFAULT_CONFIG_NAME, plan
from .watch import watch
from .write import WriteError, apply

__all__ = ["GenerateReport", "generate_once", "watch"]


@dataclass(frozen=True)
class GenerateReport:
    ok: bool
    summary: str  # one line for the terminal
    diagnostics: tuple[Diagnostic, ...] = ()
    watched: tuple[Path, Path] = field(default=(Path("stacks"), Path(".")))


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def generate_once(
    config_file: str | os.PathLike[str],
    config_name: str = DEFAULT_CONFIG_NAME,
    *,
    draw: bool = True,
) -> GenerateReport:
    """Generate for the site configured by `config_file`; never raises on a user's mistake.
    `draw=False` skips drawing the diagrams (see outputs.plan)."""
    root = Path(config_file).resolve().parent
    try:
        config = read_site_config(config_file)
    except ConfigError as exc:
        return GenerateReport(False, "nothing written", (exc.diagnostic,), (root, root))
    watched = (config.stacks_dir, config.root)
    if not config.plugin.enabled:
        return GenerateReport(
            True, "the stacktour plugin is disabled in the config; nothing written", (), watched
        )
    outputs = plan(config, config_name, draw=draw)
    if not outputs.ok:
        count = len(errors(outputs.diagnostics))
        return GenerateReport(
            False, f"{count} error(s); nothing written", outputs.diagnostics, watched
        )
    try:
        report = apply(outputs, config)
    except WriteError as exc:
        return GenerateReport(
            False, "nothing written", (*outputs.diagnostics, exc.diagnostic), watched
        )
    parts = [f"{outputs.pages} pages", f"{len(report.written)} file(s) written"]
    if report.unchanged:
        parts.append(f"{report.unchanged} unchanged")
    if report.removed:
        parts.append(f"{len(report.removed)} stale stub(s) removed")
    summary = (
        "generated " + ", ".join(parts) + f" into {_shown(config.docs_dir)}; "
        f"build with: zensical build -f {_shown(config.root / config_name)}"
    )
    return GenerateReport(True, summary, outputs.diagnostics, watched)
