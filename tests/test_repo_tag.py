"""A repository may give a release tag until its commit is known (what `record` writes)."""

from __future__ import annotations

from pathlib import Path

from stacktour.loader import load_project

from .conftest import SYSTEM, write_project


def _system(repo_lines: str) -> str:
    return SYSTEM.replace(
        "    url: https://example.com/demo\n"
        '    commit: "0123456789abcdef0123456789abcdef01234567"\n',
        repo_lines,
    )


def test_a_tag_stands_for_the_commit(tmp_path: Path) -> None:
    stacks = write_project(
        tmp_path / "stacks",
        system_yaml=_system('    url: https://github.com/pallets/jinja\n    tag: "3.1.6"\n'),
    )
    result = load_project(stacks)
    assert result.ok, result.diagnostics
    assert result.project is not None
    assert result.project.repo("demo").commit == "3.1.6"


def test_neither_commit_nor_tag(tmp_path: Path) -> None:
    stacks = write_project(
        tmp_path / "stacks", system_yaml=_system("    url: https://example.com/demo\n")
    )
    (problem,) = load_project(stacks).diagnostics
    assert problem.format() == (
        f"{stacks / 'system.yaml'}:3:5: ST102 a repository needs `commit` "
        "(a full 40-hex SHA, quoted) or a `tag`"
    )


def test_a_tag_with_a_space(tmp_path: Path) -> None:
    stacks = write_project(
        tmp_path / "stacks",
        system_yaml=_system('    url: https://example.com/demo\n    tag: "v1 final"\n'),
    )
    (problem,) = load_project(stacks).diagnostics
    assert problem.code == "ST105"
    assert "must be a tag name (letters, digits, . _ + -)" in problem.message
