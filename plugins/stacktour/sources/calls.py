"""Call sites inside a member, and call locators (`at: {call: Name, nth: 2}`) that pick one.

A locator names what is called, as the code writes it, with as many leading names as
needed: `ProcessRequestCoreAsync`, `Task.Run`, `_workerClient.SendMessageAsync`. It
matches a call whose callee ends with those names (generic arguments, `this.`, `?.` and
`!` ignored). `new Name` matches an object creation (`new Name(...)`). When a member holds
several matching calls, `nth` (from 1, in the order their names appear in the file) picks
one; without `nth` the locator must match exactly one call.

A call's lines run from the line of the called name to the line of its closing
parenthesis, so `client.Schedule(\\n    name)` spans two lines and a fluent `.Then()` on
its own line is on that line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from .symbols import _split_top, strip_generics


class CallError(ValueError):
    """A locator that matches no call, or several without `nth`."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class CallSite:
    name: str  # the callee as normalised, e.g. "_workerClient.SendMessageAsync" or "new Foo"
    first: int  # 1-based line of the called name
    last: int  # 1-based line of the closing parenthesis
    order: int  # byte offset of the called name: sites sort by it

    @property
    def parts(self) -> tuple[str, ...]:
        body = self.name.removeprefix("new ")
        return tuple(body.split("."))

    @property
    def is_new(self) -> bool:
        return self.name.startswith("new ")


# node type -> (field holding the callee, whether it creates an object)
_CALLS: dict[str, dict[str, tuple[str, bool]]] = {
    "csharp": {
        "invocation_expression": ("function", False),
        "object_creation_expression": ("type", True),
    },
    "python": {"call": ("function", False)},
    "java": {"method_invocation": ("name", False), "object_creation_expression": ("type", True)},
    "go": {"call_expression": ("function", False)},
    "javascript": {"call_expression": ("function", False), "new_expression": ("constructor", True)},
}
_CALLS["typescript"] = _CALLS["tsx"] = _CALLS["javascript"]

_IDENTIFIERS = {
    "identifier",
    "property_identifier",
    "field_identifier",
    "type_identifier",
    "private_property_identifier",
    "scoped_type_identifier",
}
_TYPE_ARGUMENTS = {"type_argument_list", "type_arguments"}


def _normalise(text: str) -> str:
    """A callee as written -> dotted names: no spaces, generics, `?`, `!`, calls or indexes."""
    text = re.sub(r"\b(?:await|new)\s+", "", text)  # `await x?.Y` parses oddly in C#
    text = strip_generics(re.sub(r"\s+", "", text)).replace("?", "").replace("!", "")
    parts = []
    for part in _split_top(text, "."):
        part = re.sub(r"[(\[].*$", "", part)  # `B(x)` in `a.B(x).C` is the name `B`
        if part and part != "this":
            parts.append(part)
    return ".".join(parts)


def _name_token(callee: Node) -> Node:
    """The last name in the callee that is not a type argument: where the call is read."""
    best = callee
    stack = [callee]
    while stack:
        node = stack.pop()
        if node.type in _TYPE_ARGUMENTS:
            continue
        if node.type in _IDENTIFIERS and node.start_byte >= best.start_byte:
            best = node
        stack.extend(node.named_children)
    return best


def call_sites(language: str, member: Node) -> list[CallSite]:
    """Every call and object creation inside `member`, in the order their names appear."""
    kinds = _CALLS.get(language, {})
    found: list[CallSite] = []
    stack = [member]
    while stack:
        node = stack.pop()
        stack.extend(node.named_children)
        spec = kinds.get(node.type)
        if spec is None and node.type == "implicit_object_creation_expression":
            found.append(_target_typed_new(node))  # C#'s `Foo x = new(...)`
            continue
        if spec is None:
            continue
        field, creates = spec
        callee = node.child_by_field_name(field)
        if callee is None or callee.text is None:
            continue
        text = callee.text.decode("utf-8", "replace")
        if language == "java" and not creates:
            target = node.child_by_field_name("object")
            if target is not None and target.text is not None:
                text = target.text.decode("utf-8", "replace") + "." + text
        name = _normalise(text)
        if not name:
            continue
        token = node if creates else _name_token(callee)
        found.append(
            CallSite(
                name=("new " + name) if creates else name,
                first=token.start_point.row + 1,
                last=node.end_point.row + 1,
                order=token.start_byte,
            )
        )
    found.sort(key=lambda site: site.order)
    return found


def _target_typed_new(node: Node) -> CallSite:
    """`new(...)` is named by the declared type it creates, when a declaration gives it."""
    name = "new"
    declarator = node.parent
    declaration = declarator.parent if declarator is not None else None
    if declarator is not None and declarator.type == "variable_declarator" and declaration:
        declared = declaration.child_by_field_name("type")
        if declared is not None and declared.text is not None and declared.type != "implicit_type":
            name = "new " + _normalise(declared.text.decode("utf-8", "replace"))
    return CallSite(name, node.start_point.row + 1, node.end_point.row + 1, node.start_byte)


def parse_locator(call: str) -> tuple[bool, tuple[str, ...]]:
    """`new Foo` / `a.B` -> (creates an object, names); CallError when it is not a name."""
    text = call.strip()
    if re.search(r"[()\[\]{};=\s]", text.removeprefix("new ")):
        raise CallError(
            f"call locator '{call}' is not a callee name",
            hint="write the called name as in the code, e.g. {call: SendAsync} or {call: new Foo}",
        )
    creates = text.startswith("new ")
    names = _normalise(text.removeprefix("new ").strip())
    if not names or not all(re.match(r"^[#$@]?[^\W\d]\w*$", p) for p in names.split(".")):
        raise CallError(
            f"call locator '{call}' is not a callee name",
            hint="write the called name as in the code, e.g. {call: SendAsync} or {call: new Foo}",
        )
    return creates, tuple(names.split("."))


def locate(sites: list[CallSite], call: str, nth: int | None) -> CallSite:
    """The call `call` (the `nth` one, from 1) among `sites`; CallError otherwise."""
    creates, names = parse_locator(call)
    n = len(names)
    found = [s for s in sites if s.is_new == creates and s.parts[-n:] == names]
    if not found:
        similar = sorted({s.name for s in sites if s.parts[-1].lower() == names[-1].lower()})
        others = sorted({s.name.rsplit(".", 1)[-1] for s in sites})
        hint = (
            f"calls with that name: {', '.join(similar)}"
            if similar
            else ("calls in it: " + ", ".join(others[:12]) if others else "it makes no calls")
        )
        raise CallError(f"no call to '{call}' in the member", hint)
    if nth is not None:
        if nth > len(found):
            raise CallError(
                f"nth: {nth}, but the member calls '{call}' {len(found)} time(s)",
                hint=f"lines {', '.join(str(s.first) for s in found)}",
            )
        return found[nth - 1]
    if len(found) > 1:
        lines = ", ".join(str(s.first) for s in found)
        raise CallError(
            f"the member calls '{call}' {len(found)} times (lines {lines})",
            hint="add nth: N (from 1) to pick one",
        )
    return found[0]
