"""`stacktour import` as a user runs it: real traces in, a stacks folder that loads out.

Each test runs the command, then loads the folder with the same loader the site uses.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from stacktour.cli import main
from stacktour.loader import load_project

from .conftest import REPO_ROOT, write_project

TRACES = Path(__file__).parent / "traces"
PY = TRACES / "python"


def _has_sources() -> bool:
    """Whether the `sources` package (tree-sitter definitions, issue 10) is installed."""
    try:
        importlib.import_module("stacktour.sources.symbols")
    except ImportError:
        return False
    return True


QUALIFIES = _has_sources()
DEMO_REPO = "demo=https://github.com/example/demo@0123456789abcdef0123456789abcdef01234567"


def cli(*args: str, cwd: Path, stdin: str | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    import os

    before = os.getcwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(main, list(args), input=stdin, catch_exceptions=False)
    finally:
        os.chdir(before)
    return result.exit_code, result.stdout, result.stderr


def failing_output(script: Path) -> str:
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert done.returncode == 1
    return done.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_import_a_real_traceback_into_a_new_folder(tmp_path: Path) -> None:
    trace = tmp_path / "trace.txt"
    trace.write_text(failing_output(PY / "chained.py"))
    code, _, err = cli(
        "import",
        "trace.txt",
        "-o",
        "site/stacks",
        "--map",
        f"{PY}=demo:tools",
        "--repo",
        DEMO_REPO,
        "--group-by",
        "module",
        cwd=tmp_path,
    )
    assert code == 0, err
    result = load_project(tmp_path / "site" / "stacks")
    assert result.ok, result.diagnostics
    project = result.project
    assert project is not None
    stack = project.stack("chained-parse")
    assert [f"{s.caller} -> {s.callee} @ {s.at}" for s in stack.steps] == [
        "chained.module -> chained.main @ 20",
        "chained.main -> chained.load @ 17",
        "chained.load -> chained.parse @ 11",
    ]
    layer = project.layer("chained")
    assert (layer.repo, layer.path, layer.kind) == ("demo", "tools/chained.py", "user-code")
    assert [(f.name, f.symbol) for f in layer.frames] == [
        ("module", None),
        ("main", "main"),
        ("load", "load"),
        # The traceback says `parse`; with the sources package, the file (mapped, and on
        # this machine) says which member holds line 6: the method of class Parser.
        ("parse", "Parser.parse" if QUALIFIES else "parse"),
    ]
    # The schemas are written beside stacks/ and every file's $schema line reaches them.
    for file in (tmp_path / "site" / "stacks").rglob("*.yaml"):
        first = file.read_text().splitlines()[0]
        ref = first.split("$schema=")[1]
        assert (file.parent / ref).resolve().is_file(), first
    assert "skipped" not in err and "wrote site/stacks/chained-parse.yaml" in err


def test_second_import_reuses_frames_and_changes_no_byte(tmp_path: Path) -> None:
    trace = tmp_path / "trace.txt"
    trace.write_text(failing_output(PY / "chained.py"))
    args = ("import", "trace.txt", "--map", f"{PY}=demo:tools", "--repo", DEMO_REPO)
    args += ("--group-by", "module")
    assert cli(*args, cwd=tmp_path)[0] == 0
    before = snapshot(tmp_path / "stacks")
    code, _, err = cli(*args, "--stack", "2", cwd=tmp_path)  # the RuntimeError's stack
    assert code == 0, err
    after = snapshot(tmp_path / "stacks")
    assert set(after) - set(before) == {"chained-load.yaml"}
    assert all(after[name] == data for name, data in before.items())  # frames and calls reused
    result = load_project(tmp_path / "stacks")
    assert result.ok and result.project is not None
    assert [f"{s.caller} @ {s.at}" for s in result.project.stack("chained-load").steps] == [
        "chained.module @ 20",
        "chained.main @ 17",
    ]
    # Same trace, same stack id: refused, nothing touched.
    code, _, err = cli(*args, cwd=tmp_path)
    assert code == 1 and "exists" in err and "--force" in err
    assert snapshot(tmp_path / "stacks") == after


def test_import_adds_to_a_hand_written_site_keeping_every_line(tmp_path: Path) -> None:
    stacks = write_project(tmp_path / "stacks")
    layer = stacks / "layers" / "client.yaml"
    layer.write_text("# The client, written by hand.\n" + layer.read_text() + "    # last call\n")
    old_layer, old_system = layer.read_text(), (stacks / "system.yaml").read_text()
    trace = tmp_path / "trace.txt"
    trace.write_text(
        "Unhandled exception. System.Exception: boom\n"
        "   at Demo.Server.Audit() in /build/demo/src/Server.cs:line 40\n"
        "   at Demo.Client.Run() in /build/demo/src/Client.cs:line 13\n"
        "   at Demo.Program.Main() in /build/demo/src/Program.cs:line 5\n"
    )
    # The site's client.run has no symbol: its layer and frame ids match (client.run).
    code, _, err = cli(
        "import", "trace.txt", "--map", "/build/demo=demo:", "--group", "app", cwd=tmp_path
    )
    assert code == 0, err
    assert inserted(old_layer, layer.read_text()) == [
        "      - to: server.audit\n",
        "        at: 13\n",
        "        kind: call\n",
    ]
    assert (stacks / "system.yaml").read_text() == old_system  # group `app` already there
    result = load_project(stacks)
    assert result.ok, result.diagnostics
    assert result.project is not None
    # The site's `server` layer is the same file (demo:src/Server.cs): the frame joins it.
    server = result.project.layer("server")
    assert [(f.name, f.symbol) for f in server.frames][-1] == ("audit", "Server.Audit")
    assert result.project.stack("server-audit").entry == "program.main"


def inserted(old: str, new: str) -> list[str]:
    """The lines `new` adds to `old`; fails if any line of `old` changed or went."""
    import difflib

    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        assert tag in ("equal", "insert"), (tag, a[i1:i2], b[j1:j2])
        if tag == "insert":
            added += b[j1:j2]
    return added


def test_a_trace_line_outside_a_known_frame_is_noted_not_written(tmp_path: Path) -> None:
    stacks = write_project(tmp_path / "stacks")
    trace = tmp_path / "t.txt"
    trace.write_text(
        "System.Exception: boom\n"
        "   at Demo.Server.Audit() in /b/src/Audit.cs:line 40\n"
        "   at Demo.Client.Run() in /b/src/Client.cs:line 99\n"
    )
    code, _, err = cli("import", "t.txt", "--map", "/b=demo:", "--group", "app", cwd=tmp_path)
    assert code == 0, err
    assert "client.run: the trace's line 99 is outside the frame's lines [10, 14]" in err
    result = load_project(stacks)
    assert result.ok and result.project is not None
    assert [s.at for s in result.project.stack("server-2-audit").steps] == [None]


def test_recursion_gets_one_frame_per_activation(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text(failing_output(PY / "recursive.py"))
    code, _, err = cli("import", "t.txt", "--id", "walk", cwd=tmp_path)
    assert code == 0, err
    result = load_project(tmp_path / "stacks")
    assert result.ok, result.diagnostics
    assert result.project is not None
    assert [f"{s.caller} -> {s.callee} @ {s.at}" for s in result.project.stack("walk").steps] == [
        "recursive.module -> recursive.walk @ 10",
        "recursive.walk -> recursive.walk-2 @ 7",
        "recursive.walk-2 -> recursive.walk-3 @ 7",
    ]
    assert "no repository" in err  # no --map: said how to get code


def test_stdin_list_goroutine_and_skipped_lines() -> None:
    text = (TRACES / "go" / "panic.txt").read_text()
    listing = subprocess.run(
        [sys.executable, "-m", "stacktour.cli", "import", "-", "--list"],
        input=text,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.splitlines() == [
        "<stdin>: go trace",
        "* 1: goroutine 1 [running] [3 frames, trace line 3]",
        "  2: goroutine 6 [runnable] [10 frames, trace line 11]",
    ]


def test_goroutine_choice_and_garbled_lines(tmp_path: Path) -> None:
    text = (TRACES / "go" / "panic.txt").read_text().replace("main.worker(", "main.worker(\x00@@")
    (tmp_path / "dump.txt").write_text("garbage before\n" + text)
    code, _, err = cli(
        "import",
        "dump.txt",
        "--goroutine",
        "6",
        "--map",
        "/tmp/gop=demo:cmd",
        "--repo",
        DEMO_REPO,
        cwd=tmp_path,
    )
    assert code == 0, err
    assert "skipped: dump.txt:1: not part of a Go goroutine dump: 'garbage before'" in err
    result = load_project(tmp_path / "stacks")
    assert result.ok and result.project is not None
    (stack,) = result.project.stacks
    assert [(s.caller, s.callee, s.at) for s in stack.steps] == [("main.main", "main.worker", 33)]
    call = result.project.frame("main.main").calls[0]
    assert call.kind == "fire-and-forget"  # the `go` statement
    code, _, err = cli("import", "dump.txt", "--goroutine", "9", cwd=tmp_path)
    assert code == 2 and "found: 1, 6" in err


def test_dotnet_import_symbols_kinds_and_module_layers(tmp_path: Path) -> None:
    code, _, err = cli(
        "import",
        str(TRACES / "dotnet" / "async-inner.txt"),
        "--map",
        "/src/Orders=orders:src",
        "--repo",
        "orders=https://github.com/example/orders@v2.1.0",
        "--group-by",
        "module",
        cwd=tmp_path,
    )
    assert code == 0, err
    result = load_project(tmp_path / "stacks")
    assert result.ok, result.diagnostics
    project = result.project
    assert project is not None
    assert [layer.id for layer in project.layers] == ["orders", "orders-api", "orders-data"]
    assert project.repo("orders").commit == "v2.1.0"  # a tag until pinned
    symbols = {f.id: (f.symbol, f.path) for f in project.frames().values()}
    assert symbols["orders.run-async"] == ("Program.Main.RunAsync", None)
    assert project.layer("orders").path == "src/Program.cs"
    # One layer per namespace: a second file of Orders.Api gives its frame a `path`.
    assert symbols["orders-api.post-async"] == (
        "OrdersHandler.PostAsync",
        "src/Api/OrdersHandler.cs",
    )
    assert project.layer("orders-api").path == "src/Api/Pipeline.cs"
    assert symbols["orders-api.lambda-build"][0] == "Pipeline.Build"
    kinds = [(c.to, c.kind) for f in project.frames().values() for c in f.calls]
    assert ("orders-api.lambda-build", "await") in kinds
    assert ("orders-api.post-async", "await") in kinds
    assert "system.yaml" in err


def test_unknown_text_and_every_frame_dropped(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("hello\n")
    code, _, err = cli("import", "x.txt", cwd=tmp_path)
    assert code == 1 and "no stack trace recognised" in err
    (tmp_path / "rt.txt").write_text("System.Exception: x\n   at System.Int32.Parse(String s)\n")
    code, _, err = cli("import", "rt.txt", cwd=tmp_path)
    assert code == 1 and "--keep-runtime" in err
    assert not (tmp_path / "stacks").exists()
    code, _, err = cli("import", "rt.txt", "--keep-runtime", "--id", "parse", cwd=tmp_path)
    assert code == 0, err
    result = load_project(tmp_path / "stacks")
    assert result.ok and result.project is not None
    assert result.project.layer("int32").kind == "class"


def test_colours_and_control_characters_never_reach_the_files(tmp_path: Path) -> None:
    red, reset = "\x1b[31m", "\x1b[0m"
    text = failing_output(PY / "chained.py").replace(
        "RuntimeError", f"{red}Runtime\x07Error{reset}"
    )
    text = text.replace('File "', f'{red}File "', 1)
    (tmp_path / "t.txt").write_text(text)
    code, _, err = cli("import", "t.txt", "--stack", "2", "--id", "loaded", cwd=tmp_path)
    assert code == 0, err
    result = load_project(tmp_path / "stacks")
    assert result.ok, result.diagnostics
    assert result.project is not None
    assert result.project.stack("loaded").title == "Runtime Error: cannot load 'x'"
    for file in (tmp_path / "stacks").rglob("*.yaml"):
        assert not any(ch in file.read_text() for ch in "\x1b\x07"), file


def test_a_relative_map_prefix_matches_absolute_paths_of_this_machine(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    script = app / "recursive.py"
    script.write_text((PY / "recursive.py").read_text())
    (tmp_path / "t.txt").write_text(failing_output(script))
    code, _, err = cli(
        "import", "t.txt", "--map", "app=demo:tools", "--repo", DEMO_REPO, cwd=tmp_path
    )
    assert code == 0, err
    result = load_project(tmp_path / "stacks")
    assert result.ok and result.project is not None
    assert result.project.layer("recursive").path == "tools/recursive.py"


def test_import_into_this_site_reuses_its_frames_by_symbol(tmp_path: Path) -> None:
    """A .NET trace of the worker (SourceLink's /_/ paths) against this site's own stacks."""
    import shutil

    if "symbol:" not in (REPO_ROOT / "stacks" / "layers" / "grpc-worker.yaml").read_text():
        pytest.skip("this site's frames have no symbols yet (stacktour sync)")
    stacks = tmp_path / "stacks"
    shutil.copytree(REPO_ROOT / "stacks", stacks)
    (tmp_path / "plugins").symlink_to(REPO_ROOT / "plugins")  # the files' $schema lines
    before = snapshot(stacks)
    (tmp_path / "worker.txt").write_text(
        "System.InvalidOperationException: The function failed.\n"
        "   at Microsoft.Azure.Functions.Worker.Invocation.InvocationHandler.InvokeAsync("
        "InvocationRequest request) in /_/src/DotNetWorker.Grpc/Handlers/InvocationHandler.cs"
        ":line 88\n"
        "--- End of stack trace from previous location ---\n"
        "   at Microsoft.Azure.Functions.Worker.GrpcWorker.ProcessRequestCoreAsync("
        "StreamingMessage request) in /_/src/DotNetWorker.Grpc/GrpcWorker.cs:line 81\n"
    )
    code, _, err = cli("import", "worker.txt", "--map", "/_/=dotnet-worker:", cwd=tmp_path)
    assert code == 0, err
    after = snapshot(stacks)
    # No layer or frame is new: both frames are the site's, found by repository, path and
    # symbol. Only the awaited call is added to GrpcWorker, and the stack file is new.
    assert set(after) - set(before) == {"invocation-handler-invoke.yaml"}
    changed = [name for name in before if after[name] != before[name]]
    assert changed == ["layers/grpc-worker.yaml"]
    assert inserted(
        before["layers/grpc-worker.yaml"].decode(), after["layers/grpc-worker.yaml"].decode()
    ) == [
        "      - to: invocation-handler.invoke\n",
        "        at: 81\n",
        "        kind: await\n",
    ]
    result = load_project(stacks)
    assert result.ok, result.diagnostics
    assert result.project is not None
    (step,) = result.project.stack("invocation-handler-invoke").steps
    assert (step.caller, step.callee, step.at) == (
        "grpc-worker.process-request-core",
        "invocation-handler.invoke",
        81,
    )
