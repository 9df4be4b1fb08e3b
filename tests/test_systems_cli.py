"""The commands on a stacks folder of two systems, with a real git repository.

The stacks folder's own system quotes the C# file of the small repository of
test_sync_repository; a second system in `stacks/py-app/` quotes its Python file, from
the same repository under the same id (each system has its own ids). Commands act on
every system, or on the one `--system` names; a choice that is not clear is a usage
error naming the systems there are.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from stacktour.cli import main

from .gitrepo import make_repo
from .test_sync_repository import (
    FIRST,
    SECOND,
    SESSION_1,
    SESSION_2,
    SESSION_YAML,
    SYSTEM,
    WORKER_1,
    WORKER_2,
    WORKER_YAML,
)

PY_SYSTEM = SYSTEM.replace("# The one repository", "# The repository").replace(
    "groups:", "title: A Python app\nsummary: Its session, on its own.\ngroups:"
)


@pytest.fixture
def two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(the site folder, the bare clone); the working folder is the site."""
    repo, ids = make_repo(
        tmp_path / "upstream",
        [
            {"src/Worker.cs": WORKER_1, "app/session.py": SESSION_1},
            {"src/Worker.cs": WORKER_2, "app/session.py": SESSION_2},
        ],
        bare=True,
    )
    assert ids == [FIRST, SECOND]
    root = tmp_path / "site"
    own = root / "stacks"
    (own / "layers").mkdir(parents=True)
    (own / "system.yaml").write_text(SYSTEM.format(commit=FIRST))
    (own / "layers/worker.yaml").write_text(WORKER_YAML)
    (own / "flow.yaml").write_text("id: flow\ntitle: Flow\nentry: worker.process\n")
    py = own / "py-app"
    (py / "layers").mkdir(parents=True)
    (py / "system.yaml").write_text(PY_SYSTEM.format(commit=FIRST))
    (py / "layers/session.yaml").write_text(SESSION_YAML)
    # The same stack id as the own system's: ids are per system.
    (py / "flow.yaml").write_text("id: flow\ntitle: Send\nentry: session.send\n")
    monkeypatch.chdir(root)
    return root, repo


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _texts(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_validate_names_each_system(two: tuple[Path, Path]) -> None:
    code, _, err = _run("validate", "stacks")
    assert (code, err) == (
        0,
        "ok: stacks: 1 layer, 1 stack; py-app: 1 layer, 1 stack, 0 warning(s)\n",
    )
    code, _, err = _run("validate", "stacks", "--system", "py-app")
    assert (code, err) == (0, "ok: py-app: 1 layer, 1 stack, 0 warning(s)\n")
    code, _, err = _run("validate", "stacks", "--system", "nope")
    assert code == 2 and "unknown system 'nope' (systems: py-app)" in err


def test_render_draws_the_system_it_is_given(two: tuple[Path, Path], tmp_path: Path) -> None:
    # Both systems have a stack `flow`: without --system, the stacks folder's own.
    own, other = tmp_path / "own.svg", tmp_path / "other.svg"
    assert _run("render", "flow", "-o", str(own))[0] == 0
    assert _run("render", "flow", "--system", "py-app", "-o", str(other))[0] == 0
    assert ">Worker<" in own.read_text() and ">Session<" not in own.read_text()
    assert ">Session<" in other.read_text() and ">Worker<" not in other.read_text()
    root, _ = two
    (root / "stacks/py-app/send.yaml").write_text("id: send\ntitle: Send\nentry: session.send\n")
    code, _, err = _run("render", "send", "-o", str(own))
    assert code == 2 and "unknown stack 'send' (known: flow); system py-app has it" in err


def test_a_system_with_an_error_fails_validate_naming_its_file(two: tuple[Path, Path]) -> None:
    root, _ = two
    (root / "stacks/py-app/flow.yaml").write_text("id: flow\ntitle: Send\nentry: worker.process\n")
    code, out, err = _run("validate", "stacks")
    assert code == 1
    assert out.startswith("stacks/py-app/flow.yaml:3:8: ST")  # the own system's layer is not its
    assert "1 error(s)" in err


def test_sync_check_and_repin_across_systems(two: tuple[Path, Path]) -> None:
    root, repo = two
    source = f"demo={repo}"

    # One source serves the repository `demo` of both systems.
    code, out, err = _run("sync", "stacks", "--source", source)
    assert code == 0, err
    assert out.splitlines() == [
        "stacks/layers/worker.yaml: worker.process: lines 12–16; excerpt added; "
        "call 1 (worker.handle): line 14",
        "stacks/layers/worker.yaml: worker.handle: lines 18–23; excerpt added; "
        "call 1 (SendAsync): lines 21–22",
        "stacks/py-app/layers/session.yaml: session.send: lines 2–4; excerpt added; "
        "call 1 (session.prepare): line 3",
        "stacks/py-app/layers/session.yaml: session.prepare: lines 6–9; excerpt added",
    ]
    assert err == "4 frame(s) read, 4 changed, 2 file(s) written\n"
    assert _run("check", "stacks", "--source", source)[0] == 0
    assert _run("check", "stacks", "--source", source, "--system", "py-app")[2] == (
        "2 frame(s) compared, 0 differ(s) from the source\n"
    )

    # The repository id is in both systems: repin needs to be told which.
    code, _, err = _run("repin", "demo", "v2", "stacks", "--source", source)
    assert (
        code == 2
        and (
            "several systems have a repository 'demo': name one with --system "
            "(stacks (no id yet: give its system.yaml one), py-app)"
        )
        in err
    )

    before = _texts(root)
    code, out, err = _run("repin", "demo", "v2", "stacks", "--source", source, "--system", "py-app")
    assert code == 0, err
    changed = {k for k, v in _texts(root).items() if before[k] != v}
    assert changed == {"stacks/py-app/system.yaml", "stacks/py-app/layers/session.yaml"}
    assert "    lines: [5, 8]\n" in (root / "stacks/py-app/layers/session.yaml").read_text()

    # The own system still quotes the first commit and agrees with it; the other, the second.
    assert _run("check", "stacks", "--source", source)[0] == 0

    # A frame pattern chooses frames in whichever system has them.
    code, _, err = _run("sync", "stacks", "--source", source, "--frames", "session.*")
    assert (code, err) == (0, "2 frame(s) read, 0 changed, 0 file(s) written\n")
    code, _, err = _run("sync", "stacks", "--source", source, "--frames", "nothing.*")
    assert code == 2 and "--frames nothing.*: no frame matches" in err
