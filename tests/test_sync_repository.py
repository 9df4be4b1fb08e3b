"""The whole loop on a real git repository: sync, a second sync, check and repin.

A small repository with a C# and a Python file in two commits; the second moves every
member and edits some (a new line, a decorator, an indentation change). The frames name
symbols and call locators only. Every output is compared byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from stacktour.cli import main

from .gitrepo import make_repo

WORKER_1 = """\
using System.Threading.Tasks;

namespace Demo
{
    public partial class Worker : IProcessor
    {
        public Task StartAsync(CancellationToken token)
        {
            return RunAsync(token);
        }

        Task IProcessor.ProcessAsync(Message message)
        {
            Task.Run(() => HandleAsync(message));
            return Task.CompletedTask;
        }

        private async Task HandleAsync(Message message)
        {
            await SendAsync(message);
            await SendAsync(
                Reply(message));
        }
    }
}
"""

# Commit 2: a field and a constructor push everything down; HandleAsync gains a line.
WORKER_2 = WORKER_1.replace(
    "    {\n        public Task StartAsync",
    "    {\n        private readonly ILogger _logger;\n\n"
    "        public Worker(ILogger logger) => _logger = logger;\n\n"
    "        public Task StartAsync",
).replace(
    "        {\n            await SendAsync(message);",
    '        {\n            _logger.Log("handling");\n            await SendAsync(message);',
)

SESSION_1 = """\
class Session:
    def send(self, request):
        prepared = self.prepare(request)
        return self.adapter.send(prepared)

    def prepare(self, request):
        if request:
            return request
        return None
"""

# Commit 2: an import, a decorator on send, and one line indented deeper in prepare.
SESSION_2 = "import functools\n\n\n" + SESSION_1.replace(
    "    def send", "    @functools.cache\n    def send"
).replace("        return None", "            return None")

SYSTEM = """\
# The one repository this test quotes.
repos:
  demo:
    url: https://example.com/demo
    commit: "{commit}"   # the first commit
    label: v1
groups:
  app: {{title: App}}
"""

WORKER_YAML = """\
id: worker
title: Worker
kind: class
group: app
source: {repo: demo, path: src/Worker.cs}
frames:
  # Entry point: the host calls this.
  - id: process
    title: ProcessAsync
    symbol: Worker.IProcessor.ProcessAsync   # an explicit interface implementation
    calls:
      - to: worker.handle
        at: {call: HandleAsync}
        kind: fire-and-forget
  - id: handle
    title: HandleAsync
    symbol: Worker.HandleAsync
    calls:
      - external: SendAsync
        at: {call: SendAsync, nth: 2}   # the reply
        kind: await
"""

SESSION_YAML = """\
id: session
title: Session
kind: class
group: app
source: {repo: demo, path: app/session.py}
frames:
  - id: send
    title: send
    symbol: "Session.send"
    calls:
      - to: session.prepare
        at: {call: self.prepare}
        kind: call
  - id: prepare
    title: prepare
    symbol: Session.prepare
"""

FIRST = "388474f11a1514879ed3e6e2418777023e3c9717"
SECOND = "2f95585c30eb767f76a1e66b735bc92f8989c63b"

SYNCED_WORKER = """\
id: worker
title: Worker
kind: class
group: app
source: {repo: demo, path: src/Worker.cs}
frames:
  # Entry point: the host calls this.
  - id: process
    title: ProcessAsync
    symbol: Worker.IProcessor.ProcessAsync   # an explicit interface implementation
    language: csharp
    lines: [12, 16]
    excerpt: |
      Task IProcessor.ProcessAsync(Message message)
      {
          Task.Run(() => HandleAsync(message));
          return Task.CompletedTask;
      }
    calls:
      - to: worker.handle
        at: {call: HandleAsync, line: 14}
        kind: fire-and-forget
  - id: handle
    title: HandleAsync
    symbol: Worker.HandleAsync
    language: csharp
    lines: [18, 23]
    excerpt: |
      private async Task HandleAsync(Message message)
      {
          await SendAsync(message);
          await SendAsync(
              Reply(message));
      }
    calls:
      - external: SendAsync
        at: {call: SendAsync, nth: 2, line: [21, 22]} # the reply
        kind: await
"""

SYNCED_SESSION = """\
id: session
title: Session
kind: class
group: app
source: {repo: demo, path: app/session.py}
frames:
  - id: send
    title: send
    symbol: "Session.send"
    language: python
    lines: [2, 4]
    excerpt: |
      def send(self, request):
          prepared = self.prepare(request)
          return self.adapter.send(prepared)
    calls:
      - to: session.prepare
        at: {call: self.prepare, line: 3}
        kind: call
  - id: prepare
    title: prepare
    symbol: Session.prepare
    language: python
    lines: [6, 9]
    excerpt: |
      def prepare(self, request):
          if request:
              return request
          return None
"""

SYNC_OUTPUT = """\
stacks/layers/session.yaml: session.send: lines 2–4; excerpt added; call 1 (session.prepare): line 3
stacks/layers/session.yaml: session.prepare: lines 6–9; excerpt added
stacks/layers/worker.yaml: worker.process: lines 12–16; excerpt added; call 1 (worker.handle): line 14
stacks/layers/worker.yaml: worker.handle: lines 18–23; excerpt added; call 1 (SendAsync): lines 21–22
"""  # noqa: E501

CHECK_OUTPUT = """\
stacks/layers/session.yaml:7:5: ST401 session.send differs from demo@v1:app/session.py: lines 2–4 → 5–8; excerpt text changed; call 1 (session.prepare): line 3 → line 7 (Session.send(self, request) is now at lines 5–8)
stacks/layers/session.yaml:20:5: ST401 session.prepare differs from demo@v1:app/session.py: lines 6–9 → 10–13; excerpt text changed (Session.prepare(self, request) is now at lines 10–13)
stacks/layers/worker.yaml:8:5: ST401 worker.process differs from demo@v1:src/Worker.cs: lines 12–16 → 16–20; call 1 (worker.handle): line 14 → line 18 (Worker.IProcessor.ProcessAsync(Message) is now at lines 16–20)
stacks/layers/worker.yaml:23:5: ST401 worker.handle differs from demo@v1:src/Worker.cs: lines 18–23 → 22–28; excerpt text changed; call 1 (SendAsync): lines 21–22 → lines 26–27 (Worker.HandleAsync(Message) is now at lines 22–28)
--- a/stacks/layers/session.yaml
+++ b/stacks/layers/session.yaml
@@ -9,6 +9,7 @@
     symbol: "Session.send"
     language: python
-    lines: [2, 4]
+    lines: [5, 8]
     excerpt: |
+      @functools.cache
       def send(self, request):
           prepared = self.prepare(request)
@@ -16,5 +17,5 @@
     calls:
       - to: session.prepare
-        at: {call: self.prepare, line: 3}
+        at: {call: self.prepare, line: 7}
         kind: call
   - id: prepare
--- a/stacks/layers/session.yaml
+++ b/stacks/layers/session.yaml
@@ -22,8 +22,8 @@
     symbol: Session.prepare
     language: python
-    lines: [6, 9]
+    lines: [10, 13]
     excerpt: |
       def prepare(self, request):
           if request:
               return request
-          return None
+              return None
--- a/stacks/layers/worker.yaml
+++ b/stacks/layers/worker.yaml
@@ -10,5 +10,5 @@
     symbol: Worker.IProcessor.ProcessAsync   # an explicit interface implementation
     language: csharp
-    lines: [12, 16]
+    lines: [16, 20]
     excerpt: |
       Task IProcessor.ProcessAsync(Message message)
@@ -19,5 +19,5 @@
     calls:
       - to: worker.handle
-        at: {call: HandleAsync, line: 14}
+        at: {call: HandleAsync, line: 18}
         kind: fire-and-forget
   - id: handle
--- a/stacks/layers/worker.yaml
+++ b/stacks/layers/worker.yaml
@@ -25,8 +25,9 @@
     symbol: Worker.HandleAsync
     language: csharp
-    lines: [18, 23]
+    lines: [22, 28]
     excerpt: |
       private async Task HandleAsync(Message message)
       {
+          _logger.Log("handling");
           await SendAsync(message);
           await SendAsync(
@@ -35,4 +36,4 @@
     calls:
       - external: SendAsync
-        at: {call: SendAsync, nth: 2, line: [21, 22]} # the reply
+        at: {call: SendAsync, nth: 2, line: [26, 27]} # the reply
         kind: await
"""  # noqa: E501

REPIN_OUTPUT = """\
session.send: text changed (lines 2–4 → 5–8; excerpt text changed; call 1 (session.prepare): line 3 → line 7)
--- session.send (as quoted)
+++ Session.send(self, request) (demo@v2:app/session.py)
@@ -2,2 +5,3 @@
+@functools.cache
 def send(self, request):
     prepared = self.prepare(request)
session.prepare: text changed (lines 6–9 → 10–13; excerpt text changed)
--- session.prepare (as quoted)
+++ Session.prepare(self, request) (demo@v2:app/session.py)
@@ -7,3 +11,3 @@
     if request:
         return request
-    return None
+        return None
worker.process: moved (lines 12–16 → 16–20; call 1 (worker.handle): line 14 → line 18)
worker.handle: text changed (lines 18–23 → 22–28; excerpt text changed; call 1 (SendAsync): lines 21–22 → lines 26–27)
--- worker.handle (as quoted)
+++ Worker.HandleAsync(Message) (demo@v2:src/Worker.cs)
@@ -18,4 +22,5 @@
 private async Task HandleAsync(Message message)
 {
+    _logger.Log("handling");
     await SendAsync(message);
     await SendAsync(
"""  # noqa: E501


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(the site folder, the bare clone), with the working folder in the site."""
    repo, ids = make_repo(
        tmp_path / "upstream",
        [
            {"src/Worker.cs": WORKER_1, "app/session.py": SESSION_1},
            {"src/Worker.cs": WORKER_2, "app/session.py": SESSION_2},
        ],
        bare=True,
    )
    assert ids == [FIRST, SECOND]  # fixed dates and names give fixed commit ids
    root = tmp_path / "site"
    (root / "stacks/layers").mkdir(parents=True)
    (root / "stacks/system.yaml").write_text(SYSTEM.format(commit=FIRST))
    (root / "stacks/layers/worker.yaml").write_text(WORKER_YAML)
    (root / "stacks/layers/session.yaml").write_text(SESSION_YAML)
    (root / "stacks/flow.yaml").write_text("id: flow\ntitle: Flow\nentry: worker.process\n")
    monkeypatch.chdir(root)
    return root, repo


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _texts(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_sync_check_and_repin_on_a_real_repository(site: tuple[Path, Path]) -> None:
    root, repo = site
    source = f"demo={repo}"

    # sync fills lines, excerpts and call lines, and prints what it changed.
    code, out, err = _run("sync", "stacks", "--source", source)
    assert (code, out) == (0, SYNC_OUTPUT), err
    assert err == "4 frame(s) read, 4 changed, 2 file(s) written\n"
    assert (root / "stacks/layers/worker.yaml").read_text() == SYNCED_WORKER
    assert (root / "stacks/layers/session.yaml").read_text() == SYNCED_SESSION
    assert (root / "stacks/system.yaml").read_text() == SYSTEM.format(commit=FIRST)

    # A second sync changes nothing, byte for byte; check agrees.
    before = _texts(root)
    code, out, err = _run("sync", "stacks", "--source", source)
    assert (code, out, err) == (0, "", "4 frame(s) read, 0 changed, 0 file(s) written\n")
    assert _texts(root) == before
    assert _run("check", "stacks", "--source", source)[0] == 0

    # Someone moves the commit by hand: check fails with a diff per frame, writes nothing.
    system = root / "stacks/system.yaml"
    system.write_text(SYSTEM.format(commit=SECOND))
    edited = _texts(root)
    code, out, err = _run("check", "stacks", "--source", source)
    assert (code, out) == (1, CHECK_OUTPUT)
    assert err == "4 frame(s) compared, 4 differ(s) from the source\n"
    assert _texts(root) == edited
    system.write_text(SYSTEM.format(commit=FIRST))

    # repin follows the code to the tag v2: moved, text changed (with the diff), written.
    code, out, err = _run("repin", "demo", "v2", "stacks", "--label", "v2", "--source", source)
    assert (code, out) == (0, REPIN_OUTPUT), err
    assert err == (
        "note: stacks/system.yaml:5: its comment may still describe the old commit\n"
        "demo -> 2f95585c30eb: 3 file(s) written\n"
    )
    moved = SYSTEM.format(commit=SECOND).replace("label: v1", "label: v2")
    assert system.read_text() == moved  # the comments are still there
    worker = (root / "stacks/layers/worker.yaml").read_text()
    assert "  # Entry point: the host calls this.\n" in worker
    assert (
        "symbol: Worker.IProcessor.ProcessAsync   # an explicit interface implementation\n"
        in worker
    )
    assert "    lines: [16, 20]\n" in worker and "    lines: [22, 28]\n" in worker
    assert "        at: {call: SendAsync, nth: 2, line: [26, 27]} # the reply\n" in worker
    assert '          _logger.Log("handling");\n' in worker
    session = (root / "stacks/layers/session.yaml").read_text()
    assert '    symbol: "Session.send"\n' in session  # quoting kept
    assert "    lines: [5, 8]\n" in session and "    lines: [10, 13]\n" in session
    assert "              return None\n" in session  # the deeper indentation is the code's

    # After the repin, the site agrees with its source again.
    assert _run("check", "stacks", "--source", source)[0] == 0
    code, out, err = _run("sync", "stacks", "--source", source)
    assert out == "" and "0 changed, 0 file(s) written" in err
