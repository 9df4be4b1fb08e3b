"""`stacktour sync` quoting code that a literal block cannot carry: YAML 1.1 line breaks
(U+0085, U+2028, U+2029) and control characters in the upstream file. ruamel.yaml wrote
them raw in a `|` block, the loader read them as new lines, and the synced file failed
`validate` (ST204) and drifted on every `check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from stacktour.cli import main
from stacktour.sources import yamledit

from .gitrepo import make_repo

SOURCE = (
    "class Session:\n"
    "    def send(self, request):\n"
    '        x = "a\u2028b\x85c\u2029d\x0ce\x1bf"\n'
    "        return self.prepare(request)\n"
    "\n"
    "    def prepare(self, request):\n"
    "        return request\n"
)

LAYER = """\
id: session
title: Session
kind: class
group: app
source: {repo: demo, path: app/session.py}
frames:
  - id: send
    title: send
    symbol: Session.send
    calls:
      - {to: session.prepare, at: {call: self.prepare}, kind: call}
  - id: prepare
    title: prepare
    symbol: Session.prepare
"""


def _site(tmp_path: Path, source: str) -> tuple[Path, Path]:
    repo, ids = make_repo(tmp_path / "upstream", [{"app/session.py": source}], bare=True)
    root = tmp_path / "site"
    (root / "stacks" / "layers").mkdir(parents=True)
    (root / "stacks" / "system.yaml").write_text(
        f'repos:\n  demo:\n    url: https://example.com/demo\n    commit: "{ids[0]}"\n'
        "groups:\n  app:\n    title: App\n"
    )
    (root / "stacks" / "layers" / "session.yaml").write_text(LAYER)
    (root / "stacks" / "flow.yaml").write_text("id: flow\ntitle: Flow\nentry: session.send\n")
    return root, repo


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    root, repo = _site(tmp_path, SOURCE)
    monkeypatch.chdir(root)
    return root, repo


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert not (result.exception and not isinstance(result.exception, SystemExit))
    return result.exit_code, result.stdout + result.stderr


def test_code_with_yaml_line_breaks_is_synced_quoted(site: tuple[Path, Path]) -> None:
    root, repo = site
    code, out = _run("sync", "stacks", "--source", f"demo={repo}")
    assert code == 0, out
    text = (root / "stacks" / "layers" / "session.yaml").read_text("utf-8")
    assert "\\Lb\\Nc\\Pd\\fe\\ef" in text  # escapes in a double-quoted string
    assert not any(ch in text for ch in "\u2028\x85\u2029\x0c\x1b")
    assert _run("validate", "stacks") == (0, "ok: 1 layer, 1 stack, 0 warning(s)\n")
    code, out = _run("check", "stacks", "--source", f"demo={repo}")
    assert code == 0, out


def test_a_value_that_would_read_back_otherwise_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety net under the quoting: the written text is loaded again and every edited
    value compared, whatever the cause of a difference (here: quoting switched off, and
    only line breaks, which load without an error)."""
    root, repo = _site(tmp_path, SOURCE.replace("\x0c", "").replace("\x1b", ""))
    monkeypatch.chdir(root)
    monkeypatch.setattr(yamledit, "_BLOCK_UNSAFE", yamledit.re.compile("(?!)"))
    before = (root / "stacks" / "layers" / "session.yaml").read_bytes()
    code, out = _run("sync", "stacks", "--source", f"demo={repo}")
    assert code != 0
    assert "ST409 frames.0.excerpt would not read back as written" in out
    assert "Traceback" not in out
    assert (root / "stacks" / "layers" / "session.yaml").read_bytes() == before


@pytest.mark.parametrize(
    "text", ["a\u2028b", "name\x85", "\u2029", "del\x7f", "bom\ufeff", "c1\x9b[2J", "plain"]
)
def test_new_files_quote_what_yaml_would_read_otherwise(text: str) -> None:
    """`import` and `record` write names from traces and live programs: a name holding a
    YAML 1.1 line break was written plain and the new file did not load."""
    import yaml
    from ruamel.yaml import YAML
    from stacktour.skeleton.render import scalar

    written = f"name: {scalar(text)}\n"
    assert yaml.safe_load(written)["name"] == text
    assert YAML(typ="safe").load(written)["name"] == text
    assert not any(ch in written for ch in "\u2028\x85\u2029\x7f\ufeff\x9b")
