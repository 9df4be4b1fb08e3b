"""Call sites inside a member, and the locators (`at: {call: Name, nth: N}`) that pick one."""

from __future__ import annotations

import textwrap

import pytest
from stacktour.sources.calls import CallError, call_sites, locate
from stacktour.sources.languages import parse
from stacktour.sources.symbols import definitions, find, parse_symbol


def _sites(language: str, source: str, symbol: str) -> list[tuple[str, int, int]]:
    tree = parse(language, textwrap.dedent(source).encode())
    member = find(definitions(language, tree.root_node), parse_symbol(symbol))
    return [(s.name, s.first, s.last) for s in call_sites(language, member.node)]


def _locate(
    language: str, source: str, symbol: str, call: str, nth: int | None = None
) -> tuple[int, int]:
    tree = parse(language, textwrap.dedent(source).encode())
    member = find(definitions(language, tree.root_node), parse_symbol(symbol))
    site = locate(call_sites(language, member.node), call, nth)
    return site.first, site.last


CSHARP = """\
class Worker
{
    Task IProcessor.ProcessAsync(Message message)
    {
        Task.Run(() => ProcessRequestCoreAsync(message));
        var response = new StreamingMessage { RequestId = message.Id };
        await _workerClient!.SendMessageAsync(response);
        await _client?.SendMessageAsync(
            response,
            token);
        return builder.UseOutputBindings()
            .UseFunctionExecution<Worker>();
    }
}
"""


def test_csharp_call_sites_in_source_order() -> None:
    assert _sites("csharp", CSHARP, "ProcessAsync") == [
        ("Task.Run", 5, 5),
        ("ProcessRequestCoreAsync", 5, 5),
        ("new StreamingMessage", 6, 6),
        ("_workerClient.SendMessageAsync", 7, 7),
        ("_client.SendMessageAsync", 8, 10),  # from the called name to the `)`
        ("builder.UseOutputBindings", 11, 11),
        ("builder.UseOutputBindings.UseFunctionExecution", 12, 12),  # on the line of its name
    ]


@pytest.mark.parametrize(
    ("call", "nth", "lines"),
    [
        ("ProcessRequestCoreAsync", None, (5, 5)),  # inside the lambda given to Task.Run
        ("Task.Run", None, (5, 5)),
        ("Run", None, (5, 5)),
        ("new StreamingMessage", None, (6, 6)),
        ("SendMessageAsync", 1, (7, 7)),
        ("SendMessageAsync", 2, (8, 10)),
        ("_client.SendMessageAsync", None, (8, 10)),
        ("UseFunctionExecution", None, (12, 12)),
        ("UseFunctionExecution<Worker>", None, (12, 12)),
    ],
)
def test_csharp_locators(call: str, nth: int | None, lines: tuple[int, int]) -> None:
    assert _locate("csharp", CSHARP, "ProcessAsync", call, nth) == lines


@pytest.mark.parametrize(
    ("call", "nth", "message", "hint"),
    [
        ("SendMessageAsync", None, "calls 'SendMessageAsync' 2 times (lines 7, 8)", "add nth"),
        (
            "SendMessageAsync",
            3,
            "nth: 3, but the member calls 'SendMessageAsync' 2 time(s)",
            "7, 8",
        ),
        ("sendmessageasync", None, "no call to 'sendmessageasync'", "_client.SendMessageAsync"),
        ("Missing", None, "no call to 'Missing'", "calls in it: ProcessRequestCoreAsync, Run"),
        ("new Worker", None, "no call to 'new Worker'", ""),
        ("Foo(", None, "is not a callee name", "{call: SendAsync}"),
    ],
)
def test_locator_mistakes_say_what_to_write(
    call: str, nth: int | None, message: str, hint: str
) -> None:
    with pytest.raises(CallError, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
        _locate("csharp", CSHARP, "ProcessAsync", call, nth)
    assert hint in caught.value.hint


PYTHON = """\
class Session:
    def send(self, request):
        prepared = self.prepare(request)
        self.hooks.dispatch("pre", prepared)
        response = self.adapter.send(
            prepared,
        )
        return Response(response)
"""


def test_python_locators() -> None:
    assert _sites("python", PYTHON, "Session.send") == [
        ("self.prepare", 3, 3),  # `self` is a name (`this` is left out)
        ("self.hooks.dispatch", 4, 4),
        ("self.adapter.send", 5, 7),
        ("Response", 8, 8),
    ]
    assert _locate("python", PYTHON, "Session.send", "self.prepare") == (3, 3)
    assert _locate("python", PYTHON, "Session.send", "prepare") == (3, 3)
    assert _locate("python", PYTHON, "Session.send", "adapter.send") == (5, 7)


def test_java_go_and_typescript_calls() -> None:
    java = "class A { void run() { client.send(x); new Builder<T>().build(); } }"
    assert _sites("java", java, "A.run") == [
        ("client.send", 1, 1),
        ("new Builder", 1, 1),
        ("Builder.build", 1, 1),  # a call on a new object is named by its type
    ]
    go = "package p\nfunc (s *S) Run() {\n\ts.conn.Write(b)\n\tgo s.loop()\n}\n"
    assert _sites("go", go, "S.Run") == [("s.conn.Write", 3, 3), ("s.loop", 4, 4)]
    ts = "class A {\n  async run() {\n    await this.client.send<T>(x);\n    new Map();\n  }\n}\n"
    assert _sites("typescript", ts, "A.run") == [("client.send", 3, 3), ("new Map", 4, 4)]


def test_csharp_target_typed_new_is_named_by_the_declared_type() -> None:
    source = (
        "class A {\n  void M() {\n    Client c = new(x, y);\n    var d = new Other();\n  }\n}\n"
    )
    assert _sites("csharp", source, "A.M") == [("new Client", 3, 3), ("new Other", 4, 4)]
