"""Trace parsers: every format read into frames, caller first, with the lines the trace gave.

Real traces come from programs that run here (Python, Node.js) or were captured here with
their program beside them (Java, Go, py-spy; re-run when the toolchain is installed);
.NET samples are written from the documented format (see tests/traces/README.md).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stacktour.importers import FORMATS, detect, parse_trace
from stacktour.importers.model import TraceStack

TRACES = Path(__file__).parent / "traces"


def shape(stack: TraceStack) -> list[tuple[str, int | None]]:
    """(symbol, line) of every frame, caller first."""
    return [(f.symbol, f.line) for f in stack.frames]


def kept(stack: TraceStack) -> list[tuple[str, int | None]]:
    return [(f.symbol, f.line) for f in stack.frames if not f.runtime]


def run(*command: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """The standard error of a program that fails (its trace)."""
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert done.returncode != 0, done.stdout
    return done.stderr


# --- Python: real runs ------------------------------------------------------------------


def test_chained_traceback_from_a_real_run() -> None:
    script = TRACES / "python" / "chained.py"
    trace = parse_trace(run(sys.executable, str(script)))
    assert trace.format == "python" and not trace.problems
    cause, effect = trace.stacks
    assert effect.title == "RuntimeError: cannot load 'x'"
    assert shape(effect) == [("<module>", 20), ("main", 17), ("load", 13)]
    # The cause is completed with the callers it was caught under, and taken by default.
    assert trace.stacks[trace.default] is cause
    assert shape(cause) == [("<module>", 20), ("main", 17), ("load", 11), ("parse", 6)]
    assert cause.title.startswith("ValueError: invalid literal")
    assert all(f.file == str(script) and f.module == "chained" for f in cause.frames)


def test_during_handling_traceback_from_a_real_run() -> None:
    trace = parse_trace(run(sys.executable, str(TRACES / "python" / "during_handling.py")))
    first, second = trace.stacks
    assert shape(first) == [("<module>", 15), ("save", 10)]
    assert shape(second) == [("<module>", 15), ("save", 12), ("cleanup", 5)]
    assert second.title == "OSError: cannot remove /tmp/out.json"


def test_format_stack_from_a_real_run() -> None:
    script = TRACES / "python" / "stack_and_faults.py"
    done = subprocess.run(
        [sys.executable, str(script), "format_stack"], capture_output=True, text=True, check=True
    )
    assert detect(done.stdout) == "python"
    trace = parse_trace(done.stdout)
    (stack,) = trace.stacks
    assert stack.kind == "stack" and not trace.problems
    assert shape(stack) == [("<module>", 22), ("run", 19), ("step", 11)]


@pytest.mark.parametrize(("mode", "line"), [("faulthandler", 13), ("segv", 15)])
def test_faulthandler_from_a_real_run(mode: str, line: int) -> None:
    script = TRACES / "python" / "stack_and_faults.py"
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", str(script), mode],
        capture_output=True,
        text=True,
        check=False,
    )
    if mode == "segv":
        assert done.returncode != 0 and "Fatal Python error" in done.stderr
    trace = parse_trace(done.stderr)
    assert trace.format == "faulthandler" and not trace.problems
    stack = trace.stacks[trace.default]
    assert stack.title.startswith("Current thread 0x")
    assert shape(stack) == [("<module>", 22), ("run", 19), ("step", line)]


# --- Python: written samples and captured dumps -------------------------------------------


def test_exception_group_sub_tracebacks() -> None:
    trace = parse_trace((TRACES / "python" / "exception-group.txt").read_text())
    group, first, second = trace.stacks
    assert group.title == "ExceptionGroup: some jobs failed (2 sub-exceptions)"
    assert shape(group) == [("<module>", 14), ("run_all", 11)]
    assert shape(first) == [("<module>", 14), ("run_all", 8), ("run_one", 4)]
    assert (first.title, second.title) == ("ValueError: a", "ValueError: b")
    assert not trace.problems


def test_log_noise_is_reported_by_line_and_skipped() -> None:
    trace = parse_trace((TRACES / "python" / "logged-with-noise.txt").read_text())
    assert [p.line for p in trace.problems] == [1, 2]
    (stack,) = trace.stacks
    assert stack.title == "KeyError: 'title'"
    runtime = {f.function: f.runtime for f in stack.frames}
    assert runtime == {
        "build": False,
        "substitute": True,  # /usr/lib/python3.11/string.py
        "convert": False,  # site-packages
        "_find_and_load": True,  # <frozen importlib._bootstrap>
        "render": False,
    }
    assert [f.module for f in stack.frames][2:4] == ["markdown.core", "importlib._bootstrap"]


def test_py_spy_dump_short_and_full_names() -> None:
    short = parse_trace((TRACES / "py-spy" / "dump.txt").read_text())
    assert short.format == "py-spy" and not short.problems
    main, background = short.stacks
    assert main.title.endswith("MainThread") and main.ident == "6355"
    assert shape(main) == [("<module>", 21), ("main", 18), ("Worker.wait", 9)]
    assert kept(background) == [("background", 13), ("Worker.wait", 9)]
    assert [f.runtime for f in background.frames][:3] == [True, True, True]  # threading.py
    full = parse_trace((TRACES / "py-spy" / "dump-full-locals.txt").read_text())
    assert not full.problems  # Arguments: and their values are read past
    assert shape(full.stacks[0]) == shape(main)
    assert full.stacks[1].frames[0].file.endswith("/lib/python3.11/threading.py")


@pytest.mark.skipif(shutil.which("py-spy") is None, reason="py-spy is not installed")
def test_py_spy_dump_of_a_live_program() -> None:  # pragma: no cover - needs py-spy
    worker = subprocess.Popen([sys.executable, str(TRACES / "py-spy" / "worker.py")])
    try:
        import time

        time.sleep(1.0)
        dump = subprocess.run(
            ["py-spy", "dump", "--pid", str(worker.pid)], capture_output=True, text=True
        ).stdout
    finally:
        worker.kill()
    trace = parse_trace(dump)
    assert shape(trace.stacks[0])[-1] == ("Worker.wait", 9)


# --- Node.js ----------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_node_error_with_cause_from_a_real_run() -> None:
    script = TRACES / "node" / "app.js"
    trace = parse_trace(run("node", str(script)))
    assert trace.format == "node" and not trace.problems
    error, cause = trace.stacks
    assert error.title == "Error: no route for x" and cause.title == "TypeError: bad path"
    assert shape(error) == [("main", 17), ("serve", 12), ("Router.handle", 5)]
    assert [f.awaited for f in error.frames] == [True, False, False]  # `at async main`
    assert error.frames[-1].column == 13 and error.frames[-1].file == str(script)


def test_node_esm_urls_constructors_aliases_and_internals() -> None:
    trace = parse_trace((TRACES / "node" / "esm-and-internals.txt").read_text())
    assert not trace.problems
    (stack,) = trace.stacks
    assert kept(stack) == [
        ("<anonymous>", 5),
        ("Checkout.constructor", 8),
        ("Cart.addAll", 22),
        ("Cart.add", 14),
    ]
    assert stack.frames[-1].file == "/srv/shop/src/cart.mjs"  # from file:// URL
    internals = [f for f in stack.frames if f.file.startswith("node:")]
    assert len(internals) == 4 and all(f.runtime for f in internals)


# --- Java -------------------------------------------------------------------------------


def _java_expectations(trace_text: str) -> None:
    trace = parse_trace(trace_text)
    assert trace.format == "java" and not trace.problems
    outer, cause = trace.stacks
    assert trace.stacks[trace.default] is cause  # the root cause
    assert outer.ident == "main" and outer.title.startswith("java.lang.IllegalStateException")
    # `... 3 more` filled in from the enclosing trace.
    assert kept(cause) == [
        ("Main.main", 22),
        ("Main.main", 22),  # the lambda in main, on the same line
        ("Main.Loader.load", 13),
        ("Main.Loader.parse", 8),
    ]
    assert cause.frames[2].generated == "lambda"
    assert cause.frames[-1].function == "forInputString" and cause.frames[-1].runtime
    assert cause.frames[3].file == "com/example/Main.java"


def test_java_caused_by_and_more_captured() -> None:
    _java_expectations((TRACES / "java" / "uncaught.txt").read_text())


@pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK")
def test_java_caused_by_and_more_from_a_real_run(tmp_path: Path) -> None:
    source = tmp_path / "com" / "example" / "Main.java"
    source.parent.mkdir(parents=True)
    shutil.copy(TRACES / "java" / "Main.java", source)
    subprocess.run(["javac", "-d", "out", str(source)], cwd=tmp_path, check=True, timeout=300)
    _java_expectations(run("java", "-cp", "out", "com.example.Main", cwd=tmp_path))


# --- Go ---------------------------------------------------------------------------------


def _go_expectations(trace_text: str, program: str) -> None:
    trace = parse_trace(trace_text)
    assert trace.format == "go" and not trace.problems
    panicking = trace.stacks[trace.default]
    assert panicking.title == "goroutine 1 [running]" and panicking.ident == "1"
    assert shape(panicking) == [("main", 37), ("main", 36), ("Router.handle", 16)]
    assert panicking.frames[1].generated == "lambda"  # main.main.func1
    worker = next(s for s in trace.stacks if s.ident != "1")
    # `created by main.main` at the `go` statement starts the worker's stack.
    assert worker.frames[0].spawned and (worker.frames[0].symbol, worker.frames[0].line) == (
        "main",
        33,
    )
    assert worker.frames[1].symbol == "worker"
    assert all(f.file == program for f in panicking.frames)


def test_go_goroutines_captured() -> None:
    _go_expectations((TRACES / "go" / "panic.txt").read_text(), "/tmp/gop/main.go")


@pytest.mark.skipif(shutil.which("go") is None, reason="no Go toolchain")
def test_go_goroutines_from_a_real_run(tmp_path: Path) -> None:
    for name in ("main.go", "go.mod"):
        shutil.copy(TRACES / "go" / name, tmp_path / name)
    env = {**os.environ, "GOTRACEBACK": "all", "GOCACHE": str(tmp_path / "cache"), "GOFLAGS": ""}
    env.setdefault("HOME", str(tmp_path))
    text = run("go", "run", ".", cwd=tmp_path, env=env)
    _go_expectations(text, str(tmp_path / "main.go"))


# --- .NET -------------------------------------------------------------------------------


def test_dotnet_inner_exception_async_lambdas_and_local_functions() -> None:
    trace = parse_trace((TRACES / "dotnet" / "async-inner.txt").read_text())
    assert trace.format == "dotnet" and not trace.problems
    inner, outer = trace.stacks
    assert trace.stacks[trace.default] is inner
    assert inner.title.startswith("System.FormatException")
    assert kept(inner) == [
        ("Program.Main", 9),
        ("Program.Main.RunAsync", 21),  # <Main>g__RunAsync|0_0
        ("Pipeline.Build", 18),  # <>c__DisplayClass2_0.<<Build>b__0>d.MoveNext
        ("OrdersHandler.PostAsync", 27),  # <PostAsync>d__3.MoveNext
        ("OrderParser.ParseQuantity", 42),
    ]
    by_symbol = {f.symbol: f for f in inner.frames}
    assert by_symbol["Pipeline.Build"].generated == "lambda"
    assert by_symbol["Program.Main.RunAsync"].generated == "local function"
    # "--- End of stack trace from previous location ---": the frame below awaited.
    assert by_symbol["Program.Main.RunAsync"].awaited and by_symbol["Pipeline.Build"].awaited
    assert not by_symbol["OrdersHandler.PostAsync"].awaited
    assert inner.frames[0].function == "<Main>" and inner.frames[0].runtime
    assert kept(outer)[-1] == ("OrdersHandler.PostAsync", 33)
    assert by_symbol["OrderParser.ParseQuantity"].module == "Orders.Data"


def test_dotnet_framework_trace_windows_paths_and_garbage() -> None:
    trace = parse_trace((TRACES / "dotnet" / "framework-windows.txt").read_text())
    assert [(p.line, p.message) for p in trace.problems] == [(14, "not part of a .NET stack trace")]
    inner = trace.stacks[trace.default]
    assert inner.title.startswith("System.Net.Http.HttpRequestException")
    assert kept(inner) == [
        ("Scheduler.Entry..ctor", 12),
        ("NightlyRun.Start", 49),
        ("NightlyRun.Start", 51),
        ("InvoiceClient.SendAsync", 88),
    ]
    assert inner.frames[0].owner == "Scheduler.Entry"  # Scheduler+Entry
    assert inner.frames[-2].file == r"C:\build\src\Billing\Client\InvoiceClient.cs"
    # ExceptionDispatchInfo.Throw follows the marker: the lambda awaited SendAsync.
    assert [f.function for f in inner.frames if f.awaited] == ["Throw"]


def test_dotnet_stack_report() -> None:
    trace = parse_trace((TRACES / "dotnet" / "dotnet-stack.txt").read_text())
    assert trace.format == "dotnet-stack" and not trace.problems
    first, second = trace.stacks
    assert first.ident == "0x48839B"
    assert [f.symbol for f in first.frames] == [
        "Program.Main",
        "Console.ReadKey",
        "ConsolePal.ReadKey",
        "SyncTextReader.ReadKey",
        "StdInReader.ReadKey",
    ]
    assert [f.runtime for f in first.frames] == [False, True, True, True, True]
    assert [f.symbol for f in second.frames if not f.runtime] == [
        "QueueWatcher.RunAsync",
        "QueueWatcher.Loop.Run",
    ]
    assert all(f.line is None for f in first.frames)


# --- Detection and robustness ---------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("python/exception-group.txt", "python"),
        ("python/logged-with-noise.txt", "python"),
        ("py-spy/dump.txt", "py-spy"),
        ("dotnet/async-inner.txt", "dotnet"),
        ("dotnet/framework-windows.txt", "dotnet"),
        ("dotnet/dotnet-stack.txt", "dotnet-stack"),
        ("java/uncaught.txt", "java"),
        ("node/esm-and-internals.txt", "node"),
        ("go/panic.txt", "go"),
    ],
)
def test_detection(path: str, fmt: str) -> None:
    assert detect((TRACES / path).read_text()) == fmt


def test_unrecognised_text_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="no stack trace recognised"):
        parse_trace("just some words\nand more\n")
    with pytest.raises(ValueError, match="unknown trace format"):
        parse_trace("x", "cobol")


def test_forcing_the_wrong_format_reports_lines_instead_of_failing() -> None:
    text = (TRACES / "java" / "uncaught.txt").read_text()
    trace = parse_trace(text, "go")
    assert trace.stacks == () and len(trace.problems) == len(text.splitlines())
    assert [p.line for p in trace.problems][:3] == [1, 2, 3]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Traceback (most recent call last):",
                '  File "/a/b.py", line 3, in f',
                "    x = 1",
                "ValueError: x",
                "   at Ns.T.M(String s) in /x/T.cs:line 4",
                "--- End of stack trace from previous location ---",
                "\tat a.B.c(B.java:3)",
                "\t... 2 more",
                "Caused by: java.lang.X: y",
                "    at f (/x.js:1:2)",
                "goroutine 1 [running]:",
                "main.main()",
                "\t/x/main.go:3 +0x1",
                "created by main.main",
                "Thread (0x1):",
                "  M!N.T.M()",
                "  | Traceback (most recent call last):",
                "  +-+---- 1 ----",
                "",
            ]
        )
        | st.text(max_size=40),
        max_size=30,
    ),
    st.sampled_from(sorted(FORMATS)),
)
def test_no_input_crashes_a_parser(lines: list[str], fmt: str) -> None:
    text = "\n".join(lines)
    trace = parse_trace(text, fmt)
    count = len(text.splitlines())
    assert all(1 <= p.line <= max(count, 1) for p in trace.problems)
    for stack in trace.stacks:
        assert all(f.trace_line >= 1 for f in stack.frames)
    assert re.match(r"^[a-z-]+$", trace.format)
