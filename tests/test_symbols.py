"""Symbols per language: which member a `symbol:` names, and which lines it covers."""

from __future__ import annotations

import textwrap

import pytest
from stacktour.sources.languages import language_of, parse
from stacktour.sources.symbols import (
    Definition,
    SymbolError,
    definitions,
    find,
    parse_symbol,
    unique_symbol,
)


def _defs(language: str, source: str) -> list[Definition]:
    tree = parse(language, textwrap.dedent(source).encode())
    return definitions(language, tree.root_node)


def _lines(language: str, source: str, symbol: str) -> tuple[int, int]:
    found = find(_defs(language, source), parse_symbol(symbol))
    return found.first, found.last


CSHARP = """\
namespace Demo.App
{
    /// <summary>The worker.</summary>
    [Serializable]
    public partial class Worker : IProcessor, IDisposable
    {
        public Worker(ILogger logger) { }

        // A comment above: not part of the member.
        [Function("Start")]
        public Task StartAsync(string name) => Run(name);

        public Task StartAsync(string name, CancellationToken token)
        {
            return Run(name);
        }

        Task IProcessor.ProcessAsync(Message message)
        {
            int Double(int x) => x * 2;
            Func<int, int> square = x => x * x;
            return Task.CompletedTask;
        }

        void IDisposable.Dispose() { }

        public int Count
        {
            get { return 1; }
            set { }
        }

        public class Inner
        {
            public void Run<T>(params string[] names) { }
        }

        ~Worker() { }
    }

    public partial class Worker
    {
        private void Later() { }
    }
}
"""


@pytest.mark.parametrize(
    ("symbol", "lines"),
    [
        ("Worker", (4, 39)),  # the class (first declaration), not its constructor
        ("Worker.Worker", (7, 7)),  # the constructor
        ("Worker.StartAsync(string)", (10, 11)),  # the attribute line is part of it
        ("Worker.StartAsync(string, CancellationToken)", (13, 16)),
        ("Worker.StartAsync(string, System.Threading.CancellationToken)", (13, 16)),
        ("StartAsync/2", (13, 16)),
        ("StartAsync(name, token)", (13, 16)),  # parameter names work too
        ("Worker.IProcessor.ProcessAsync", (18, 23)),
        ("IProcessor.ProcessAsync", (18, 23)),
        ("ProcessAsync.Double", (20, 20)),  # a local function
        ("Worker.IProcessor.ProcessAsync.square", (21, 21)),  # a lambda assigned to a name
        ("IDisposable.Dispose", (25, 25)),
        ("Worker.Count", (27, 31)),
        ("Count.get", (29, 29)),
        ("Worker.Inner.Run", (35, 35)),
        ("Inner.Run<T>", (35, 35)),  # generic arguments are ignored
        ("Run(string[])", (35, 35)),
        ("~Worker", (38, 38)),
        ("Worker.Later", (43, 43)),  # the other part of a partial class
    ],
)
def test_csharp_members(symbol: str, lines: tuple[int, int]) -> None:
    assert _lines("csharp", CSHARP, symbol) == lines


@pytest.mark.parametrize(
    ("symbol", "message", "hint"),
    [
        ("StartAsync", "matches 2 members", "the parameter types"),
        ("Worker.StartAsync/3", "no member", "no overload has those parameters"),
        ("Worker.Start", "no member 'Worker.Start'", "did you mean"),
        ("Worker.ProcessAsync", "no member", "'Worker.IProcessor.ProcessAsync'"),
    ],
)
def test_csharp_mistakes_name_the_way_out(symbol: str, message: str, hint: str) -> None:
    with pytest.raises(SymbolError, match=message) as caught:
        find(_defs("csharp", CSHARP), parse_symbol(symbol))
    assert hint in caught.value.hint


def test_ambiguous_symbol_lists_the_overloads() -> None:
    with pytest.raises(SymbolError) as caught:
        find(_defs("csharp", CSHARP), parse_symbol("Worker.StartAsync"))
    assert str(caught.value) == (
        "'Worker.StartAsync' matches 2 members: Worker.StartAsync(string), "
        "Worker.StartAsync(string, CancellationToken)"
    )


@pytest.mark.parametrize(
    "text", ["", "Worker..Run", "Worker.Run(", "Worker.Run(a,,b)", "1Worker", "Worker Run"]
)
def test_malformed_symbols_are_refused(text: str) -> None:
    with pytest.raises(SymbolError):
        parse_symbol(text)


PYTHON = """\
import functools


class Session:
    '''A session.'''

    # not part of send
    @functools.cache
    @staticmethod
    def send(self, request, *args, timeout: float = 1.0, **kwargs):
        def prepare(r):
            return r

        return prepare(request)

    handler = lambda self, event: event

    class Adapter:
        def send(self, request: Request):
            return request


async def main():
    pass
"""


@pytest.mark.parametrize(
    ("symbol", "lines"),
    [
        ("Session", (4, 20)),
        ("Session.send", (8, 14)),  # decorators included, the comment above not
        ("Session.send/5", (8, 14)),  # self, request, *args, timeout, **kwargs
        ("Session.send.prepare", (11, 12)),  # a nested function
        ("Session.handler", (16, 16)),  # a lambda assigned to a name
        ("Adapter.send", (19, 20)),
        ("Adapter.send(self, Request)", (19, 20)),
        ("main", (23, 24)),
    ],
)
def test_python_members(symbol: str, lines: tuple[int, int]) -> None:
    assert _lines("python", PYTHON, symbol) == lines


OVERLOADED = """\
class Plugins:
    @overload
    def run_event(self, name: str, **kwargs) -> Any:
        ...

    @overload
    def run_event(self, name: str, item: T, **kwargs) -> T:
        ...

    def run_event(self, name: str, item=None, **kwargs):
        return item
"""


def test_python_untyped_implementation_is_told_from_its_typed_overloads() -> None:
    # As in MkDocs 1.6.1's PluginCollection.run_event: `item` names the untyped parameter
    # of the implementation, not the overload's `item: T`; the type names the overload.
    defs = _defs("python", OVERLOADED)
    assert _lines_of(defs, "Plugins.run_event(self, str, item, **kwargs)") == (10, 11)
    assert _lines_of(defs, "Plugins.run_event(self, str, T, **kwargs)") == (6, 8)
    with pytest.raises(SymbolError, match="matches 2 members"):
        find(defs, parse_symbol("Plugins.run_event/4"))


def _lines_of(defs: list[Definition], symbol: str) -> tuple[int, int]:
    found = find(defs, parse_symbol(symbol))
    return found.first, found.last


def test_python_same_name_in_two_classes_is_ambiguous() -> None:
    with pytest.raises(SymbolError, match="matches 2 members"):
        find(_defs("python", PYTHON), parse_symbol("send"))


JAVA = """\
package demo;

/** Javadoc: not part of the class. */
@Service
public class Client {
    public Client(String name) {}

    @Override
    public void send(String body) {}

    public void send(String body, int retries) {}

    private final Runnable onClose = () -> close();

    static class Builder {
        Client build(String... parts) { return null; }
    }
}
"""


@pytest.mark.parametrize(
    ("symbol", "lines"),
    [
        ("Client", (4, 18)),
        ("Client.Client", (6, 6)),
        ("Client.send(String)", (8, 9)),
        ("send/2", (11, 11)),
        ("Client.onClose", (13, 13)),
        ("Builder.build", (16, 16)),
        ("build(String...)", (16, 16)),
    ],
)
def test_java_members(symbol: str, lines: tuple[int, int]) -> None:
    assert _lines("java", JAVA, symbol) == lines


GO = """\
package demo

// Session holds a connection.
type Session struct {
	conn net.Conn
}

// Send writes a request.
func (s *Session) Send(req Request, opts ...Option) error {
	encode := func(r Request) []byte { return nil }
	_ = encode
	return nil
}

func (s Session) Close() error { return nil }

func New(a, b string) *Session { return nil }

var handler = func(w Writer) {}
"""


@pytest.mark.parametrize(
    ("symbol", "lines"),
    [
        ("Session", (4, 6)),
        ("Session.Send", (9, 13)),  # the doc comment above is not included
        ("Session.Send(Request, ...Option)", (9, 13)),
        ("Send.encode", (10, 10)),
        ("Session.Close", (15, 15)),
        ("New/2", (17, 17)),  # `a, b string` are two parameters
        ("New(string, string)", (17, 17)),
        ("handler", (19, 19)),
    ],
)
def test_go_members(symbol: str, lines: tuple[int, int]) -> None:
    assert _lines("go", GO, symbol) == lines


TYPESCRIPT = """\
import { x } from "y";

/** Docs. */
@Injectable()
export class Client {
  @Input()
  send(body: string): void {}

  send2(body: string, retries?: number): void {}

  onClose = () => this.close();

  #secret(): void {}
}

export const handler = async (event: Event) => {
  await run(event);
};

export function main(this: Window, ...args: string[]): void {}

const api = {
  fetch(url) { return url; },
};
"""


@pytest.mark.parametrize(
    ("symbol", "lines"),
    [
        ("Client", (4, 14)),  # the class decorator is part of it
        ("Client.send", (6, 7)),  # a member's decorator, before it, is part of it
        ("Client.send2(string, number)", (9, 9)),
        ("Client.onClose", (11, 11)),
        ("Client.#secret", (13, 13)),
        ("handler", (16, 18)),  # `export const` included
        ("main/1", (20, 20)),  # TypeScript's `this` parameter does not count
        ("api.fetch", (23, 23)),
    ],
)
def test_typescript_members(symbol: str, lines: tuple[int, int]) -> None:
    assert _lines("typescript", TYPESCRIPT, symbol) == lines


JAVASCRIPT = """\
class Store {
  get(key) { return this.map[key]; }
  put = (key, value) => { this.map[key] = value; };
}

function connect(url, options = {}) {}

module.exports = { Store, connect };
"""


@pytest.mark.parametrize(
    ("symbol", "lines"),
    [("Store.get", (2, 2)), ("Store.put", (3, 3)), ("connect/2", (6, 6))],
)
def test_javascript_members(symbol: str, lines: tuple[int, int]) -> None:
    assert _lines("javascript", JAVASCRIPT, symbol) == lines


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("src/Worker.cs", "csharp"),
        ("a/b.py", "python"),
        ("A.java", "java"),
        ("main.go", "go"),
        ("x.mjs", "javascript"),
        ("x.ts", "typescript"),
        ("x.tsx", "tsx"),
        ("protos/a.proto", None),
        ("Makefile", None),
        ("dir.cs/file", None),
    ],
)
def test_language_by_suffix(path: str, language: str | None) -> None:
    assert language_of(path) == language


@pytest.mark.parametrize(
    ("language", "source", "symbol", "proposed"),
    [
        ("csharp", CSHARP, "IProcessor.ProcessAsync", "Worker.IProcessor.ProcessAsync"),
        ("csharp", CSHARP, "Worker.StartAsync/2", "Worker.StartAsync(string, CancellationToken)"),
        ("python", PYTHON, "Adapter.send", "Adapter.send"),
        ("python", PYTHON, "Session.send.prepare", "send.prepare"),
        ("go", GO, "Session.Send", "Session.Send"),
    ],
)
def test_proposed_symbols_are_short_and_unique(
    language: str, source: str, symbol: str, proposed: str
) -> None:
    defs = _defs(language, source)
    target = find(defs, parse_symbol(symbol))
    text = unique_symbol(defs, target)
    assert text == proposed
    assert find(defs, parse_symbol(text)) is target


def test_broken_code_still_finds_the_members_around_the_damage() -> None:
    source = "class A {\n  void Good() { }\n  void Bad( { \n}\nclass B { void Fine() { } }\n"
    assert _lines("csharp", source, "B.Fine") == (5, 5)
