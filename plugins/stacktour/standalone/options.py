"""The site settings `stacktour generate` needs, read from mkdocs.yml without MkDocs.

mkdocs.yml stays the one place the author configures stacktour: the `stacktour` entry
under `plugins:` (the MkDocs plugin's options), `docs_dir`, `use_directory_urls`,
`nav` and `markdown_extensions`. The file is read as Zensical reads it: `!ENV` tags are
resolved, other tags (`!!python/name:...`) are kept as opaque values, and `INHERIT`
merges a parent file under this one (mappings merged, lists concatenated).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import Diagnostic
from ..graph import DEFAULT_TIMEOUT

MAX_CONFIG_BYTES = 1 << 20
MAX_INHERIT = 8
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")
)


class ConfigError(Exception):
    """A problem with mkdocs.yml, as a diagnostic naming its file, line and column."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class PluginOptions:
    """The MkDocs plugin's options (see plugin.StacktourConfig), with its defaults."""

    enabled: bool = True
    stacks_dir: str = "stacks"
    nav_title: str | None = None  # None: "Stacks" in the build's language
    layers_nav_title: str | None = None  # None: "Layers" in the build's language
    language: str | None = None  # None: theme.language, else the project's default
    show_returns: bool = False
    cache_dir: str = ".cache/stacktour"
    dot_timeout: float = DEFAULT_TIMEOUT


_OPTION_TYPES: dict[str, type] = {
    "enabled": bool,
    "stacks_dir": str,
    "nav_title": str,
    "layers_nav_title": str,
    "language": str,
    "show_returns": bool,
    "cache_dir": str,
    "dot_timeout": float,
}
# Options of the plugin that a build without it has no use for.
_IGNORED_OPTIONS = frozenset({"source_roots", "sources", "untranslated"})


@dataclass(frozen=True)
class SiteConfig:
    """What `generate` reads from mkdocs.yml. Paths are absolute."""

    file: Path
    docs_dir: Path
    use_directory_urls: bool = True
    nav: list[Any] | None = None  # the explicit `nav:`, or None
    extensions: tuple[str, ...] = ()  # names under `markdown_extensions`
    plugin: PluginOptions = field(default_factory=PluginOptions)
    theme_language: str | None = None

    @property
    def language(self) -> str | None:
        """The build's language, as the plugin picks it: its `language` option, else
        `theme.language` (None: the project's default)."""
        return self.plugin.language or self.theme_language

    @property
    def root(self) -> Path:
        return self.file.parent

    @property
    def stacks_dir(self) -> Path:
        return (self.root / self.plugin.stacks_dir).resolve()


class _Reader:
    """One config file: its text, its node tree, and plain values built from it."""

    def __init__(self, path: Path, shown: str) -> None:
        self.path = path
        self.shown = shown
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_CONFIG_BYTES + 1)
        except OSError as exc:
            problem = Diagnostic(shown, 1, 1, "ST601", f"cannot read: {exc.strerror}")
            raise ConfigError(problem) from None
        if len(raw) > MAX_CONFIG_BYTES:
            raise ConfigError(Diagnostic(shown, 1, 1, "ST601", "larger than 1 MiB"))
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ConfigError(
                Diagnostic(shown, 1, 1, "ST601", f"is not UTF-8 (byte {exc.start})")
            ) from None
        try:
            self.node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            what = exc.problem or exc.context or "not valid YAML"
            raise ConfigError(Diagnostic(shown, line, column, "ST601", what)) from None
        except yaml.YAMLError as exc:
            raise ConfigError(Diagnostic(shown, 1, 1, "ST601", str(exc))) from None
        self._constructor = yaml.SafeLoader("")

    def error(self, node: Node | None, message: str, code: str = "ST602") -> ConfigError:
        if node is None:
            return ConfigError(Diagnostic(self.shown, 1, 1, code, message))
        mark = node.start_mark
        return ConfigError(Diagnostic(self.shown, mark.line + 1, mark.column + 1, code, message))

    def value(self, node: Node, depth: int = 0) -> Any:
        """Plain Python data for `node`; `!ENV` resolved, other tags kept as opaque text."""
        if depth > 64:
            raise self.error(node, "nested too deeply", "ST601")
        if node.tag == "!ENV":
            return _env(self.value(_untagged(node), depth + 1))
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for key, item in node.value:
                out[str(self.value(key, depth + 1))] = self.value(item, depth + 1)
            return out
        if isinstance(node, SequenceNode):
            return [self.value(item, depth + 1) for item in node.value]
        if isinstance(node, ScalarNode):
            if node.tag in _PLAIN_TAGS:
                try:
                    return self._constructor.construct_object(node, deep=True)
                except yaml.YAMLError:
                    return node.value
            return f"{node.tag} {node.value}"
        return None

    def find(self, *path: str | int) -> Node | None:
        """The node at `path` ("plugins", 2, "stacktour", ...), or None."""
        node: Node | None = self.node
        for step in path:
            if isinstance(node, MappingNode) and isinstance(step, str):
                node = next((v for k, v in node.value if k.value == step), None)
            elif isinstance(node, SequenceNode) and isinstance(step, int):
                node = node.value[step] if 0 <= step < len(node.value) else None
            else:
                return None
        return node


def _untagged(node: Node) -> Node:
    if isinstance(node, ScalarNode):
        return ScalarNode("tag:yaml.org,2002:str", node.value, node.start_mark, node.end_mark)
    if isinstance(node, SequenceNode):
        return SequenceNode("tag:yaml.org,2002:seq", node.value, node.start_mark, node.end_mark)
    return node


def _env(spec: Any) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`, as MkDocs and Zensical read it."""
    names = spec if isinstance(spec, list) else [spec]
    for name in names[:-1] if len(names) > 1 else names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return names[-1] if len(names) > 1 else None


def _merge(parent: Any, child: Any) -> Any:
    """Zensical's INHERIT merge: mappings key by key, lists concatenated."""
    if isinstance(parent, dict) and isinstance(child, dict):
        merged = dict(parent)
        for key, value in child.items():
            merged[key] = _merge(parent[key], value) if key in parent else value
        return merged
    if isinstance(parent, list) and isinstance(child, list):
        return parent + child
    return child


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def read_site_config(config_file: str | os.PathLike[str]) -> SiteConfig:
    """Read mkdocs.yml (following INHERIT); raises ConfigError on any problem."""
    path = Path(config_file).resolve()
    readers: list[_Reader] = []
    data: Any = {}
    seen: set[Path] = set()
    current: Path | None = path
    while current is not None:
        if current in seen or len(seen) >= MAX_INHERIT:
            raise ConfigError(Diagnostic(_shown(current), 1, 1, "ST601", "INHERIT loops"))
        seen.add(current)
        reader = _Reader(current, _shown(current))
        value = reader.value(reader.node) if reader.node is not None else {}
        if not isinstance(value, dict):
            raise reader.error(reader.node, "expected a mapping of settings", "ST601")
        readers.append(reader)
        data = _merge(value, data) if data else value
        parent = value.get("INHERIT")
        current = None
        if parent is not None:
            at = reader.find("INHERIT") or reader.node
            if not isinstance(parent, str):
                raise reader.error(at, "INHERIT: expected a path")
            current = (reader.path.parent / parent).resolve()
            if not current.is_file():
                raise reader.error(at, f"INHERIT: no file {parent}")
    data.pop("INHERIT", None)
    top = readers[0]
    docs = data.get("docs_dir", "docs")
    if not isinstance(docs, str) or not docs:
        raise top.error(top.find("docs_dir") or top.node, "docs_dir: expected a folder name")
    urls = data.get("use_directory_urls", True)
    nav = data.get("nav")
    theme = data.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    return SiteConfig(
        file=path,
        docs_dir=(path.parent / docs).resolve(),
        use_directory_urls=urls is not False,
        nav=nav if isinstance(nav, list) else None,
        extensions=_extension_names(data.get("markdown_extensions")),
        plugin=_plugin_options(readers, data.get("plugins")),
        theme_language=language if isinstance(language, str) and language else None,
    )


def _extension_names(value: Any) -> tuple[str, ...]:
    if isinstance(value, dict):
        return tuple(str(k) for k in value)
    if isinstance(value, list):
        names = []
        for item in value:
            if isinstance(item, str):
                names.append(item)
            elif isinstance(item, dict) and len(item) == 1:
                names.append(str(next(iter(item))))
        return tuple(names)
    return ()


def _plugin_options(readers: list[_Reader], plugins: Any) -> PluginOptions:
    """The `stacktour` entry of `plugins:` (a list of names or one-key mappings, or a
    mapping), checked as the plugin checks it."""
    entry: Any = None
    if isinstance(plugins, list):
        for item in plugins:
            if item == "stacktour":
                entry = {}
            elif isinstance(item, dict) and "stacktour" in item:
                entry = item["stacktour"] or {}
    elif isinstance(plugins, dict) and "stacktour" in plugins:
        entry = plugins["stacktour"] or {}
    if entry is None:
        return PluginOptions()
    where = _option_node(readers)
    if not isinstance(entry, dict):
        raise where[0].error(where[1], "plugins: stacktour: expected a mapping of options")
    values: dict[str, Any] = {}
    for name, value in entry.items():
        if name in _IGNORED_OPTIONS:
            continue
        if name not in _OPTION_TYPES:
            known = ", ".join(sorted(_OPTION_TYPES))
            raise where[0].error(
                _key_node(where[1], name), f"stacktour: unknown option '{name}' (options: {known})"
            )
        wanted = _OPTION_TYPES[name]
        if value is None and getattr(PluginOptions(), name) is None:
            continue  # an optional option left empty: its default, as for the plugin
        if wanted is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, wanted) or (wanted is not bool and isinstance(value, bool)):
            raise where[0].error(
                _key_node(where[1], name),
                f"stacktour: {name}: expected {_TYPE_NAMES[wanted]}, not {value!r}",
            )
        if isinstance(value, float) and not 0 < value <= 24 * 3600:
            raise where[0].error(
                _key_node(where[1], name), f"stacktour: {name}: expected seconds above 0"
            )
        values[name] = value
    return PluginOptions(**values)


_TYPE_NAMES = {bool: "true or false", str: "a string", float: "a number of seconds"}


def _option_node(readers: list[_Reader]) -> tuple[_Reader, Node | None]:
    """The file and node that hold the `stacktour` plugin entry (for messages)."""
    for reader in readers:
        plugins = reader.find("plugins")
        if isinstance(plugins, SequenceNode):
            for item in plugins.value:
                if isinstance(item, MappingNode):
                    for key, value in item.value:
                        if key.value == "stacktour":
                            return reader, value
        elif isinstance(plugins, MappingNode):
            for key, value in plugins.value:
                if key.value == "stacktour":
                    return reader, value
    return readers[0], readers[0].node


def _key_node(node: Node | None, name: str) -> Node | None:
    if isinstance(node, MappingNode):
        for key, _ in node.value:
            if key.value == name:
                return key
    return node


def home_text(docs_dir: Path) -> str:
    """The home page's Markdown (index.md or README.md of `docs_dir`), whose links to
    stacks order the stacks index and menu, as the plugin reads it (plugin._home_text);
    "" without one."""
    for name in ("index.md", "README.md"):
        home = docs_dir / name
        if home.is_file():
            return home.read_text(encoding="utf-8", errors="replace")
    return ""


def nav_paths(nav: Any) -> frozenset[str]:
    """Every page path in a `nav:` value, as the plugin reads it (plugin._nav_paths)."""
    if isinstance(nav, str):
        return frozenset({nav.removeprefix("./")})
    if isinstance(nav, dict):
        return frozenset().union(*(nav_paths(v) for v in nav.values()))
    if isinstance(nav, list):
        return frozenset().union(*(nav_paths(item) for item in nav))
    return frozenset()
