"""New layer, stack and system files as YAML text, laid out as a person would write them.

Every string is written so that both YAML 1.1 (PyYAML, which the loader uses) and
YAML 1.2 (editors, ruamel.yaml) read back exactly that string: plain when it is
unambiguous, double-quoted otherwise (`no`, `3.10`, `on`, `a: b`, a leading `*`).
"""

from __future__ import annotations

import json
import re

import yaml

from .plan import CallDraft, FrameDraft, LayerDraft, RepoFact, StackDraft

_PLAIN = re.compile(r"^[A-Za-z_$<(][^\n\r\t#'\"`{}\[\],]*$")
_RESOLVER = yaml.resolver.Resolver()
# Characters a YAML reader does not take as they are: YAML 1.1's line breaks (U+0085,
# U+2028, U+2029, which PyYAML honours even inside quotes), and what YAML cannot print
# (C1 controls, DEL, a BOM, lone surrogates). JSON leaves them raw; they are escaped.
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def scalar(text: str) -> str:
    """`text` as a YAML scalar that every reader reads back as this exact string."""
    if (
        not _UNPRINTABLE.search(text)
        and _PLAIN.match(text)
        and text == text.strip()
        and not text.startswith(("[", "<<", "$"))
        and ": " not in text
        and not text.endswith(":")
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
        and text.lower() not in ("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~")
    ):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def needs_quotes(text: str) -> bool:
    return scalar(text) != text


def _call_lines(call: CallDraft, indent: str) -> list[str]:
    out = [f"{indent}- to: {call.to}"]
    if call.at is not None:
        out.append(f"{indent}  at: {call.at}")
    out.append(f"{indent}  kind: {call.kind}")
    return out


def frame_lines(frame: FrameDraft, indent: str = "  ") -> list[str]:
    """One frame as a sequence item, with a comment saying where the trace showed it."""
    out = []
    if frame.origin:
        out.append(f"{indent}# {frame.origin}".rstrip())
    out.append(f"{indent}- id: {frame.name}")
    inner = indent + "  "
    out.append(f"{inner}title: {scalar(frame.title)}")
    if frame.symbol:
        out.append(f"{inner}symbol: {scalar(frame.symbol)}")
    if frame.language and frame.language != "text":
        out.append(f"{inner}language: {frame.language}")
    if frame.path:
        out.append(f"{inner}path: {scalar(frame.path)}")
    if frame.calls:
        out.append(f"{inner}calls:")
        for call in frame.calls:
            out += _call_lines(call, inner + "  ")
    return out


def layer_text(layer: LayerDraft, schema_ref: str, intro: str) -> str:
    """A whole new layer file."""
    out = [f"# yaml-language-server: $schema={schema_ref}"]
    out += [f"# {line}".rstrip() for line in intro.splitlines()]
    out += [
        f"id: {layer.id}",
        f"title: {scalar(layer.title)}",
        f"kind: {layer.kind}",
        f"group: {layer.group}",
    ]
    if layer.repo:
        source = f"repo: {layer.repo}"
        if layer.path:
            source += f", path: {scalar(layer.path)}"
        out.append(f"source: {{{source}}}")
    out.append("# summary: what this layer is, and why it is on the path (Markdown)")
    out.append("")
    out.append("frames:")
    for i, frame in enumerate(layer.frames):
        if i:
            out.append("")
        out += frame_lines(frame)
    return "\n".join(out) + "\n"


def stack_text(stack: StackDraft, schema_ref: str, intro: str) -> str:
    """A whole new stack file, its steps listed."""
    out = [f"# yaml-language-server: $schema={schema_ref}"]
    out += [f"# {line}".rstrip() for line in intro.splitlines()]
    out += [
        f"id: {stack.id}",
        f"title: {scalar(stack.title)}",
        "summary: |",
    ]
    out += [f"  {line}".rstrip() for line in _wrap(stack.summary)]
    out.append(f"entry: {stack.entry}")
    if stack.steps:  # a one-frame stack has none: the page shows its entry alone
        out.append("steps:")
        out += [f"  - {scalar(step)}" for step in stack.steps]
    return "\n".join(out) + "\n"


def repo_lines(repo: RepoFact, indent: str = "  ") -> list[str]:
    out = [f"{indent}{repo.id}:"]
    inner = indent + "  "
    if repo.title:
        out.append(f"{inner}title: {scalar(repo.title)}")
    out.append(f"{inner}url: {scalar(repo.url)}")
    if repo.commit:
        out.append(f'{inner}commit: "{repo.commit}"')
    else:
        out.append(f"{inner}tag: {json.dumps(repo.tag)}")
    return out


def system_text(
    schema_ref: str, repos: list[RepoFact], group: tuple[str, str] | None, intro: str
) -> str:
    """A new `system.yaml` holding the given repositories and group."""
    out = [f"# yaml-language-server: $schema={schema_ref}"]
    out += [f"# {line}".rstrip() for line in intro.splitlines()]
    if repos:
        out.append("repos:")
        for repo in repos:
            out += repo_lines(repo)
    else:
        out.append("repos: {}")
    out.append("")
    out.append("groups:")
    if group:
        out += group_lines(group)
    return "\n".join(out) + "\n"


def group_lines(group: tuple[str, str], indent: str = "  ") -> list[str]:
    return [
        f"{indent}{group[0]}:",
        f"{indent}  title: {scalar(group[1])}",
        f"{indent}  kind: process",
    ]


def _wrap(text: str, width: int = 88) -> list[str]:
    import textwrap

    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += textwrap.wrap(
            paragraph, width, break_on_hyphens=False, break_long_words=False
        ) or [""]
    return lines
