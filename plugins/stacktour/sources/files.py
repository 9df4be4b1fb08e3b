"""Where a repository's files are read from: a git repository at a commit, or a plain folder.

Both kinds answer one question, "the bytes of `path` at `commit`", and both refuse the same
things: a path that is absolute, climbs out, names a symbolic link or anything but a
regular file, or is larger than the cap (checked before a byte is read). Every refusal is
a SourceError whose message says why; nothing here raises anything else on bad input.

- `GitSource` reads objects through one `git cat-file --batch-command` process per
  repository, so any number of files costs one process. It walks the commit's trees
  itself, which is how it sees each entry's mode (a symlink is a blob of mode 120000, a
  submodule an entry of mode 160000) and never touches a working tree: a clone on any
  branch, with any local edits, reads the same. Bare repositories and normal clones both
  work.
- `FolderSource` is a folder that is not a repository: files at a known version, e.g. an
  installed package in site-packages. The commit is not checked (a folder has none);
  paths are confined by their resolved location.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import subprocess
from pathlib import Path
from typing import Protocol

MAX_SOURCE_BYTES = 8 << 20  # 8 MiB: far above any real source file
MAX_TREE_BYTES = 16 << 20  # a tree object lists one folder; even huge folders stay far below
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HEX = re.compile(r"^[0-9a-f]{4,64}\Z")  # \Z, not $: "abc\n" would pass $ and end the command
_REV = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/\-]{0,199}\Z")


class SourceError(ValueError):
    """A file that may not (or cannot) be read; the message says why, for a person."""


class Source(Protocol):
    """Files of one repository, by commit and path."""

    label: str  # how messages name it, e.g. the folder

    def read(self, commit: str, path: str) -> bytes:
        """The file's bytes at `commit`; SourceError when refused or missing."""
        ...

    def resolve(self, rev: str) -> str:
        """The full commit id a branch, tag or abbreviated id names; SourceError if none."""
        ...

    def close(self) -> None: ...


def check_relative(path: str) -> None:
    """Refuse a repository path that is absolute, climbs out or holds control characters."""
    if _CONTROL.search(path):
        bad = _CONTROL.search(path)
        assert bad is not None
        raise SourceError(f"'{path}' holds the control character U+{ord(bad.group()):04X}")
    if not path or path.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", path):
        raise SourceError(f"'{path}' is absolute")
    if "\\" in path:
        raise SourceError(f"'{path}' uses backslashes; write / between folders")
    parts = path.split("/")
    if any(part in ("..", ".") for part in parts):
        raise SourceError(f"'{path}' climbs out of its root with '..'")
    if any(part == "" for part in parts):
        raise SourceError(f"'{path}' has an empty folder name")


def open_source(folder: Path, *, max_bytes: int = MAX_SOURCE_BYTES) -> Source:
    """A GitSource when `folder` is a repository (bare, or a clone's top), else a FolderSource.

    A folder that merely sits somewhere inside a repository is a plain folder: only its
    own files are meant, not the enclosing repository's history.
    """
    if not folder.is_dir():
        raise SourceError(f"{folder} is not a folder")
    if (folder / ".git").exists() or _is_bare(folder):
        return GitSource(folder, max_bytes=max_bytes)
    return FolderSource(folder, max_bytes=max_bytes)


def _is_bare(folder: Path) -> bool:
    return (
        (folder / "HEAD").is_file() and (folder / "objects").is_dir() and (folder / "refs").is_dir()
    )


class FolderSource:
    """Files of a folder that is not a git repository, taken as the files at every commit."""

    def __init__(self, root: Path, *, max_bytes: int = MAX_SOURCE_BYTES) -> None:
        self.root = root
        self.label = str(root)
        self.max_bytes = max_bytes

    def path_of(self, relative: str) -> Path:
        """The file `relative` inside the root; SourceError when it may not be read.

        Paths are compared resolved, not as strings: `/x/checkout-evil` is not inside
        `/x/checkout`, and a symbolic link is followed before it is judged.
        """
        check_relative(relative)
        real_root = self.root.resolve()
        candidate = (real_root / relative).resolve()
        if not candidate.is_relative_to(real_root):
            raise SourceError(f"'{relative}' leaves {self.root} through a symbolic link")
        if not candidate.exists():
            raise SourceError(f"'{relative}' does not exist in {self.root}")
        info = candidate.stat()
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(f"'{relative}' is not a regular file")
        if info.st_size > self.max_bytes:
            raise SourceError(f"'{relative}' is larger than {self.max_bytes:,} bytes")
        return candidate

    def read(self, commit: str, path: str) -> bytes:
        file = self.path_of(path)
        # O_NONBLOCK: should the file have become a FIFO since it was checked, opening it
        # must not wait for a writer.
        try:
            fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as exc:
            raise SourceError(f"'{path}' cannot be read: {exc.strerror}") from None
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise SourceError(f"'{path}' is not a regular file")
            data = handle.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise SourceError(f"'{path}' is larger than {self.max_bytes:,} bytes")
        return data

    def resolve(self, rev: str) -> str:
        raise SourceError(f"{self.root} is a plain folder, not a git repository: it has no commits")

    def close(self) -> None:
        pass


class GitSource:
    """Objects of one git repository, read through a single `cat-file --batch-command`."""

    def __init__(self, folder: Path, *, max_bytes: int = MAX_SOURCE_BYTES) -> None:
        self.folder = folder
        self.label = str(folder)
        self.max_bytes = max_bytes
        self._process: subprocess.Popen[bytes] | None = None
        self._trees: dict[str, dict[bytes, tuple[str, str]]] = {}
        self._commit_trees: dict[str, str] = {}

    # -- the one git process ----------------------------------------------------------

    def _git(self) -> subprocess.Popen[bytes]:
        if self._process is None:
            try:
                self._process = subprocess.Popen(
                    ["git", "-C", str(self.folder), "cat-file", "--batch-command"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    env={**os.environ, "GIT_NO_REPLACE_OBJECTS": "1", "LC_ALL": "C"},
                )
            except OSError as exc:
                raise SourceError(f"cannot run git: {exc.strerror}") from None
        return self._process

    def _ask(self, command: str) -> bytes:
        process = self._git()
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(command.encode("ascii") + b"\n")
            process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise SourceError(self._failure()) from None
        line = process.stdout.readline()
        if not line:
            raise SourceError(self._failure())
        return line.rstrip(b"\n")

    def _failure(self) -> str:
        process = self._process
        detail = ""
        if process is not None and process.stderr is not None:
            process.kill()
            detail = process.stderr.read().decode("utf-8", "replace").strip()
            self._process = None
        first = detail.splitlines()[0] if detail else "git stopped"
        return f"{self.folder} cannot be read as a git repository: {first}"

    def _info(self, spec: str) -> tuple[str, str, int] | None:
        """(object id, type, size) of `spec`, or None when the repository lacks it."""
        reply = self._ask(f"info {spec}").decode("utf-8", "replace")
        fields = reply.split(" ")
        if len(fields) == 3 and fields[2].isdigit():
            return fields[0], fields[1], int(fields[2])
        if reply.endswith((" missing", " ambiguous")):
            return None
        raise SourceError(f"{self.folder}: unexpected answer from git: {reply[:80]}")

    def _contents(self, oid: str, size: int) -> bytes:
        self._ask(f"contents {oid}")  # the header again, already known from `info`
        process = self._git()
        assert process.stdout is not None
        data = process.stdout.read(size + 1)  # the object and its trailing newline
        if len(data) != size + 1:
            raise SourceError(self._failure())
        return data[:size]

    # -- commits, trees and blobs -------------------------------------------------------

    def resolve(self, rev: str) -> str:
        if not _REV.match(rev) or ".." in rev or rev.endswith((".lock", "/", ".")):
            raise SourceError(f"'{rev}' is not a commit, branch or tag name")
        found = self._info(f"{rev}^{{commit}}")
        if found is None:
            raise SourceError(f"{rev} is not a commit of {self.folder}")
        return found[0]

    def _root_tree(self, commit: str) -> str:
        if commit in self._commit_trees:
            return self._commit_trees[commit]
        if not _HEX.match(commit):
            raise SourceError(f"'{commit}' is not a commit id")
        found = self._info(f"{commit}^{{tree}}")
        if found is None:
            raise SourceError(f"commit {commit[:12]} is not in {self.folder} (fetch it first)")
        self._commit_trees[commit] = found[0]
        return found[0]

    def _tree(self, oid: str) -> dict[bytes, tuple[str, str]]:
        """A tree's entries: name -> (octal mode, object id)."""
        if oid in self._trees:
            return self._trees[oid]
        info = self._info(oid)
        if info is None or info[1] != "tree":
            raise SourceError(f"{self.folder}: tree {oid[:12]} is missing")
        if info[2] > MAX_TREE_BYTES:
            raise SourceError(
                f"{self.folder}: a folder's listing is larger than {MAX_TREE_BYTES:,} bytes"
            )
        raw = self._contents(oid, info[2])
        width = len(oid) // 2  # 20 bytes for SHA-1, 32 for SHA-256
        entries: dict[bytes, tuple[str, str]] = {}
        at = 0
        while at < len(raw):
            space = raw.index(b" ", at)
            nul = raw.index(b"\0", space)
            mode = raw[at:space].decode("ascii")
            entries[raw[space + 1 : nul]] = (mode, raw[nul + 1 : nul + 1 + width].hex())
            at = nul + 1 + width
        self._trees[oid] = entries
        return entries

    def blob_id(self, commit: str, path: str) -> str:
        """The object id of the regular file `path` at `commit`; SourceError otherwise."""
        check_relative(path)
        tree = self._root_tree(commit)
        parts = path.split("/")
        for i, part in enumerate(parts):
            entry = self._tree(tree).get(part.encode("utf-8", "surrogateescape"))
            shown = "/".join(parts[: i + 1])
            if entry is None:
                raise SourceError(f"'{path}' does not exist at commit {commit[:12]}")
            mode, oid = entry
            last = i == len(parts) - 1
            if mode == "120000":
                raise SourceError(f"'{shown}' is a symbolic link at commit {commit[:12]}")
            if mode == "160000":
                raise SourceError(f"'{shown}' is a submodule at commit {commit[:12]}")
            if not last:
                if mode != "40000":
                    raise SourceError(f"'{shown}' is not a folder at commit {commit[:12]}")
                tree = oid
            elif mode not in ("100644", "100755"):
                raise SourceError(f"'{path}' is not a regular file at commit {commit[:12]}")
            else:
                return oid
        raise AssertionError("unreachable")  # pragma: no cover

    def read(self, commit: str, path: str) -> bytes:
        oid = self.blob_id(commit, path)
        info = self._info(oid)
        if info is None or info[1] != "blob":
            raise SourceError(f"'{path}': object {oid[:12]} is missing from {self.folder}")
        if info[2] > self.max_bytes:
            raise SourceError(f"'{path}' is larger than {self.max_bytes:,} bytes")
        return self._contents(oid, info[2])

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            assert process.stdin is not None
            with contextlib.suppress(OSError):
                process.stdin.close()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
