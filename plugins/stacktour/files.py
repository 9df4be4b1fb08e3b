"""Open a file we were told to read: a regular file, within a size limit, checked before a
byte is read.

Every file stacktour reads on someone else's say-so (stack files, the fingerprint of the
stacks folder, the Graphviz disk cache) goes through `read_bounded`. A FIFO, a device or
a folder named like a file is refused without being opened for reading (opening a FIFO
blocks until a writer comes; reading `/dev/zero` never ends), a file over the limit is
refused by its size, and a file that grows between the check and the read is refused by
the read itself, which never takes more than `limit + 1` bytes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# O_NONBLOCK: opening a FIFO that was swapped in after the check returns at once instead
# of waiting for a writer. O_NOCTTY: a terminal never becomes our controlling terminal.
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_FLAGS |= getattr(os, "O_BINARY", 0)


class FileRefused(OSError):
    """A file that may not be read; `reason` says why in words for a diagnostic."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def check_regular(path: Path, limit: int) -> os.stat_result:
    """The file's stat when it is a regular file of at most `limit` bytes (symbolic links
    followed), else FileRefused. Nothing is opened."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise FileRefused(path, f"cannot be read: {exc.strerror or exc}") from None
    except ValueError:  # an embedded NUL: no file system has such a name
        raise FileRefused(path, "has a NUL character in its name") from None
    _check_stat(path, info, limit)
    return info


def _check_stat(path: Path, info: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(path, "is not a regular file")
    if info.st_size > limit:
        raise FileRefused(path, f"is {info.st_size:,} bytes; the limit is {limit:,}")


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes, or FileRefused.

    The type and size are checked before the file is opened and again on the open file
    (it may have been replaced in between); at most `limit + 1` bytes are ever read.
    """
    check_regular(path, limit)
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise FileRefused(path, f"cannot be read: {exc.strerror or exc}") from None
    try:
        _check_stat(path, os.fstat(fd), limit)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            try:
                chunk = os.read(fd, min(left, 1 << 16))
            except BlockingIOError:  # pragma: no cover - regular files never block
                raise FileRefused(path, "is not a regular file") from None
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        if isinstance(exc, FileRefused):
            raise
        raise FileRefused(path, f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise FileRefused(path, f"grew past the limit of {limit:,} bytes while being read")
    return data


def read_text_bounded(path: Path, limit: int) -> str:
    """`read_bounded` decoded as strict UTF-8 (FileRefused when it is not)."""
    try:
        return read_bounded(path, limit).decode("utf-8")
    except UnicodeDecodeError:
        raise FileRefused(path, "is not UTF-8") from None
