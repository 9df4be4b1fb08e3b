"""Members of a source file by qualified name, found with tree-sitter.

The symbol notation (the `symbol:` of a frame):

- Names are joined with dots from the outermost type down: `GrpcWorker.ProcessRequestCoreAsync`,
  `Outer.Inner.Run`, `Session.send`. Namespaces, packages and modules are not part of it.
- A symbol may leave out outer names: `ProcessRequestCoreAsync` matches when only one
  member has that name. A name that is complete wins over a shorter match
  (`GrpcWorker` is the class, not its constructor `GrpcWorker.GrpcWorker`). A partial
  type declared twice in one file is its first declaration.
- Explicit interface implementations keep the interface's name:
  `GrpcWorker.IMessageProcessor.ProcessMessageAsync`.
- Generic type arguments are left out (`UseMiddleware`, not `UseMiddleware<T>`; they may be
  written and are ignored).
- Constructors are named like their type (`Session.Session`, Python's `Session.__init__`);
  C# destructors `~Session`; property accessors `Name.get` / `Name.set`; indexers `this`.
- Members inside members: local functions (`Run.Helper`, Python's nested `def`), and
  lambdas or function expressions assigned to a name (`Run.handler`, `const handler = () => ...`,
  `handler = lambda ...:`, `f := func() {...}`).
- Go methods are named by their receiver type: `func (s *Session) Send()` is `Session.Send`.
- Overloads are told apart by parameters, `Run(string, int)`, or by arity, `Run/2`. Each
  listed parameter is compared with the declared type (spaces, nullable marks and
  namespace qualifiers ignored: `CancellationToken` matches
  `System.Threading.CancellationToken?`) or, for a
  parameter without a type, its name (`send(self, request)`). Arity counts the parameters
  as declared: Python's `self`, a C# extension method's `this` parameter and variadic
  parameters each count as one.

The lines of a member (the same rule in every language): from the first line of its
declaration, its attributes, annotations, decorators, modifiers and `export` included, to
the line of its last character. Comments above it, doc comments included, are not part
of it; a lambda assigned to a name covers its whole declaration statement.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tree_sitter import Node


class SymbolError(ValueError):
    """A symbol that is malformed, matches nothing, or matches several members."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Param:
    type: str  # as declared, spaces collapsed; "" when the parameter has no type
    name: str


@dataclass(frozen=True)
class Definition:
    """One named member or type of a file, with its lines (1-based, inclusive)."""

    parts: tuple[str, ...]  # the qualified name, outermost first
    kind: str  # "type", "function", "property", "accessor", "lambda"
    first: int
    last: int
    node: Node  # the member itself: its calls are searched inside it
    params: tuple[Param, ...] | None = None  # None: not callable (a type or property)
    own: int = 1  # how many of `parts` the member's own name has (2 for `IFoo.Bar`)

    @property
    def name(self) -> str:
        return ".".join(self.parts)

    def notation(self, *, with_params: bool = False) -> str:
        """The symbol as an author writes it; with the parameter types when asked."""
        if not with_params or self.params is None:
            return self.name
        return f"{self.name}({', '.join(p.type or p.name for p in self.params)})"


@dataclass(frozen=True)
class SymbolSpec:
    """A parsed `symbol:` value."""

    text: str
    parts: tuple[str, ...]
    params: tuple[str, ...] | None = None
    arity: int | None = None


_NAME = re.compile(r"^[~#$@]?[^\W\d]\w*$|^this$")


def _split_top(text: str, sep: str) -> list[str]:
    """Split at `sep` where no bracket (<, (, [, {) is open."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "<([{":
            depth += 1
        elif ch in ">)]}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def strip_generics(text: str) -> str:
    """`IFoo<Bar<int>>` -> `IFoo`: every balanced <...> group removed."""
    out, depth = [], 0
    for ch in text:
        if ch == "<":
            depth += 1
        elif ch == ">" and depth:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def parse_symbol(text: str) -> SymbolSpec:
    """`A.B.C`, `A.B.C(string, int)` or `A.B.C/2` as a SymbolSpec; SymbolError if malformed."""
    body = text.strip()
    params: tuple[str, ...] | None = None
    arity: int | None = None
    if body.endswith(")"):
        depth = 0
        for i in range(len(body) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(body[i], 0)
            if depth == 0:
                break
        if depth != 0:
            raise SymbolError(f"symbol '{text}' has an unbalanced '('")
        inner = body[i + 1 : -1].strip()
        params = tuple(p.strip() for p in _split_top(inner, ",")) if inner else ()
        if any(not p for p in params):
            raise SymbolError(f"symbol '{text}' has an empty parameter", hint="write Name(T1, T2)")
        body = body[:i].strip()
    elif re.search(r"/\d+$", body):
        body, _, count = body.rpartition("/")
        arity = int(count)
    parts = tuple(strip_generics(p).strip() for p in _split_top(body, "."))
    for part in parts:
        if not _NAME.match(part):
            raise SymbolError(
                f"symbol '{text}' is not a dotted name",
                hint="write Type.Member, Type.Member(T1, T2) or Type.Member/2",
            )
    return SymbolSpec(text=text, parts=parts, params=params, arity=arity)


def _norm_type(text: str) -> str:
    """Spaces and nullable marks (`string?`, which no overload turns on) dropped."""
    return re.sub(r"\s+|\?", "", text)


def _param_matches(wanted: str, param: Param) -> bool:
    want = _norm_type(wanted)
    have = _norm_type(param.type)
    if have and (have == want or have.endswith("." + want) or want.endswith("." + have)):
        return True
    return want == param.name


def matches(spec: SymbolSpec, definition: Definition) -> bool:
    """Whether `definition` is (a suffix match of) `spec`, parameters included."""
    n = len(spec.parts)
    if definition.parts[-n:] != spec.parts:
        return False
    if spec.arity is not None:
        return definition.params is not None and len(definition.params) == spec.arity
    if spec.params is not None:
        have = definition.params
        if have is None or len(have) != len(spec.params):
            return False
        return all(_param_matches(w, p) for w, p in zip(spec.params, have, strict=True))
    return True


def find(definitions: list[Definition], spec: SymbolSpec) -> Definition:
    """The one definition `spec` names; SymbolError (with candidates) otherwise."""
    found = [d for d in definitions if matches(spec, d)]
    if spec.params is not None and len(found) > 1:
        # Written as the notation writes them (a parameter's type, or its name when it has
        # none), the parameters tell an untyped implementation from its typed @overloads.
        exact = [d for d in found if _written_as(spec.params, d)]
        if len(exact) == 1:
            return exact[0]
    complete = [d for d in found if len(d.parts) == len(spec.parts)]
    for group in (complete, found):
        if len(group) == 1:
            return group[0]
        if group and all(d.kind == "type" and d.parts == group[0].parts for d in group):
            return group[0]  # a partial type: its first part in the file
    if not found:
        named = [d for d in definitions if matches(SymbolSpec(spec.text, spec.parts), d)]
        if named and (spec.params is not None or spec.arity is not None):
            shown = ", ".join(d.notation(with_params=True) for d in named[:6])
            return _raise(
                f"no member '{spec.text}' in the file",
                f"no overload has those parameters; there are {shown}",
            )
        names = sorted({d.name for d in definitions})
        close = difflib.get_close_matches(".".join(spec.parts), names, n=3, cutoff=0.6)
        last = spec.parts[-1]
        close += [n for n in names if n.rsplit(".", 1)[-1] == last and n not in close][:3]
        hint = "did you mean " + " or ".join(f"'{c}'" for c in close[:3]) + "?" if close else ""
        return _raise(f"no member '{spec.text}' in the file", hint)
    shown = ", ".join(d.notation(with_params=True) for d in found[:6])
    return _raise(
        f"'{spec.text}' matches {len(found)} members: {shown}",
        "add the outer type, the parameter types (Name(T1, T2)) or the arity (Name/2)",
    )


def _written_as(wanted: tuple[str, ...], definition: Definition) -> bool:
    have = definition.params or ()
    return len(have) == len(wanted) and all(
        _norm_type(w) == _norm_type(p.type) if p.type else w == p.name
        for w, p in zip(wanted, have, strict=True)
    )


def _raise(message: str, hint: str) -> Definition:
    raise SymbolError(message, hint)


def unique_symbol(definitions: list[Definition], target: Definition) -> str:
    """The shortest symbol that names `target`, with at least its enclosing name
    (`Type.Member`, `Type.IFoo.Member`, `Outer.local`) when it has one."""
    least = min(target.own + 1, len(target.parts))
    for size in range(least, len(target.parts) + 1):
        spec = SymbolSpec(".".join(target.parts[-size:]), target.parts[-size:])
        if _only(definitions, spec) is target:
            return spec.text
    if target.params is not None:
        text = target.notation(with_params=True)
        spec = parse_symbol(text)
        if _only(definitions, spec) is target:
            return text
        text = f"{target.name}/{len(target.params)}"
        if _only(definitions, parse_symbol(text)) is target:
            return text
    return target.name


def _only(definitions: list[Definition], spec: SymbolSpec) -> Definition | None:
    try:
        return find(definitions, spec)
    except SymbolError:
        return None


# -- definitions, per language ------------------------------------------------------------

# What a language's `define` hook says about a node: its kind, its name parts, the node of
# its parameters (or None), and the node whose lines it covers.
Found = tuple[str, tuple[str, ...], Node | None, Node]


def _text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def _field(node: Node, name: str) -> Node | None:
    return node.child_by_field_name(name)


def _single_declaration(declarator: Node, kinds: tuple[str, ...]) -> Node:
    """The statement around a declarator when it declares only that one name."""
    node = declarator
    while node.parent is not None and node.parent.type in kinds:
        parent = node.parent
        same = [c for c in parent.named_children if c.type == declarator.type]
        if len(same) > 1:
            break
        node = parent
    return node


def _with_leading(node: Node, wrappers: tuple[str, ...]) -> Node:
    """The node, or the wrapper (decorated definition, export) that holds only it."""
    while node.parent is not None and node.parent.type in wrappers:
        node = node.parent
    return node


def _params_csharp(node: Node | None) -> tuple[Param, ...]:
    if node is None:
        return ()
    params: list[Param] = []
    pending = ""
    for i, child in enumerate(node.children):
        field = node.field_name_for_child(i)
        if child.type == "parameter":
            params.append(
                Param(_norm_space(_text(_field(child, "type"))), _text(_field(child, "name")))
            )
        elif field == "type":  # the grammar lifts `params T[] x` out of its `parameter`
            pending = _norm_space(_text(child))
        elif field == "name":
            params.append(Param(pending, _text(child)))
            pending = ""
    return tuple(params)


def _norm_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_CS_TYPES = {
    "class_declaration",
    "struct_declaration",
    "interface_declaration",
    "record_declaration",
    "record_struct_declaration",
    "enum_declaration",
}


def _define_csharp(node: Node) -> Found | None:
    kind = node.type
    if kind in _CS_TYPES:
        return "type", (_text(_field(node, "name")),), None, node
    if kind in ("method_declaration", "constructor_declaration", "local_function_statement"):
        name = _text(_field(node, "name"))
        outer: tuple[str, ...] = ()
        for child in node.named_children:
            if child.type == "explicit_interface_specifier":
                outer = tuple(
                    p for p in strip_generics(_text(child)).replace(" ", "").split(".") if p
                )
        return "function", (*outer, name), _field(node, "parameters"), node
    if kind == "destructor_declaration":
        return "function", ("~" + _text(_field(node, "name")),), _field(node, "parameters"), node
    if kind in ("property_declaration", "event_declaration"):
        return "property", (_text(_field(node, "name")),), None, node
    if kind == "indexer_declaration":
        return "property", ("this",), None, node
    if kind == "accessor_declaration":
        keyword = next(
            (c.type for c in node.children if c.type in ("get", "set", "init", "add", "remove")), ""
        )
        return ("accessor", (keyword,), None, node) if keyword else None
    if kind == "variable_declarator":
        value = node.named_children[-1] if node.named_children else None
        if value is not None and value.type in ("lambda_expression", "anonymous_method_expression"):
            span = _single_declaration(
                node, ("variable_declaration", "local_declaration_statement", "field_declaration")
            )
            return "lambda", (_text(_field(node, "name")),), _field(value, "parameters"), span
    return None


def _params_python(node: Node | None) -> tuple[Param, ...]:
    if node is None:
        return ()
    params: list[Param] = []
    for child in node.named_children:
        kind = child.type
        if kind == "identifier":
            params.append(Param("", _text(child)))
        elif kind in ("typed_parameter",):
            name = next((c for c in child.named_children if c.type == "identifier"), None)
            params.append(Param(_norm_space(_text(_field(child, "type"))), _text(name)))
        elif kind in ("default_parameter", "typed_default_parameter"):
            params.append(
                Param(_norm_space(_text(_field(child, "type"))), _text(_field(child, "name")))
            )
        elif kind in ("list_splat_pattern", "dictionary_splat_pattern"):
            params.append(Param("", _text(child)))
    return tuple(params)


def _define_python(node: Node) -> Found | None:
    if node.type == "class_definition":
        return (
            "type",
            (_text(_field(node, "name")),),
            None,
            _with_leading(node, ("decorated_definition",)),
        )
    if node.type == "function_definition":
        span = _with_leading(node, ("decorated_definition",))
        return "function", (_text(_field(node, "name")),), _field(node, "parameters"), span
    if node.type == "assignment":
        left, right = _field(node, "left"), _field(node, "right")
        if (
            left is not None
            and right is not None
            and left.type == "identifier"
            and right.type == "lambda"
        ):
            span = (
                node.parent
                if node.parent is not None and node.parent.type == "expression_statement"
                else node
            )
            return "lambda", (_text(left),), _field(right, "parameters"), span
    return None


def _params_java(node: Node | None) -> tuple[Param, ...]:
    if node is None:
        return ()
    params: list[Param] = []
    for child in node.named_children:
        if child.type == "formal_parameter":
            params.append(
                Param(_norm_space(_text(_field(child, "type"))), _text(_field(child, "name")))
            )
        elif child.type == "spread_parameter":
            kinds = [
                c
                for c in child.named_children
                if c.type not in ("modifiers", "variable_declarator")
            ]
            declarator = next(
                (c for c in child.named_children if c.type == "variable_declarator"), None
            )
            name = _text(_field(declarator, "name")) if declarator is not None else ""
            params.append(Param(_norm_space(_text(kinds[0]) if kinds else "") + "...", name))
        elif child.type == "identifier":  # a lambda's inferred parameter
            params.append(Param("", _text(child)))
    return tuple(params)


_JAVA_TYPES = {
    "class_declaration",
    "interface_declaration",
    "enum_declaration",
    "record_declaration",
    "annotation_type_declaration",
}


def _define_java(node: Node) -> Found | None:
    if node.type in _JAVA_TYPES:
        return "type", (_text(_field(node, "name")),), None, node
    if node.type in (
        "method_declaration",
        "constructor_declaration",
        "compact_constructor_declaration",
    ):
        return "function", (_text(_field(node, "name")),), _field(node, "parameters"), node
    if node.type == "variable_declarator":
        value = _field(node, "value")
        if value is not None and value.type == "lambda_expression":
            span = _single_declaration(node, ("local_variable_declaration", "field_declaration"))
            return "lambda", (_text(_field(node, "name")),), _field(value, "parameters"), span
    return None


def _params_go(node: Node | None) -> tuple[Param, ...]:
    if node is None:
        return ()
    params: list[Param] = []
    for child in node.named_children:
        if child.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        type_text = _norm_space(_text(_field(child, "type")))
        if child.type == "variadic_parameter_declaration":
            type_text = "..." + type_text
        names = [
            _text(c)
            for i, c in enumerate(child.children)
            if child.field_name_for_child(i) == "name"
        ]
        params += [Param(type_text, name) for name in names] or [Param(type_text, "")]
    return tuple(params)


def _receiver_type(receiver: Node | None) -> str:
    """`(s *Session[T])` -> `Session`."""
    for node in _descendants(receiver):
        if node.type == "type_identifier":
            return _text(node)
    return ""


def _define_go(node: Node) -> Found | None:
    if node.type == "function_declaration":
        return "function", (_text(_field(node, "name")),), _field(node, "parameters"), node
    if node.type == "method_declaration":
        receiver = _receiver_type(_field(node, "receiver"))
        parts = (
            (receiver, _text(_field(node, "name"))) if receiver else (_text(_field(node, "name")),)
        )
        return "function", parts, _field(node, "parameters"), node
    if node.type == "type_spec":
        span = _single_declaration(node, ("type_declaration",))
        return "type", (_text(_field(node, "name")),), None, span
    if node.type == "short_var_declaration":
        left, right = _field(node, "left"), _field(node, "right")
        if left is not None and right is not None and len(left.named_children) == 1:
            value = right.named_children[0] if len(right.named_children) == 1 else None
            if value is not None and value.type == "func_literal":
                return "lambda", (_text(left.named_children[0]),), _field(value, "parameters"), node
    if node.type == "var_spec":
        value_list = _field(node, "value")
        values = value_list.named_children if value_list is not None else []
        if len(values) == 1 and values[0].type == "func_literal":
            span = _single_declaration(node, ("var_declaration",))
            return "lambda", (_text(_field(node, "name")),), _field(values[0], "parameters"), span
    return None


def _params_js(node: Node | None) -> tuple[Param, ...]:
    if node is None:
        return ()
    if node.type in ("identifier",):  # `x => ...`
        return (Param("", _text(node)),)
    params: list[Param] = []
    for child in node.named_children:
        if child.type in ("required_parameter", "optional_parameter"):
            pattern = _field(child, "pattern")
            if pattern is not None and pattern.type == "this":
                continue
            annotation = _text(_field(child, "type")).lstrip(":").strip()
            params.append(Param(_norm_space(annotation), _text(pattern)))
        elif child.type == "assignment_pattern":
            params.append(Param("", _text(_field(child, "left"))))
        elif child.type in ("identifier", "rest_pattern", "object_pattern", "array_pattern"):
            params.append(Param("", _text(child)))
    return tuple(params)


_JS_FUNCTIONS = ("arrow_function", "function_expression", "function", "generator_function")
_JS_WRAPPERS = ("export_statement",)


def _js_span(node: Node) -> Node:
    return _with_leading(node, _JS_WRAPPERS)


def _js_member_span(node: Node) -> tuple[Node, Node]:
    """A class member's first node: TypeScript puts its decorators before it, as siblings."""
    first = node
    sibling = node.prev_named_sibling
    while sibling is not None and sibling.type == "decorator":
        first = sibling
        sibling = sibling.prev_named_sibling
    return first, node


def _define_js(node: Node) -> Found | None:
    kind = node.type
    if kind in (
        "class_declaration",
        "abstract_class_declaration",
        "interface_declaration",
        "class",
    ):
        name = _field(node, "name")
        return ("type", (_text(name),), None, _js_span(node)) if name is not None else None
    if kind in ("function_declaration", "generator_function_declaration"):
        return (
            "function",
            (_text(_field(node, "name")),),
            _field(node, "parameters"),
            _js_span(node),
        )
    if kind == "method_definition":
        name = _field(node, "name")
        if name is None or name.type == "computed_property_name":
            return None
        return "function", (_text(name),), _field(node, "parameters"), node
    if kind in ("public_field_definition", "field_definition"):
        name = _field(node, "name") or _field(node, "property")
        value = _field(node, "value")
        if name is not None and value is not None and value.type in _JS_FUNCTIONS:
            params = _field(value, "parameters") or _field(value, "parameter")
            return "lambda", (_text(name),), params, node
    if kind in ("variable_declarator", "pair"):
        name = _field(node, "name") or _field(node, "key")
        value = _field(node, "value")
        if name is None or value is None or name.type not in ("identifier", "property_identifier"):
            return None
        span = _single_declaration(node, ("lexical_declaration", "variable_declaration"))
        span = _js_span(span)
        if value.type in _JS_FUNCTIONS:
            params = _field(value, "parameters") or _field(value, "parameter")
            return "lambda", (_text(name),), params, span
        if value.type in ("object", "class"):
            return "type", (_text(name),), None, span
    return None


@dataclass(frozen=True)
class _Rules:
    define: Callable[[Node], Found | None]
    params: Callable[[Node | None], tuple[Param, ...]]


_RULES: dict[str, _Rules] = {
    "csharp": _Rules(_define_csharp, _params_csharp),
    "python": _Rules(_define_python, _params_python),
    "java": _Rules(_define_java, _params_java),
    "go": _Rules(_define_go, _params_go),
    "javascript": _Rules(_define_js, _params_js),
    "typescript": _Rules(_define_js, _params_js),
    "tsx": _Rules(_define_js, _params_js),
}


def _descendants(node: Node | None) -> Iterator[Node]:
    if node is None:
        return
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.named_children))


def _lines(first: Node, last: Node) -> tuple[int, int]:
    start = first.start_point.row + 1
    end = last.end_point.row + 1
    if last.end_point.column == 0 and end > start:
        end -= 1  # a node that ends with its line break ends on the line before
    return start, end


def definitions(language: str, root: Node) -> list[Definition]:
    """Every named member and type of a parsed file, in source order."""
    rules = _RULES[language]
    found: list[Definition] = []
    # An explicit stack instead of recursion: nesting depth is the file's, not ours.
    stack: list[tuple[Node, tuple[str, ...]]] = [(root, ())]
    while stack:
        node, scope = stack.pop()
        children: list[tuple[Node, tuple[str, ...]]] = []
        for child in node.named_children:
            result = rules.define(child)
            inner = scope
            if result is not None and all(result[1]):
                kind, parts, params_node, span = result
                first, last = span, span
                if child.type in (
                    "method_definition",
                    "public_field_definition",
                    "field_definition",
                ):
                    first, _ = _js_member_span(child)
                start, end = _lines(first, last)
                params = rules.params(params_node) if kind in ("function", "lambda") else None
                inner = (*scope, *parts)
                found.append(Definition(inner, kind, start, end, child, params, len(parts)))
            children.append((child, inner))
        stack.extend(reversed(children))
    found.sort(key=lambda d: (d.node.start_byte, len(d.parts)))
    return found
