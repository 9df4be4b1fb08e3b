"""Reading sources: git at a commit or a plain folder, confined and bounded; every problem a
diagnostic at the frame's path:line:col; the YAML rewritten without losing anything."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from stacktour.cli import main
from stacktour.loader import load_project
from stacktour.model import Project
from stacktour.sources import SourceError, SourceSet, check, check_excerpts, safe_source_path, sync
from stacktour.sources import files as source_files
from stacktour.sources.files import FolderSource, GitSource, open_source
from stacktour.sources.yamledit import EditError, YamlEditor

from .conftest import write_project
from .gitrepo import git, make_repo

CLIENT_CS = "\n" * 9 + "void Run()\n{\n    Send();\n    Log();\n}\n"


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    (root / "src").mkdir(parents=True)
    (root / "src/Client.cs").write_text(CLIENT_CS)
    return root


def _project(root: Path) -> Project:
    result = load_project(root)
    assert result.project is not None, result.diagnostics
    return result.project


# -- A plain folder: frames without a symbol are compared as quoted ----------------------


def test_matching_excerpt_passes(project_dir: Path, checkout: Path) -> None:
    problems, frames = check_excerpts(_project(project_dir), {"demo": checkout})
    assert (problems, frames) == ([], 1)  # only client.run quotes anything


def test_moved_excerpt_says_where(project_dir: Path, checkout: Path) -> None:
    (checkout / "src/Client.cs").write_text("// new header\n\n" + CLIENT_CS)
    problems, _ = check_excerpts(_project(project_dir), {"demo": checkout})
    assert [(p.code, p.hint) for p in problems] == [
        ("ST401", "the same text is now at lines 12-16")
    ]


def test_changed_excerpt_fails(project_dir: Path, checkout: Path) -> None:
    (checkout / "src/Client.cs").write_text(CLIENT_CS.replace("Log();", "Trace();"))
    problems, _ = check_excerpts(_project(project_dir), {"demo": checkout})
    assert [p.code for p in problems] == ["ST402"]
    assert problems[0].line == 7  # the frame's position in client.yaml


def test_whitespace_counts(project_dir: Path, checkout: Path) -> None:
    """An indentation change is a change; trailing spaces and CR LF are not."""
    (checkout / "src/Client.cs").write_text(CLIENT_CS.replace("\n", "  \r\n"))
    assert check_excerpts(_project(project_dir), {"demo": checkout})[0] == []
    (checkout / "src/Client.cs").write_text(CLIENT_CS.replace("    Log();", "        Log();"))
    assert [p.code for p in check_excerpts(_project(project_dir), {"demo": checkout})[0]] == [
        "ST402"
    ]


def test_cli_check_exit_codes(project_dir: Path, checkout: Path) -> None:
    command = [sys.executable, "-m", "stacktour.cli", "check", str(project_dir)]
    ok = subprocess.run([*command, "--source", f"demo={checkout}"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    (checkout / "src/Client.cs").write_text("")
    bad = subprocess.run([*command, "--source", f"demo={checkout}"], capture_output=True, text=True)
    assert bad.returncode == 1 and "ST402" in bad.stdout


def test_check_excerpts_still_works_and_says_it_is_deprecated(
    project_dir: Path, checkout: Path
) -> None:
    result = CliRunner().invoke(
        main, ["check-excerpts", str(project_dir), "--source", f"demo={checkout}"]
    )
    assert result.exit_code == 0
    assert "check-excerpts is deprecated: use `stacktour check`" in result.stderr


@pytest.mark.parametrize(
    ("relative", "why"),
    [
        ("/etc/passwd", "is absolute"),
        ("../../../etc/passwd", "climbs out"),
        ("src/../../outside.txt", "climbs out"),
        ("link-out/passwd", "symbolic link"),
        ("src", "not a regular file"),
        ("missing.cs", "does not exist"),
        ("src/Client.cs\x00.txt", "holds the control character"),
        ("src\\Client.cs", "backslashes"),
    ],
)
def test_paths_outside_the_root_are_refused(checkout: Path, relative: str, why: str) -> None:
    outside = checkout.parent / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("secret")
    os.symlink(outside, checkout / "link-out")
    with pytest.raises(SourceError, match=why):
        safe_source_path(checkout, relative)


def test_prefix_of_the_root_is_not_inside_it(tmp_path: Path) -> None:
    # "/x/checkout-evil" starts with "/x/checkout" but is not inside it.
    root = tmp_path / "checkout"
    root.mkdir()
    evil = tmp_path / "checkout-evil"
    evil.mkdir()
    (evil / "f.cs").write_text("x")
    os.symlink(evil / "f.cs", root / "f.cs")
    with pytest.raises(SourceError, match="symbolic link"):
        safe_source_path(root, "f.cs")


def test_folder_size_is_capped_before_reading(checkout: Path) -> None:
    source = FolderSource(checkout, max_bytes=10)
    with pytest.raises(SourceError, match="larger than 10 bytes"):
        source.read("", "src/Client.cs")


def test_a_folder_inside_a_repository_is_a_plain_folder(tmp_path: Path) -> None:
    work, _ = make_repo(tmp_path, [{"pkg/mod.py": "def f():\n    pass\n"}])
    assert isinstance(open_source(work), GitSource)
    assert isinstance(open_source(work / "pkg"), FolderSource)  # e.g. site-packages/pkg


def test_loader_refuses_escaping_repo_paths(tmp_path: Path) -> None:
    root = write_project(tmp_path / "stacks")
    server = (root / "layers/server.yaml").read_text()
    (root / "layers/server.yaml").write_text(server.replace("src/Server.cs", "/etc/passwd"))
    codes = [d.code for d in load_project(root).diagnostics]
    assert codes == ["ST212"]


# -- git: at the commit, never the working tree; one process; confined --------------------

V1 = "class Greeter:\n    def greet(self, name):\n        return 'hi ' + name\n"
V2 = "import x\n\n\nclass Greeter:\n    def greet(self, name):\n        return 'hello ' + name\n"


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, list[str]]:
    return make_repo(
        tmp_path / "up", [{"greeter.py": V1, "big.txt": "x" * 5000}, {"greeter.py": V2}]
    )


def test_git_reads_the_commit_not_the_working_tree(repo: tuple[Path, list[str]]) -> None:
    work, ids = repo
    (work / "greeter.py").write_text("edited, not committed\n")
    git(work, "checkout", "-q", "-b", "elsewhere")
    source = open_source(work)
    try:
        assert source.read(ids[0], "greeter.py").decode() == V1
        assert source.read(ids[1], "greeter.py").decode() == V2
        assert source.resolve("v1") == ids[0]
        assert source.resolve(ids[1][:10]) == ids[1]
    finally:
        source.close()


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/greeter.py", "is absolute"),
        ("../greeter.py", "climbs out"),
        ("link.py", "is a symbolic link"),
        ("linkdir/inner.py", "'linkdir' is a symbolic link"),
        ("vendor/lib", "is a submodule"),
        ("vendor", "is not a regular file"),
        ("vendor/lib/x.py", "'vendor/lib' is a submodule"),
        ("greeter.py/x", "'greeter.py' is not a folder"),
        ("missing.py", "does not exist at commit"),
        ("greeter\x00.py", "holds the control character"),
        ("big.txt", "larger than 1,000 bytes"),
    ],
)
def test_git_paths_are_confined(tmp_path: Path, path: str, why: str) -> None:
    work, ids = make_repo(tmp_path / "up", [{"greeter.py": V1, "big.txt": "x" * 5000}])
    (work / "link.py").symlink_to("/etc/hostname")
    (work / "real").mkdir()
    (work / "real/inner.py").write_text("x = 1\n")
    (work / "linkdir").symlink_to("real", target_is_directory=True)
    # A submodule entry (mode 160000) without fetching anything.
    git(work, "update-index", "--add", "--cacheinfo", f"160000,{ids[0]},vendor/lib")
    git(work, "add", "link.py", "linkdir", "real")
    git(work, "commit", "-q", "-m", "links")
    commit = git(work, "rev-parse", "HEAD")
    source = GitSource(work, max_bytes=1000)
    try:
        with pytest.raises(SourceError, match=why):
            source.read(commit, path)
        assert source.read(commit, "real/inner.py") == b"x = 1\n"  # still working after
    finally:
        source.close()


def test_git_size_is_capped_before_the_blob_is_read(
    repo: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    work, ids = repo
    source = GitSource(work, max_bytes=1000)
    read: list[int] = []
    original = GitSource._contents

    def contents(self: GitSource, oid: str, size: int) -> bytes:
        read.append(size)
        return original(self, oid, size)

    monkeypatch.setattr(GitSource, "_contents", contents)
    try:
        with pytest.raises(SourceError, match="larger than 1,000 bytes"):
            source.read(ids[0], "big.txt")
    finally:
        source.close()
    assert 5000 not in read  # the tree was read; the big blob never was


def test_missing_commit_and_bad_revisions(repo: tuple[Path, list[str]]) -> None:
    work, _ = repo
    source = GitSource(work)
    try:
        with pytest.raises(SourceError, match="commit 000000000000 is not in"):
            source.read("0" * 40, "greeter.py")
        with pytest.raises(SourceError, match="is not a commit of"):
            source.resolve("v9")
        with pytest.raises(SourceError, match="is not a commit, branch or tag name"):
            source.resolve("v1\ninfo HEAD")
    finally:
        source.close()


def test_not_a_repository_is_a_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "fake.git"
    for name in ("objects", "refs"):
        (fake / name).mkdir(parents=True)
    (fake / "HEAD").write_text("garbage\n")
    source = open_source(fake)
    with pytest.raises(SourceError, match="cannot be read as a git repository"):
        source.read("a" * 40, "x.py")
    source.close()


# -- a whole project: diagnostics at the frame, one git process per repository ---------

SYSTEM = """\
repos:
  demo: {url: "https://example.com/demo", commit: "COMMIT", label: v1}
groups:
  app: {title: App}
"""


def _site(tmp_path: Path, commit: str, frames: str, path: str = "greeter.py") -> Path:
    stacks = tmp_path / "stacks"
    (stacks / "layers").mkdir(parents=True)
    (stacks / "system.yaml").write_text(SYSTEM.replace("COMMIT", commit))
    (stacks / "layers/greeter.yaml").write_text(
        "id: greeter\ntitle: Greeter\nkind: class\ngroup: app\n"
        f'source: {{repo: demo, path: "{path}"}}\nframes:\n{frames}'
    )
    return stacks


GREET = "  - id: greet\n    title: greet\n    symbol: SYMBOL\n"


@pytest.mark.parametrize(
    ("commit", "symbol", "path", "expected"),
    [
        (
            "0" * 40,
            "Greeter.greet",
            "greeter.py",
            "layers/greeter.yaml:7:5: ST403 greeter.greet: commit 000000000000 is not in",
        ),
        (
            None,
            "Greeter.greet",
            "nothere.py",
            "layers/greeter.yaml:7:5: ST403 greeter.greet: 'nothere.py' does not exist at commit",
        ),
        (
            None,
            "Greeter.great",
            "greeter.py",
            "layers/greeter.yaml:7:5: ST404 greeter.greet: no member 'Greeter.great' in the file "
            "(demo@v1:greeter.py) (did you mean 'Greeter.greet'",
        ),
        (
            None,
            "Greeter.greet",
            "big.txt",
            "layers/greeter.yaml:7:5: ST404 greeter.greet: 'big.txt': no parser for this kind "
            "of file",
        ),
    ],
)
def test_problems_are_diagnostics_at_the_frame(
    repo: tuple[Path, list[str]],
    tmp_path: Path,
    commit: str | None,
    symbol: str,
    path: str,
    expected: str,
) -> None:
    work, ids = repo
    stacks = _site(tmp_path, commit or ids[0], GREET.replace("SYMBOL", symbol), path)
    with SourceSet({"demo": GitSource(work)}) as files:
        report = sync(_project(stacks), files)
    shown = [d.format().replace(str(stacks) + "/", "") for d in report.problems]
    assert len(shown) == 1 and shown[0].startswith(expected), shown
    assert not report.written


def test_a_bad_locator_points_at_the_call(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    work, ids = repo
    frames = GREET.replace("SYMBOL", "Greeter.greet") + (
        "    calls:\n      - {external: print, at: {call: print}, kind: call}\n"
    )
    stacks = _site(tmp_path, ids[0], frames)
    with SourceSet({"demo": GitSource(work)}) as files:
        report = sync(_project(stacks), files)
    assert [d.format().replace(str(stacks) + "/", "") for d in report.problems] == [
        "layers/greeter.yaml:11:9: ST405 greeter.greet: no call to 'print' in the member "
        "(Greeter.greet(self, name)) (it makes no calls)"
    ]


def test_one_git_process_per_repository(
    repo: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work, ids = repo
    frames = "".join(
        f"  - id: f{n}\n    title: F\n    symbol: Greeter.greet\n    pin: {pin}\n"
        for n, pin in enumerate(["one", "two", "one", "two"])
    )
    stacks = _site(tmp_path, ids[1], frames)
    system = (stacks / "system.yaml").read_text()
    (stacks / "system.yaml").write_text(
        system.replace(
            "label: v1}",
            f'label: v1, pins: {{one: {{commit: "{ids[0]}"}}, two: {{commit: "{ids[1]}"}}}}}}',
        )
    )
    started: list[list[str]] = []
    real = subprocess.Popen

    def counting(args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        started.append(args)
        return real(args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(source_files.subprocess, "Popen", counting)
    with SourceSet.open({"demo": work}) as files:
        report = sync(_project(stacks), files)
    assert report.ok, report.problems
    assert len(report.plans) == 4
    assert len(started) == 1 and started[0][-1] == "--batch-command"


def test_check_reports_and_sync_fixes(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    work, ids = repo
    stacks = _site(tmp_path, ids[1], GREET.replace("SYMBOL", "Greeter.greet"))
    with SourceSet({"demo": GitSource(work)}) as files:
        before = check(_project(stacks), files)
        assert [d.code for d in before.problems] == ["ST401"]
        assert "lines 5–6" in before.problems[0].message
        assert sync(_project(stacks), files).written
        assert check(_project(stacks), files).ok


# -- the YAML editor -------------------------------------------------------------------


def test_editor_keeps_crlf_and_comments() -> None:
    text = "# top\r\nframes:\r\n  - id: a   # the a\r\n    lines: [1, 2]\r\n"
    from stacktour.sources.plan import Edit

    out = YamlEditor("x.yaml", text).apply([Edit(("frames", 0, "lines"), [3, 4])])
    assert out == "# top\r\nframes:\r\n  - id: a   # the a\r\n    lines: [3, 4]\r\n"


def test_editor_refuses_a_layout_it_cannot_keep() -> None:
    text = "frames:\n     - id: a\n       lines:   [1,2]\n"
    with pytest.raises(EditError, match="cannot rewrite it without changing its layout"):
        YamlEditor("x.yaml", text)


def test_sync_leaves_a_file_it_cannot_keep_alone(
    repo: tuple[Path, list[str]], tmp_path: Path
) -> None:
    work, ids = repo
    stacks = _site(tmp_path, ids[1], GREET.replace("SYMBOL", "Greeter.greet"))
    layer = stacks / "layers/greeter.yaml"
    odd = layer.read_text().replace("  - id: greet\n    title", "  -   id: greet\n      title")
    odd = odd.replace("    symbol", "      symbol")
    layer.write_text(odd)
    with SourceSet({"demo": GitSource(work)}) as files:
        report = sync(_project(stacks), files)
    assert [d.code for d in report.problems] == ["ST409"]
    assert layer.read_text() == odd


def test_cli_selects_frames_and_reads_mkdocs_sources(
    repo: tuple[Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work, ids = repo
    frames = GREET.replace("SYMBOL", "Greeter.greet") + GREET.replace(
        "greet\n", "again\n", 1
    ).replace("SYMBOL", "Greeter.greet")
    stacks = _site(tmp_path, ids[1], frames)
    (stacks / "flow.yaml").write_text("id: flow\ntitle: F\nentry: greeter.greet\n")
    clone = os.path.relpath(work, tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - search\n  - stacktour:\n"
        f"      stacks_dir: stacks\n      sources:\n        demo: {clone}\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:x.y\n"
    )
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["sync", "--frames", "greeter.again"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("stacks/layers/greeter.yaml: greeter.again: lines 5–6;")
    result = runner.invoke(main, ["check", "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "::error file=stacks/layers/greeter.yaml,line=7,col=5,title=ST401::"
    )
    assert "%0A--- a/stacks/layers/greeter.yaml%0A" in result.stdout  # the diff travels along
    result = runner.invoke(main, ["sync", "--stack", "flow"])
    assert result.exit_code == 0 and "greeter.greet" in result.stdout
    assert runner.invoke(main, ["check"]).exit_code == 0
    result = runner.invoke(main, ["sync", "--frames", "nope.*"])
    assert result.exit_code == 2 and "no frame matches" in result.stderr
    result = runner.invoke(main, ["sync", "--source", "other=."])
    assert result.exit_code == 2 and "unknown repository id(s): other" in result.stderr


def test_add_symbols_proposes_from_the_lines(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    work, ids = repo
    frames = (
        "  - id: greet\n    title: greet\n    lines: [5, 6]\n"
        "    calls:\n      - {external: str.__add__, at: 6, kind: call}\n"
    )
    stacks = _site(tmp_path, ids[1], frames)
    with SourceSet({"demo": GitSource(work)}) as files:
        report = sync(_project(stacks), files, add_symbols=True)
    assert report.ok, report.problems
    text = (stacks / "layers/greeter.yaml").read_text()
    assert "    symbol: Greeter.greet\n" in text
    assert "    lines: [5, 6]\n" in text
    assert "        return 'hello ' + name\n" in text
