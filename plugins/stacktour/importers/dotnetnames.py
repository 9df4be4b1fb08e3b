"""Reading .NET method names back to what the source calls them.

The C# compiler names what it generates after the member it came from:

- `<ProcessAsync>d__5.MoveNext` is the state machine of the async (or iterator) method
  `ProcessAsync`;
- `<>c.<Main>b__0_0` and `<>c__DisplayClass3_0.<Main>b__1` are lambdas written in `Main`;
- `<Main>g__Local|0_0` is the local function `Local` declared in `Main`.

Nested types are written `Outer+Inner`, generic ones with an arity (`List`1`), generic
methods with their type parameters (`Map[T]`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_STATE_MACHINE = re.compile(r"^<(?P<name>.+)>d(?:__\d+)?$")
_CLOSURE_TYPE = re.compile(
    r"^<>c(?:__DisplayClass[\d_]+)?$|^<(?P<name>[^>]*)>c__DisplayClass[\d_]+$"
)
_LAMBDA = re.compile(r"^<(?P<name>[^>]+)>b__[\w]+$")
_LOCAL = re.compile(r"^<(?P<name>[^>]+)>g__(?P<local>[^|]+)\|[\w]+$")
_ARITY = re.compile(r"`\d+")
_METHOD_GENERICS = re.compile(r"\[[^\[\]]*\]$")


@dataclass(frozen=True)
class DotnetMember:
    """A method name read back: namespace, owner type(s) dotted, member, how it was generated."""

    namespace: str
    owner: str
    function: str
    enclosing: str = ""  # the method a lambda or local function is written in
    awaited: bool = False  # an async state machine's MoveNext
    generated: str = ""  # "lambda", "local function", "" for a member as written


def split_member(qualified: str) -> DotnetMember:
    """`Ns.Outer+Inner.<RunAsync>d__4.MoveNext` -> namespace Ns, owner Outer.Inner, RunAsync."""
    parts = _split_dots(_ARITY.sub("", qualified))
    method = _METHOD_GENERICS.sub("", parts[-1]) if parts else qualified
    types = parts[:-1]
    awaited = False
    generated = ""
    enclosing = ""
    # Compiler-generated types sit between the real type and the method.
    while types:
        last = types[-1].split("+")[-1]
        state = _STATE_MACHINE.match(last)
        closure = _CLOSURE_TYPE.match(last)
        if state and method in ("MoveNext", "SetStateMachine"):
            method, awaited = state.group("name"), True
        elif not closure:
            break
        types[-1] = "+".join(types[-1].split("+")[:-1])
        if not types[-1]:
            types.pop()
    lam = _LAMBDA.match(method)
    local = _LOCAL.match(method)
    if local:
        enclosing, method, generated = local.group("name"), local.group("local"), "local function"
    elif lam:
        method, generated = lam.group("name"), "lambda"
    state = _STATE_MACHINE.match(method)
    if state:
        method, awaited = state.group("name"), True
    if not types:
        return DotnetMember("", "", method, enclosing, awaited, generated)
    owner_path = types[-1].split("+")
    return DotnetMember(
        namespace=".".join(types[:-1]),
        owner=".".join(owner_path),
        function=method,
        enclosing=enclosing,
        awaited=awaited,
        generated=generated,
    )


def _split_dots(name: str) -> list[str]:
    """Split on dots outside angle brackets (`<>c.<Main>b__0_0` keeps its parts whole)
    and keep `.ctor` / `.cctor` as one part."""
    parts: list[str] = []
    depth = 0
    current = ""
    i = 0
    while i < len(name):
        ch = name[i]
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth = max(0, depth - 1)
        if ch == "." and depth == 0:
            if name.startswith((".ctor", ".cctor"), i) and (current or parts):
                rest = ".cctor" if name.startswith(".cctor", i) else ".ctor"
                parts.append(current)
                current = rest
                i += len(rest)
                continue
            parts.append(current)
            current = ""
        else:
            current += ch
        i += 1
    parts.append(current)
    return [p for p in parts if p]


def is_runtime_namespace(namespace: str) -> bool:
    """The base class library: `System.*`, `Interop`, `Internal.*`, `Microsoft.Win32`."""
    top = namespace.split(".", 1)[0]
    return top in ("System", "Interop", "Internal") or namespace.startswith("Microsoft.Win32")
