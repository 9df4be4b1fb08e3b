"""A small element tree from the standard library's HTML parser, for checks on built pages.

root = parse(html); [h.text() for h in root.find_all("h3")]; node.get("id")
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name, default)

    @property
    def classes(self) -> set[str]:
        return set(self.get("class").split())

    def elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.elements():
            yield from child.iter()

    def find_all(
        self, tag: str = "", cls: str = "", pred: Callable[[Node], bool] | None = None
    ) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (not tag or n.tag == tag)
            and (not cls or cls in n.classes)
            and (pred is None or pred(n))
        ]

    def find(
        self, tag: str = "", cls: str = "", pred: Callable[[Node], bool] | None = None
    ) -> Node | None:
        found = self.find_all(tag, cls, pred)
        return found[0] if found else None

    def text(self, skip: Callable[[Node], bool] | None = None) -> str:
        """The text content, leaving out subtrees for which `skip` is true."""
        out: list[str] = []

        def walk(node: Node) -> None:
            for child in node.children:
                if isinstance(child, str):
                    out.append(child)
                elif skip is None or not skip(child):
                    walk(child)

        walk(self)
        return "".join(out)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(
            Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        )

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root
