"""What a Python file path says about its frame: the module it is, and whether it is the
interpreter's own (standard library, frozen bootstrap) rather than the program's."""

from __future__ import annotations

import re
import sys

# A standard library folder as installed on Linux, macOS and Windows: .../lib/python3.11/,
# .../Lib/ (Windows, a source checkout). site- and dist-packages inside it are not stdlib.
_STDLIB = re.compile(r"(?:^|[/\\])(?:lib(?:64)?[/\\]python\d+(?:\.\d+)?t?|Lib)[/\\]", re.I)
_PACKAGES = re.compile(r"[/\\](?:site|dist)-packages[/\\]")
_FROZEN = re.compile(r"^<frozen ([\w.]+)>$")


def frozen_module(file: str) -> str | None:
    """`<frozen importlib._bootstrap>` -> `importlib._bootstrap`; None for a real file."""
    match = _FROZEN.match(file)
    return match.group(1) if match else None


def is_stdlib(file: str) -> bool:
    """A frame of the interpreter itself: the standard library or frozen bootstrap code."""
    if frozen_module(file):
        return True
    return bool(_STDLIB.search(file)) and not _PACKAGES.search(file)


def module_of(file: str) -> str:
    """The dotted module a file is, as far as its path tells (`jinja2/lexer.py` -> `jinja2.lexer`).

    Under site-packages or the standard library the path from there names the module;
    elsewhere only the file's stem is certain. `<stdin>` and `<string>` give "".
    """
    frozen = frozen_module(file)
    if frozen:
        return frozen
    if file.startswith("<"):
        return ""
    path = file.replace("\\", "/")
    match = _PACKAGES.search(file)
    if match:
        path = file[match.end() :].replace("\\", "/")
    else:
        lib = _STDLIB.search(file)
        if lib:
            path = file[lib.end() :].replace("\\", "/")
        elif path.startswith("/") or re.match(r"^[A-Za-z]:/", path):
            path = path.rsplit("/", 1)[-1]
    if path.endswith(".py"):
        path = path[:-3]
    parts = [p for p in path.split("/") if p and p != "."]
    if parts and parts[-1] == "__init__":
        parts.pop()
    if any(not re.fullmatch(r"[A-Za-z_]\w*", p) for p in parts):
        return parts[-1] if parts else ""
    return ".".join(parts)


def split_qualname(func: str) -> tuple[str, str]:
    """`Worker.wait` -> (`Worker`, `wait`); `<module>` and plain names have no owner.

    A function defined in a function (`outer.<locals>.inner`) is owned by `outer`.
    """
    if "." not in func or func.startswith("<"):
        return "", func
    owner, _, name = func.rpartition(".")
    return owner.replace(".<locals>", ""), name


def is_short_stdlib(file: str) -> bool:
    """For a shortened relative name (`threading.py`, `asyncio/tasks.py`): a stdlib module."""
    if file.startswith(("/", "<")) or re.match(r"^[A-Za-z]:", file):
        return False
    top = file.replace("\\", "/").split("/", 1)[0]
    top = top[:-3] if top.endswith(".py") else top
    return top in sys.stdlib_module_names
