"""Which tree-sitter grammar reads a file, chosen by the file's name.

The grammars are the PyPI packages `tree-sitter-c-sharp`, `-python`, `-java`, `-go`,
`-javascript` and `-typescript`; each is loaded the first time a file needs it.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

import tree_sitter

# file suffix -> (language name, grammar module, function in it that returns the grammar)
_BY_SUFFIX: dict[str, tuple[str, str, str]] = {
    ".cs": ("csharp", "tree_sitter_c_sharp", "language"),
    ".py": ("python", "tree_sitter_python", "language"),
    ".pyi": ("python", "tree_sitter_python", "language"),
    ".java": ("java", "tree_sitter_java", "language"),
    ".go": ("go", "tree_sitter_go", "language"),
    ".js": ("javascript", "tree_sitter_javascript", "language"),
    ".mjs": ("javascript", "tree_sitter_javascript", "language"),
    ".cjs": ("javascript", "tree_sitter_javascript", "language"),
    ".jsx": ("javascript", "tree_sitter_javascript", "language"),
    ".ts": ("typescript", "tree_sitter_typescript", "language_typescript"),
    ".mts": ("typescript", "tree_sitter_typescript", "language_typescript"),
    ".cts": ("typescript", "tree_sitter_typescript", "language_typescript"),
    ".tsx": ("tsx", "tree_sitter_typescript", "language_tsx"),
}

LANGUAGES = tuple(sorted({name for name, _, _ in _BY_SUFFIX.values()}))


def language_of(path: str) -> str | None:
    """The language a file's suffix names (`csharp`, `python`, ...), or None."""
    suffix = path[path.rfind(".") :].lower() if "." in path.rsplit("/", 1)[-1] else ""
    found = _BY_SUFFIX.get(suffix)
    return found[0] if found else None


@cache
def _parser(language: str) -> tree_sitter.Parser:
    module_name, function = next((m, f) for n, m, f in _BY_SUFFIX.values() if n == language)
    module: Any = importlib.import_module(module_name)
    return tree_sitter.Parser(tree_sitter.Language(getattr(module, function)()))


def parse(language: str, source: bytes) -> tree_sitter.Tree:
    """The syntax tree of `source`. Tree-sitter never fails: bad code gets ERROR nodes."""
    return _parser(language).parse(source)
