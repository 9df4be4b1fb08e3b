"""Broken stack files, each with the exact diagnostic a user must see."""

from __future__ import annotations

from pathlib import Path

import pytest
from stacktour.loader import load_project

from .conftest import CLIENT, SERVER, SYSTEM, write_project

HEAD = "id: flow\ntitle: t\nentry: client.run\n"
L = "stacks/layers/client.yaml"
S = "stacks/layers/server.yaml"
F = "stacks/flow.yaml"
Y = "stacks/system.yaml"

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)

# (case id, {file override}, [(file, line, column, code), ...])
CASES: list[tuple[str, dict[str, str | bytes], list[tuple[str, int, int, str]]]] = [
    (
        "tab-indentation",
        {"layers__client_yaml": CLIENT.replace("  - id: run", "\t- id: run")},
        [(L, 7, 1, "ST003")],
    ),
    (
        "unclosed-flow-list",
        {"layers__client_yaml": CLIENT + "tags: [a, b\n"},
        [(L, 18, 7, "ST003")],
    ),
    (
        "duplicate-key",
        {"layers__client_yaml": CLIENT.replace("kind: class\n", "kind: class\ntitle: Again\n")},
        [(L, 4, 1, "ST004")],
    ),
    ("non-string-keys", {"flow_yaml": "1: a\ntrue: b\n"}, [(F, 1, 1, "ST010"), (F, 2, 1, "ST010")]),
    ("second-document", {"flow_yaml": "id: flow\n---\nid: other\n"}, [(F, 2, 1, "ST007")]),
    (
        "python-tag",
        {"flow_yaml": "id: !!python/object/apply:os.system ['echo hi']\n"},
        [(F, 1, 5, "ST006")],
    ),
    (
        "merge-key",
        {"system_yaml": SYSTEM + "base: &base {title: x}\nother:\n  <<: *base\n"},
        [(Y, 13, 7, "ST005")],
    ),
    ("alias-bomb", {"flow_yaml": BOMB}, [(F, 1, 4, "ST005")]),
    (
        "deep-nesting",
        {"flow_yaml": "steps: " + "[" * 600 + "]" * 600 + "\n"},
        [(F, 1, 39, "ST008")],
    ),
    ("huge-scalar", {"flow_yaml": "title: " + "x" * 20_000_000 + "\n"}, [(F, 1, 1, "ST001")]),
    (
        "latin-1",
        {"flow_yaml": b"id: flow\ntitle: Caf\xe9\nentry: client.run\n"},
        [(F, 2, 11, "ST002")],
    ),
    ("empty-file", {"flow_yaml": "# nothing here\n"}, [(F, 1, 1, "ST012")]),
    ("not-a-mapping", {"flow_yaml": "- id: flow\n"}, [(F, 1, 1, "ST012")]),
    (
        "typo-key",
        {"layers__client_yaml": CLIENT.replace("    excerpt: |", "    exerpt: |")},
        [(L, 10, 5, "ST101")],
    ),
    (
        "missing-title",
        {"flow_yaml": "id: flow\nentry: client.run\n"},
        [(F, 1, 1, "ST102")],
    ),
    (
        "implicit-octal-commit",
        {"system_yaml": SYSTEM.replace('"0123456789abcdef0123456789abcdef01234567"', "0123456")},
        [(Y, 4, 13, "ST103")],
    ),
    (
        "implicit-boolean-title",
        {"flow_yaml": "id: flow\ntitle: no\nentry: client.run\n"},
        [(F, 2, 8, "ST103")],
    ),
    (
        "short-commit",
        {"system_yaml": SYSTEM.replace("0123456789abcdef0123456789abcdef01234567", "0123abc")},
        [(Y, 4, 13, "ST105")],
    ),
    (
        "uppercase-id",
        {"flow_yaml": "id: Flow\ntitle: t\nentry: client.run\n"},
        [(F, 1, 5, "ST105")],
    ),
    (
        "unknown-call-kind",
        {"layers__server_yaml": SERVER.replace("kind: await", "kind: async")},
        [(S, 11, 41, "ST104")],
    ),
    (
        "lines-one-item",
        {"layers__server_yaml": SERVER.replace("lines: [8, 9]", "lines: [8]")},
        [(S, 14, 12, "ST106")],
    ),
    (
        "both-to-and-external",
        {"layers__server_yaml": SERVER.replace("at: 4,", "at: 4, external: Db.Save,")},
        [(S, 11, 9, "ST102")],
    ),
    (
        "bad-step-shape",
        {"flow_yaml": HEAD + "steps: [client.run server.handle]\n"},
        [(F, 4, 9, "ST105")],
    ),
    (
        "lines-backwards",
        {"layers__server_yaml": SERVER.replace("lines: [8, 9]", "lines: [78, 72]")},
        [(S, 14, 12, "ST205")],
    ),
    (
        "call-outside-frame",
        {"layers__server_yaml": SERVER.replace("at: 4,", "at: 40,")},
        [(S, 11, 32, "ST203")],
    ),
    (
        "excerpt-too-short",
        {"layers__client_yaml": CLIENT.replace("          Log();\n", "")},
        [(L, 10, 14, "ST204")],
    ),
    (
        "segment-outside-range",
        {
            "layers__server_yaml": SERVER.replace(
                "    lines: [8, 9]\n",
                '    lines: [8, 9]\n    excerpt:\n      - {from: 9, text: "a\\nb"}\n',
            )
        },
        [(S, 16, 9, "ST206")],
    ),
    (
        "network-without-via",
        {"layers__client_yaml": CLIENT.replace(", via: {protocol: gRPC, method: /Svc/Handle}", "")},
        [(L, 17, 9, "ST207")],
    ),
    (
        "duplicate-layer-id",
        {"layers__zz_yaml": SERVER},
        [("stacks/layers/zz.yaml", 1, 1, "ST201")],
    ),
    (
        "duplicate-frame-id",
        {"layers__server_yaml": SERVER.replace("id: store", "id: handle")},
        [(S, 11, 14, "ST202"), (S, 12, 5, "ST201")],
    ),
    (
        "unknown-call-target",
        {"layers__server_yaml": SERVER.replace("to: server.store", "to: server.stor")},
        [(S, 11, 14, "ST202")],
    ),
    (
        "unknown-group",
        {"layers__server_yaml": SERVER.replace("group: host", "group: hots")},
        [(S, 4, 8, "ST202")],
    ),
    (
        "unknown-repo",
        {"layers__server_yaml": SERVER.replace("{repo: demo,", "{repo: dmeo,")},
        [(S, 5, 16, "ST202")],
    ),
    (
        "unknown-pin",
        {"layers__server_yaml": SERVER.replace("pin: v1.0}", "pin: v2.0}")},
        [(S, 5, 48, "ST202")],
    ),
    (
        "unknown-entry",
        {"flow_yaml": "id: flow\ntitle: t\nentry: client.runn\n"},
        [(F, 3, 8, "ST202")],
    ),
    (
        "unknown-step-frame",
        {"flow_yaml": HEAD + "steps:\n  - client.run -> server.nope\n"},
        [(F, 5, 5, "ST202")],
    ),
    (
        "unknown-sub-flow",
        {"flow_yaml": HEAD + "steps:\n  - ref: elsewhere\n"},
        [(F, 5, 5, "ST202")],
    ),
    (
        "step-without-call",
        {"flow_yaml": HEAD + "steps:\n  - client.run -> server.store\n"},
        [(F, 5, 5, "ST304")],
    ),
    (
        "step-caller-not-active",
        {"flow_yaml": HEAD + "steps:\n  - server.handle -> server.store\n"},
        [(F, 5, 5, "ST305")],
    ),
    (
        "call-cycle",
        {
            "layers__server_yaml": SERVER
            + "    calls:\n      - {to: server.handle, at: 9, kind: call}\n"
        },
        [(S, 16, 9, "ST306")],
    ),
    (
        "sub-flow-cycle",
        {
            "flow_yaml": HEAD + "steps:\n  - ref: back\n",
            "back_yaml": "id: back\ntitle: t\nentry: client.run\nsteps:\n  - ref: flow\n",
        },
        [("stacks/flow.yaml", 5, 5, "ST310")],
    ),
    (
        "group-cycle",
        {"system_yaml": SYSTEM.replace("kind: process", "kind: process\n    parent: app")},
        [(Y, 8, 3, "ST208")],
    ),
    (
        "path-escapes-root",
        {"layers__server_yaml": SERVER.replace("src/Server.cs", "../../../etc/passwd")},
        [(S, 5, 28, "ST212")],
    ),
    (
        "javascript-link",
        {"layers__server_yaml": SERVER + "summary: See [this](JaVaScRiPt:alert(1)).\n"},
        [(S, 15, 10, "ST210")],
    ),
    (
        "repo-url-not-https",
        {"system_yaml": SYSTEM.replace("https://example.com/demo", "javascript:alert(1)")},
        [(Y, 3, 10, "ST105")],
    ),
]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [pytest.param(o, e, id=name) for name, o, e in CASES],
)
def test_broken_file_gives_exact_diagnostic(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    overrides: dict[str, str | bytes],
    expected: list[tuple[str, int, int, str]],
) -> None:
    monkeypatch.chdir(tmp_path)
    texts = {k: v for k, v in overrides.items() if isinstance(v, str)}
    write_project(tmp_path / "stacks", **texts)
    for key, data in overrides.items():
        if isinstance(data, bytes):
            name = key.replace("__", "/").replace("_yaml", ".yaml")
            (tmp_path / "stacks" / name).write_bytes(data)
    result = load_project("stacks")
    got = [(d.file, d.line, d.column, d.code) for d in result.diagnostics if d.is_error]
    assert got == expected, "\n".join(d.format() for d in result.diagnostics)
    assert result.project is None
    for d in result.diagnostics:
        assert d.message and "Traceback" not in d.message


def test_valid_project_loads(project_dir: Path) -> None:
    result = load_project(project_dir)
    assert result.ok, [d.format() for d in result.diagnostics]
    steps = result.stacks["flow"].steps
    assert [(s.caller.id, s.callee.id if s.callee else None) for s in steps] == [
        ("client.run", "server.handle"),
        ("server.handle", "server.store"),
    ]
    assert steps[1].active == ("client.run", "server.handle", "server.store")


def test_crlf_gives_same_positions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    broken = SERVER.replace("group: host", "group: hots").replace("\n", "\r\n")
    write_project(tmp_path / "stacks")
    (tmp_path / "stacks/layers/server.yaml").write_bytes(broken.encode())
    got = [(d.line, d.column, d.code) for d in load_project("stacks").diagnostics]
    assert got == [(4, 8, "ST202")]


def test_every_problem_reported_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_project(
        tmp_path / "stacks",
        layers__server_yaml=SERVER.replace("group: host", "group: hots"),
        flow_yaml="id: flow\ntitle: no\nentry: client.run\n",
    )
    codes = [d.code for d in load_project("stacks").diagnostics]
    assert codes == ["ST103", "ST202"]


def test_hints_name_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_project(
        tmp_path / "stacks",
        layers__client_yaml=CLIENT.replace("    excerpt: |", "    exerpt: |"),
        system_yaml=SYSTEM.replace('"0123456789abcdef0123456789abcdef01234567"', "0123456"),
        layers__server_yaml=SERVER.replace("kind: await", "kind: async"),
    )
    hints = {d.code: d.hint for d in load_project("stacks").diagnostics}
    assert hints["ST101"] == "did you mean 'excerpt'?"
    assert hints["ST103"] == 'YAML reads `0123456` as integer; quote it: "0123456"'
    assert hints["ST104"] == "did you mean 'await'?"


def test_follow_picks_calls_by_line_or_by_callee(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    two_calls = CLIENT + "      - {to: server.store, at: 12, kind: call}\n"
    for follow, expected in [
        ("", ["server.handle", "server.store", "server.store"]),
        ("follow: {client.run: [server.store]}\n", ["server.store"]),
        ("follow: {client.run: [12], server.handle: []}\n", ["server.handle", "server.store"]),
    ]:
        write_project(tmp_path / "stacks", layers__client_yaml=two_calls, flow_yaml=HEAD + follow)
        result = load_project("stacks")
        assert result.ok, [d.format() for d in result.diagnostics]
        steps = result.stacks["flow"].steps
        assert [s.callee.id for s in steps if s.callee] == expected, follow


def test_follow_names_only_known_frames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_project(tmp_path / "stacks", flow_yaml=HEAD + "follow: {client.run: [server.nope]}\n")
    got = [(d.line, d.column, d.code) for d in load_project("stacks").diagnostics]
    assert got == [(4, 23, "ST202")]


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("id: a\ntitle: A\nframes:\n  - id: f\n    title: x: y\n", (5, 13), "indentation"),
        (
            "id: b\ntitle: B\nframes:\n  - id: f\n    title: F\n   summary: s\n",
            (6, 4),
            "indented differently from the block that starts at line 4",
        ),
    ],
    ids=["value-with-colon", "key-out-of-line"],
)
def test_indentation_mistakes_say_so(text: str, where: tuple[int, int], words: str) -> None:
    """PyYAML's words for a misplaced key ("mapping values are not allowed here",
    "expected <block end>") come with a hint a writer can act on."""
    from stacktour.loader.yamlfile import read_yaml

    doc, problems = read_yaml("layers/a.yaml", text.encode())
    assert doc is None and len(problems) == 1
    (problem,) = problems
    assert (problem.line, problem.column, problem.code) == (*where, "ST003")
    assert words in problem.hint


def test_a_typo_in_a_layers_own_id_is_named_at_its_file(tmp_path: Path) -> None:
    """`id: clinet` in layers/client.yaml makes every `client.*` reference unknown: the
    hint names the file and its id, not a "did you mean" that copies the typo."""
    from .conftest import CLIENT

    root = write_project(tmp_path, layers__client_yaml=CLIENT.replace("id: client", "id: clinet"))
    problems = [d for d in load_project(root).diagnostics if d.code == "ST202"]
    assert problems, "the entry client.run is unknown"
    for problem in problems:
        assert "client.yaml gives its layer the id 'clinet'" in problem.hint
        assert "did you mean" not in problem.hint
