"""New sites and new files, as text: `stacktour init` and `stacktour new layer|stack`.

Everything here returns the files to write (path -> text) and writes nothing; the CLI
refuses to overwrite and writes them. Every YAML file carries a
`# yaml-language-server: $schema=` line pointing at the schema copies in `schema/`, so an
editor completes fields offline.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import LAYER_KINDS
from ..skeleton.render import scalar
from ..skeleton.schemas import SCHEMA_FOLDER, ref_from, schema_files

_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def check_id(value: str, what: str) -> None:
    """ValueError unless `value` is a stacktour id (lowercase words joined by hyphens)."""
    if not _ID.match(value) or len(value) > 64:
        raise ValueError(
            f"{what} id '{value}' must be lowercase letters and digits, words joined by '-'"
        )


def title_from_id(value: str) -> str:
    """`grpc-worker` -> `GrpcWorker`: a class-like title to start from."""
    return "".join(part[:1].upper() + part[1:] for part in value.split("-"))


MKDOCS_YML = """\
site_name: {name}
# site_url: https://docs.example.org/   # set it when you publish

theme:
  name: material
  font: false            # no web fonts: the site builds and reads offline
  features:
    - navigation.sections
    - navigation.tracking
    - content.code.copy
    - toc.follow
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode

plugins:
  - search
  - stacktour:
      stacks_dir: stacks
      # sources: {{my-repo: ../my-repo-clone}}   # lets `stacktour sync` / `check` read code

markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.highlight:
      anchor_linenums: true
      line_spans: __span
      pygments_lang_class: true
  - pymdownx.superfences
"""

INDEX_MD = """\
# {name}

This site explains real call stacks, one layer at a time. Its pages are built from the
YAML files in `stacks/`: each layer once, each stack as a story through the layers.

The example stack shows how stacktour itself checks a stacks folder: `stacktour validate`
calls the loader, which reads each YAML file. Replace it with your own:

- **From a real run**: `stacktour record --at package.module.Class.method -- app.py`
  captures the call stack a Python program has when it enters that function.
- **From a stack trace**: `stacktour import trace.txt --map /path/to/checkout=myrepo:`
  reads a Python, .NET, Java, Node.js or Go trace.
- **By hand**: `stacktour new layer my-layer` and `stacktour new stack my-stack` write
  commented files to fill in.

Then `stacktour sync` fills in each frame's lines and excerpt from its `symbol`, and
`mkdocs serve` shows the pages as you edit them. `stacktour validate stacks` names the
file, line and column of any mistake.
"""

GITIGNORE = """\
site/
.cache/
"""

SYSTEM_YAML = """\
# yaml-language-server: $schema={schema}
#
# The repositories the layers quote, and the groups (usually processes) they run in.
# Layers and stacks refer to these ids.
#
# repos:
#   my-repo:
#     title: My service
#     url: https://github.com/me/my-repo
#     commit: "0000000000000000000000000000000000000000"   # a full 40-hex SHA, quoted
#     # tag: "v1.2.3"                                      # or a release tag, until pinned
repos: {{}}

groups:
  cli:
    title: stacktour command
    kind: process
    summary: The `stacktour` command-line process (the example stack runs in it).
"""

EXAMPLE_LAYERS = {
    "cli": """\
# yaml-language-server: $schema={schema}
# An example layer: one participant of a story. Replace or delete it.
id: cli
title: stacktour CLI
kind: library
group: cli
summary: The `stacktour` command line; `validate` loads a stacks folder and prints problems.
frames:
  - id: validate
    title: validate
    signature: "def validate(stacks: str, output_format: str) -> None"
    language: python
    explanation: |
      Loads the folder through the same loader the MkDocs plugin uses, so the command
      reports exactly the problems a build would, as `path:line:col: CODE message`.
    calls:
      - to: loader.load-project
        kind: call
""",
    "loader": """\
# yaml-language-server: $schema={schema}
# An example layer. Give a frame `symbol: read_yaml` and the layer a `source` (a
# repository from system.yaml and a path), and `stacktour sync` takes the member's lines
# and excerpt from the real file.
id: loader
title: loader
kind: library
group: cli
summary: Reads a stacks folder into a checked model, reporting every problem at once.
frames:
  - id: load-project
    title: load_project
    signature: "def load_project(root: str | os.PathLike[str]) -> LoadResult"
    language: python
    explanation: Finds every YAML file, reads each one, checks it, and builds the model.
    calls:
      - to: loader.read-yaml
        kind: call
        note: Once per file, with the file's bytes.

  - id: read-yaml
    title: read_yaml
    signature: >-
      def read_yaml(file: str, raw: bytes)
      -> tuple[YamlDocument | None, list[Diagnostic]]
    language: python
    explanation: |
      Parses one file, keeping the line and column of every value, and refuses what stack
      files never need (tags, anchors, duplicate keys) with a diagnostic.
""",
}

EXAMPLE_STACK = """\
# yaml-language-server: $schema={schema}
# An example stack: a story through the layers' frames. Replace or delete it.
id: validate
title: How stacktour validate reads a folder
summary: |
  The command hands the folder to the loader, which reads each YAML file.
entry: cli.validate
# steps are derived by following `calls` from the entry; list them to choose:
# steps:
#   - cli.validate -> loader.load-project
"""


def init_files(site: Path, name: str, example: bool = True) -> dict[Path, str]:
    """The files of a new site in `site`, by path: it builds at once with `mkdocs build`."""
    stacks = site / "stacks"
    schemas = site / SCHEMA_FOLDER
    files: dict[Path, str] = {
        site / "mkdocs.yml": MKDOCS_YML.format(name=scalar(name)),
        site / "docs" / "index.md": INDEX_MD.format(name=name),
        site / ".gitignore": GITIGNORE,
    }
    files.update(schema_files(schemas))
    system = stacks / "system.yaml"
    text = SYSTEM_YAML.format(schema=ref_from_new(system, schemas / "system.schema.json"))
    if not example:
        text = text[: text.index("groups:")] + "groups: {}\n"
    files[system] = text
    if example:
        for layer_id, layer in EXAMPLE_LAYERS.items():
            path = stacks / "layers" / f"{layer_id}.yaml"
            files[path] = layer.format(schema=ref_from_new(path, schemas / "layer.schema.json"))
        path = stacks / "validate.yaml"
        files[path] = EXAMPLE_STACK.format(schema=ref_from_new(path, schemas / "stack.schema.json"))
    return files


def ref_from_new(file: Path, schema_path: Path) -> str:
    """`ref_from` for files that do not exist yet (their folders may not either)."""
    import os

    return Path(os.path.relpath(schema_path.absolute(), file.parent.absolute())).as_posix()


def new_layer_text(
    layer_id: str,
    schema: Path,
    file: Path,
    group: str,
    title: str | None = None,
    kind: str = "class",
    repo: str | None = None,
    path: str | None = None,
) -> str:
    """A commented layer file with one frame to fill in; valid as written."""
    check_id(layer_id, "layer")
    if kind not in LAYER_KINDS:
        raise ValueError(f"kind '{kind}' is not one of: {', '.join(LAYER_KINDS)}")
    title = title or title_from_id(layer_id)
    source = "# source: {repo: my-repo, path: src/File.cs}"
    if repo:
        source = f"source: {{repo: {repo}" + (f", path: {scalar(path)}" if path else "") + "}"
    lines = [
        f"# yaml-language-server: $schema={ref_from(file, schema)}",
        "# A layer: one participant of the stories (a class, middleware, stub, service).",
        f"id: {layer_id}",
        _aside(f"title: {scalar(title)}", "the name on the participant box"),
        _aside(f"kind: {kind}", "class, interface, middleware, service, library, ..."),
        _aside(f"group: {group}", "the process it runs in (system.yaml `groups`)"),
        _aside(source, "" if repo else "where its code lives"),
        "summary: |",
        "  What this layer is, and why it is on the path (Markdown).",
        "",
        _aside("frames:", "the members that run, in source order"),
        "  - id: first",
        _aside("    title: First", "short name shown on arrows"),
        _aside("    # symbol: Class.Method", "`stacktour sync` takes lines and excerpt from it"),
        "    # signature: public Task FirstAsync(Request request)",
        "    # language: csharp",
        _aside("    # lines: [12, 30]", "first and last line of the member in the file"),
        "    explanation: What this frame does in the story (Markdown).",
        _aside("    # calls:", "the calls it makes, in source order"),
        "    #   - to: other-layer.frame",
        _aside("    #     at: 18", "the line of the call"),
        _aside("    #     kind: await", "call, await, fire-and-forget, next, virtual,"),
        _aside("    #", "network, generated, callback"),
    ]
    return "\n".join(lines) + "\n"


def _aside(code: str, comment: str, column: int = 32) -> str:
    """`code` with `# comment` aligned at `column`, as a person lays out a template."""
    if not comment:
        return code
    return f"{code.ljust(column - 1)} # {comment}"


def new_stack_text(
    stack_id: str, schema: Path, file: Path, entry: str, title: str | None = None
) -> str:
    """A commented stack file starting at `entry`; valid as written."""
    check_id(stack_id, "stack")
    title = title or stack_id.replace("-", " ").capitalize()
    lines = [
        f"# yaml-language-server: $schema={ref_from(file, schema)}",
        "# A stack: a story through the layers' frames, shown as one sequence diagram.",
        f"id: {stack_id}",
        f"title: {scalar(title)}",
        "summary: |",
        "  What happens, in a paragraph or two (Markdown).",
        _aside(f"entry: {entry}", "the frame the story starts in (`layer.frame`)"),
        "# Without `steps`, the steps follow the documented calls from `entry`, in line order.",
        "# List them to choose (`caller -> callee`, optionally `@ LINE`):",
        "# steps:",
        f"#   - {entry} -> other-layer.frame",
    ]
    return "\n".join(lines) + "\n"
