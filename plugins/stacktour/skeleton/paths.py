"""`--map PREFIX=REPO:PATH`: from the file a trace names to a file of a repository."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..loader.checks import check_repo_path

_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class PathMap:
    """Files under `prefix` (as the trace spells them) are `path/...` in repository `repo`.

    `kind` is the layer kind a mapped frame's layer gets when it has no class of its own
    (`library` for an installed package), "" to decide from the frame.
    """

    prefix: str
    repo: str
    path: str = ""
    kind: str = ""

    def apply(self, file: str) -> str | None:
        """The repository path of `file`, or None when `file` is not under the prefix."""
        norm, prefix = _norm(file), _norm(self.prefix)
        if prefix and not prefix.endswith("/"):
            if norm == prefix:
                rest = ""
            elif norm.startswith(prefix + "/"):
                rest = norm[len(prefix) + 1 :]
            else:
                return None
        elif norm.startswith(prefix):
            rest = norm[len(prefix) :]
        else:
            return None
        folder = self.path.strip("/")
        joined = f"{folder}/{rest}" if folder and rest else (folder or rest)
        return joined or None


def _norm(path: str) -> str:
    return path.replace("\\", "/")


def parse_map(text: str) -> PathMap:
    """Read `PREFIX=REPO:PATH` (PATH may be empty). Raises ValueError saying what is wrong."""
    prefix, sep, target = text.rpartition("=")
    if not sep or not prefix:
        raise ValueError(f"--map {text}: expected PREFIX=REPO:PATH")
    repo, _, path = target.partition(":")
    if not _ID.match(repo):
        raise ValueError(f"--map {text}: '{repo}' is not a repository id (lowercase, digits, -)")
    problem = check_repo_path(path.strip("/")) if path.strip("/") else None
    if problem:
        raise ValueError(f"--map {text}: the repository path {problem}")
    return PathMap(prefix=prefix, repo=repo, path=path.strip("/"))


def map_file(file: str, maps: tuple[PathMap, ...]) -> tuple[PathMap, str] | None:
    """The longest-prefix map that takes `file`, and the repository path it gives."""
    best: tuple[PathMap, str] | None = None
    for item in maps:
        mapped = item.apply(file)
        if mapped is None or check_repo_path(mapped):
            continue
        if best is None or len(item.prefix) > len(best[0].prefix):
            best = (item, mapped)
    return best
