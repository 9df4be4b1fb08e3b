"""Small real git repositories for tests, made with the git command in a temp folder.

Dates, names and configuration are fixed, so the same files give the same commit ids on
every machine.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(repo: Path, *args: str, date: str = "2024-01-01T00:00:00+00:00") -> str:
    env = {**os.environ, **_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def make_repo(
    root: Path, commits: list[dict[str, str | None]], *, bare: bool = False
) -> tuple[Path, list[str]]:
    """A repository whose history is `commits`: each maps paths to text (None deletes).

    Returns the folder to read it from (the bare repository when `bare`) and the commit
    ids, oldest first. Each commit `n` (from 1) is also tagged `vN`.
    """
    work = root / "work"
    work.mkdir(parents=True)
    git(work, "init", "-q", "-b", "main")
    ids = []
    for n, files in enumerate(commits, 1):
        for path, text in files.items():
            target = work / path
            if text is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        git(work, "add", "-A")
        date = f"2024-01-{n:02d}T00:00:00+00:00"
        git(work, "commit", "-q", "-m", f"commit {n}", date=date)
        git(work, "tag", f"v{n}")
        ids.append(git(work, "rev-parse", "HEAD"))
    if not bare:
        return work, ids
    clone = root / "clone.git"
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(work), str(clone)],
        check=True,
        env={**os.environ, **_ENV},
    )
    return clone, ids
