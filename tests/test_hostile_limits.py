"""The shared guards of issue 14, each tested as the kind it closes: the bounded read, the
folder walk and its fingerprint, the dot process group and cache, the one URL parser,
the Markdown limits, the theme's `striptags`, and ids unique per page.

The corpus (tests/hostile, run by test_hostile.py) holds the whole-project cases; these
are the functions behind them, with the inputs a corpus file cannot hold."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import threading
from pathlib import Path
from typing import Any

import jinja2
import markdown
import pytest
from stacktour import graph
from stacktour.files import FileRefused, read_bounded
from stacktour.graph.run import clear_memory_cache
from stacktour.links import is_safe_url, parse_url, repo_url_problem, url_problem
from stacktour.loader import load_project
from stacktour.loader.checks import PROSE_FIELDS
from stacktour.loader.folder import fingerprint
from stacktour.loader.schema_check import schema
from stacktour.markdown_ext import StacktourExtension
from stacktour.markdown_limits import (
    MAX_PROSE_CHARS,
    MAX_PROSE_NESTING,
    nesting,
    prose_problem,
    unclosed_brackets,
    without_code,
)
from stacktour.model import Call, Frame, Group, Layer, Project
from stacktour.pages.prose import prose_html
from stacktour.resolve import MAX_CALL_DEPTH
from stacktour.site import Site
from stacktour.theme import harden, safe_striptags

from .conftest import STACKS, write_project

DOT = shutil.which("dot")


# --- One bounded read ------------------------------------------------------------------


def _in_thread(work, seconds: float = 30.0):  # type: ignore[no-untyped-def]
    """Run `work` in a thread; a read that blocks shows as a thread still alive."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the read blocked"
    return box


def test_a_fifo_is_refused_without_being_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    box = _in_thread(lambda: read_bounded(fifo, 100))
    assert isinstance(box["error"], FileRefused)
    assert str(box["error"]) == "is not a regular file"


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null"])
def test_devices_are_refused(tmp_path: Path, target: str) -> None:
    link = tmp_path / "x.yaml"
    link.symlink_to(target)
    with pytest.raises(FileRefused, match="not a regular file"):
        read_bounded(link, 100)


def test_size_is_checked_before_the_read(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"x" * 101)
    with pytest.raises(FileRefused, match="is 101 bytes; the limit is 100"):
        read_bounded(path, 100)
    path.write_bytes(b"x" * 100)
    assert read_bounded(path, 100) == b"x" * 100


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        ("folder", "is not a regular file"),
        ("loop", "cannot be read: Too many levels of symbolic links"),
        ("missing", "cannot be read: No such file or directory"),
        ("nul", "has a NUL character in its name"),
    ],
)
def test_other_refusals_name_their_reason(tmp_path: Path, make: str, reason: str) -> None:
    path = tmp_path / "x.yaml"
    if make == "folder":
        path.mkdir()
    elif make == "loop":
        path.symlink_to("x.yaml")
    elif make == "nul":
        path = tmp_path / "x\0.yaml"
    with pytest.raises(FileRefused) as caught:
        read_bounded(path, 100)
    assert str(caught.value) == reason


# --- The stacks folder: walked within limits, fingerprinted without blocking ------------


def test_fingerprint_of_a_folder_with_a_fifo_does_not_block(tmp_path: Path) -> None:
    stacks = write_project(tmp_path / "stacks")
    os.mkfifo(stacks / "layers" / "x.yaml")
    box = _in_thread(lambda: fingerprint(stacks))
    assert isinstance(box["value"], str)


def test_site_reloads_when_the_fifo_goes_away(tmp_path: Path) -> None:
    """What `mkdocs serve` does on every change: the FIFO is reported, never read, and
    once it is removed the site loads again (it used to hang the server for good)."""
    stacks = write_project(tmp_path / "stacks")
    site = Site(stacks)
    assert site.load().ok
    fifo = stacks / "layers" / "x.yaml"
    os.mkfifo(fifo)
    box = _in_thread(site.load)
    result = box["value"]
    assert [d.code for d in result.diagnostics] == ["ST013"]  # type: ignore[attr-defined]
    assert site.good() is not None  # the last good result is still what is drawn
    fifo.unlink()
    assert site.load().ok


def test_fingerprint_follows_every_change_it_should(tmp_path: Path) -> None:
    stacks = write_project(tmp_path / "stacks")
    first = fingerprint(stacks)
    assert fingerprint(stacks) == first
    (stacks / "flow.yaml").write_text((stacks / "flow.yaml").read_text() + "# more\n")
    second = fingerprint(stacks)
    assert second != first
    (stacks / "notes.txt").write_text("not read")  # not a YAML file: not the project
    assert fingerprint(stacks) == second
    (stacks / "layers" / "deep" / "er").mkdir(parents=True)
    (stacks / "layers" / "deep" / "er" / "x.yaml").write_text("id: x\n")
    assert fingerprint(stacks) != second


def test_a_huge_folder_is_walked_within_its_limit(tmp_path: Path) -> None:
    from stacktour.loader import folder

    stacks = write_project(tmp_path / "stacks")
    many = stacks / "layers" / "many"
    many.mkdir()
    for n in range(300):
        (many / f"f{n}.txt").touch()
    limit = folder.MAX_ENTRIES
    try:
        folder.MAX_ENTRIES = 100
        result = load_project(stacks)
    finally:
        folder.MAX_ENTRIES = limit
    assert any(
        d.code == "ST001" and "more than 100 files and folders" in d.message
        for d in result.diagnostics
    )


# --- dot: the whole process group, and a cache that cannot block ------------------------


def _fake_dot(tmp_path: Path, body: str) -> Path:
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir(exist_ok=True)
    script = bin_dir / "dot"
    script.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-V" ]; then echo "dot - graphviz version 0.0-fake" >&2; exit 0; fi\n' + body
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return bin_dir


def _tiny() -> Project:
    frame = Frame("a.f", "f", "a", "F", calls=(Call("call", to="b.f", at=1),))
    return Project(
        groups=(Group("p", "Process"),),
        layers=(
            Layer("a", "A", "class", "p", frames=(frame,)),
            Layer("b", "B", "class", "p", frames=(Frame("b.f", "f", "b", "G"),)),
        ),
    )


def _alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting to be reaped does not count)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_dot_that_times_out_is_killed_with_its_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `dot` wrapper whose child hangs: killing only the wrapper left the child holding
    the pipes, and the build waiting on them."""
    clear_memory_cache()
    pid_file = tmp_path / "child.pid"
    bin_dir = _fake_dot(tmp_path, f"sleep 300 &\necho $! > {pid_file}\nwait\n")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(graph.GraphError) as caught:
        graph.render_map_svg(_tiny(), timeout=1)
    assert caught.value.code == "ST502"
    child = int(pid_file.read_text())
    for _ in range(100):  # SIGKILL is delivered at once; reaping by init may lag
        if not _alive(child):
            break
        threading.Event().wait(0.05)
    assert not _alive(child), "the wrapper's child survived the timeout"


@pytest.mark.skipif(DOT is None, reason="needs Graphviz dot")
def test_a_fifo_in_the_dot_cache_is_a_miss(tmp_path: Path) -> None:
    clear_memory_cache()
    cache = tmp_path / "cache"
    svg = graph.render_map_svg(_tiny(), cache_dir=cache)
    (entry,) = cache.rglob("*.svg")
    entry.unlink()
    os.mkfifo(entry)
    versions = cache / "dot-versions.json"
    versions.unlink()
    os.mkfifo(versions)
    clear_memory_cache()
    box = _in_thread(lambda: graph.render_map_svg(_tiny(), cache_dir=cache))
    assert box["value"] == svg


def test_dot_timeout_takes_integers_and_decimals() -> None:
    from mkdocs.config.base import ValidationError
    from stacktour.plugin import StacktourConfig

    option = StacktourConfig._schema[
        [name for name, _ in StacktourConfig._schema].index("dot_timeout")
    ][1]
    assert option.validate(3) == 3.0 and isinstance(option.validate(3), float)
    assert option.validate(2.5) == 2.5
    for bad in ("3", True, 0, -1, None):
        with pytest.raises(ValidationError):
            option.validate(bad)


# --- One URL parser ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://[::1",
        "http://[v1.x/",
        "https://example.com:99999999/x",
        "https://example.com:port/",
        "https://user:pass@example.com/",
        "https://user@example.com/",
        "https://example.com@evil.example/",
        "javascript:alert(1)",
        "https://",
        "//evil.example/",
    ],
)
def test_urls_that_do_not_parse_or_carry_credentials_are_refused(url: str) -> None:
    assert not is_safe_url(url)
    assert url_problem(url) is not None
    assert repo_url_problem(url) is not None


@pytest.mark.parametrize(
    "url", ["https://example.com/a", "http://example.com:8080/x#y", "../x/", "#step-3"]
)
def test_ordinary_links_are_kept(url: str) -> None:
    assert is_safe_url(url) and parse_url(url) is not None


@pytest.mark.parametrize(
    "url", ["https://github.com/Azure/azure-functions-dotnet-worker", "https://host:8443/a/b"]
)
def test_repository_urls_that_are_plain_https_pass(url: str) -> None:
    assert repo_url_problem(url) is None


def test_every_repository_url_of_this_site_passes() -> None:
    result = load_project(STACKS)
    assert result.project is not None
    assert [r.url for r in result.project.repos if repo_url_problem(r.url)] == []


# --- Markdown: bounded nesting and cost, in the loader and in the renderer ---------------


@pytest.mark.parametrize(
    "text",
    [
        "- " * 600 + "x",
        "1. " * 600 + "x",
        "> " * 600 + "x",
        "\n".join("    " * n + "- x" for n in range(40)),
        "- " * 600 + "```\nx\n```",
        "[" * 3000,
        "![" * 1500,
        "[a](b " * 500,
    ],
)
def test_prose_beyond_the_limits_is_refused_and_never_parsed(text: str) -> None:
    assert prose_problem(text) is not None
    html = prose_html(text)  # plain text, not a RecursionError or a minute of scanning
    assert html.startswith("<p>") and "<li>" not in html


def test_prose_within_the_limits_renders_as_markdown() -> None:
    text = "\n".join("    " * n + "- level" for n in range(MAX_PROSE_NESTING))
    assert prose_problem(text) is None
    assert prose_html(text).count("<ul>") == MAX_PROSE_NESTING


def test_code_is_found_in_linear_time_and_does_not_count() -> None:
    """The old regular expression took 72 s on 1,000 backticks; these are 8,000."""
    assert without_code("`" * 8000) == "`" * 8000  # no partner: literal backticks
    assert without_code("a `x[0]` b") == "a xxxxxx b"
    assert without_code("```\n- - - - - - - - - -\n```\nok") == "\n\n\nok"
    assert nesting("```\n" + "- " * 40 + "x\n```\n- y") == (1, 4)
    assert unclosed_brackets("`" + "[" * 100 + "`") == 0
    assert unclosed_brackets("[a](b) [c] [d") == 1
    assert prose_problem("`a" * (MAX_PROSE_CHARS // 2)) is None


def test_every_markdown_field_of_the_schemas_is_checked_as_prose() -> None:
    """The loader knows prose fields by name; the schemas say which fields are Markdown.
    They must agree, and the length limit must be the schema's."""

    def fields(rule: object, name: str = "") -> list[tuple[str, dict[str, Any]]]:
        found: list[tuple[str, dict[str, Any]]] = []
        if isinstance(rule, dict):
            if "(Markdown)" in str(rule.get("description", "")):
                found.append((name, rule))
            for key, value in rule.items():
                if key == "properties" and isinstance(value, dict):
                    for prop, sub in value.items():
                        found += fields(sub, prop)
                elif isinstance(value, (dict, list)):
                    found += fields(value, name)
        elif isinstance(rule, list):
            for value in rule:
                found += fields(value, name)
        return found

    markdown_fields = [f for kind in ("system", "layer", "stack") for f in fields(schema(kind))]
    assert len(markdown_fields) >= 9
    assert {name for name, _ in markdown_fields} == set(PROSE_FIELDS)

    def limit(rule: dict[str, Any]) -> object:
        """The field's maxLength, or its plain-text form's when it may also be given per
        language (`oneOf: [string, translations]`)."""
        if "maxLength" in rule:
            return rule["maxLength"]
        return next(alt["maxLength"] for alt in rule["oneOf"] if alt.get("type") == "string")

    assert {limit(rule) for _, rule in markdown_fields} == {MAX_PROSE_CHARS}
    for kind in ("system", "layer", "stack"):
        per_language = schema(kind)["definitions"]["translations"]["additionalProperties"]
        assert per_language["maxLength"] == MAX_PROSE_CHARS


# --- Depth: the call stack and sub-flows --------------------------------------------------


def test_listed_steps_deeper_than_the_limit_are_one_diagnostic(tmp_path: Path) -> None:
    depth = MAX_CALL_DEPTH + 5
    lines = ["id: deep", "title: Deep", "kind: class", "group: app", "frames:"]
    for n in range(depth):
        lines += [f"  - id: f{n}", f"    title: F{n}"]
        if n < depth - 1:
            lines.append(f"    calls: [{{to: deep.f{n + 1}, kind: call}}]")
    steps = "".join(f"  - deep.f{n} -> deep.f{n + 1}\n" for n in range(depth - 1))
    stacks = write_project(
        tmp_path / "stacks",
        layers__deep_yaml="\n".join(lines) + "\n",
        flow_yaml=f"id: flow\ntitle: A flow\nentry: deep.f0\nsteps:\n{steps}",
    )
    result = load_project(stacks)
    assert [(d.code, d.line) for d in result.diagnostics] == [("ST308", 4 + MAX_CALL_DEPTH)]
    assert f"step {MAX_CALL_DEPTH}:" in result.diagnostics[0].message


def test_a_long_chain_of_sub_flows_resolves_and_maps_without_recursion(tmp_path: Path) -> None:
    overrides = {
        f"s{n:04}_yaml": f"id: s{n:04}\ntitle: S{n}\nentry: client.run\nsteps:\n"
        + (f"  - ref: s{n + 1:04}\n" if n < 1199 else "  - client.run -> server.handle\n")
        for n in range(1200)
    }
    stacks = write_project(tmp_path / "stacks", **overrides)
    result = load_project(stacks)
    assert result.ok, [d.format() for d in result.diagnostics[:3]]
    assert result.project is not None
    scoped = graph.build_map(
        result.project, scope=graph.MapScope.stack("s0000"), resolved=result.stacks
    )
    assert [(e.tail.layer.id, e.head.layer.id) for e in scoped.edges] == [("client", "server")]


# --- The theme: striptags gives text, never markup ----------------------------------------


PAYLOAD = "</title><script>window.__pwned=1</script> & <b>"


def test_striptags_decodes_references_and_the_hardened_one_does_not() -> None:
    heading = "&lt;/title&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt; &amp; &lt;b&gt;"
    env = jinja2.Environment()
    template = '<title>{{ t | striptags }}</title><nav aria-label="{{ t | striptags | e }}">'
    assert "<script>" in env.from_string(template).render(t=heading)  # Jinja's own
    harden(env)
    out = env.from_string(template).render(t=heading)
    assert "<script>" not in out and "<b>" not in out
    assert out == f'<title>{heading}</title><nav aria-label="{heading}">'  # not escaped twice
    assert safe_striptags("A <em>b</em> &amp; c") == "A b &amp; c"


def test_material_renders_a_hostile_title_as_text(tmp_path: Path) -> None:
    """The template Material really uses, through MkDocs' own title extraction."""
    stacks = write_project(
        tmp_path / "stacks", flow_yaml=f'id: flow\ntitle: "{PAYLOAD}"\nentry: client.run\n'
    )
    site = Site(stacks)
    assert site.load().ok
    page = next(p for p in site.pages() if p.path == "stacks/flow.md")
    from mkdocs.utils.rendering import get_heading_text

    md = markdown.Markdown(extensions=["toc", "attr_list"])
    md.convert(page.markdown)
    h1 = md.toc_tokens[0]
    base = Path(jinja2.__file__).parents[1] / "material" / "templates" / "base.html"
    line = next(x for x in base.read_text().splitlines() if "page.title | striptags" in x)
    env = jinja2.Environment()
    harden(env)
    out = env.from_string(line.strip()).render(
        page={"title": h1["name"]}, config={"site_name": "s"}
    )
    assert "<script>" not in out and "&lt;/title&gt;&lt;script&gt;" in out
    assert get_heading_text  # MkDocs' extraction keeps references (used by the real build)


# --- Ids: unique per page whatever the embeds ---------------------------------------------


def test_the_same_diagram_twice_on_a_page_repeats_no_id() -> None:
    md = markdown.Markdown(extensions=[StacktourExtension(stacks_dir=str(STACKS)), "fenced_code"])
    block = "```stacktour\nstack: worker-schedule\n```\n\n"
    site_map = "```stacktour\nview: map\n```\n\n"
    stack_map = "```stacktour\nview: map\nstack: worker-schedule\n```\n\n"
    html = md.convert(
        block * 3
        + site_map * 2
        + stack_map * 2
        + block.replace("```\n\n", "caption: again\n```\n\n")
    )
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) > 100
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    # References inside each copy point at that copy's own ids.
    for ref in re.findall(r'aria-labelledby="([^"]+)"', html):
        assert all(part in ids for part in ref.split())


def test_first_copy_keeps_its_ids() -> None:
    md = markdown.Markdown(extensions=[StacktourExtension(stacks_dir=str(STACKS)), "fenced_code"])
    html = md.convert("```stacktour\nstack: worker-schedule\n```\n")
    assert 'id="st-worker-schedule"' in html


# --- No recursion without a bound --------------------------------------------------------

# Every function of the package that calls itself, and what bounds its depth. A new one
# fails this test until it is walked with an explicit stack or given a bound here.
BOUNDED_RECURSION = {
    ("sequence/lifelines.py", "walk"): "group nesting, at most MAX_GROUP_DEPTH (ST209)",
    ("graph/mapgraph.py", "walk"): "group nesting, at most MAX_GROUP_DEPTH (ST209)",
    ("graph/mapgraph.py", "make"): "group nesting, at most MAX_GROUP_DEPTH (ST209)",
    ("graph/mapgraph.py", "collect"): "group nesting, at most MAX_GROUP_DEPTH (ST209)",
    ("graph/dotgen.py", "_add_cluster"): "group nesting, at most MAX_GROUP_DEPTH (ST209)",
    ("graph/dotgen.py", "walk"): "group nesting, at most MAX_GROUP_DEPTH (ST209)",
    ("graph/dotgen.py", "_holds_no"): "group nesting, at most MAX_GROUP_DEPTH (ST209)",
    ("graph/labels.py", "solve"): "one level a line of a name with at most MAX_EVEN_PIECES seams",
    ("sequence/walk.py", "_walk"): "sub-flows inside sub-flows, at most walk.MAX_DEPTH",
    ("sequence/view.py", "lines_text"): "one level: a call site's `line` or `lines`",
    ("plugin.py", "_nav_paths"): "the nav of mkdocs.yml, as MkDocs itself walks it",
    # `stacktour generate` reads mkdocs.yml (the site's own config, not a stack file) as
    # MkDocs and Zensical do, recursively: its values, its nav, INHERIT's merge.
    ("standalone/options.py", "value"): "mkdocs.yml's nesting, as MkDocs reads it",
    ("standalone/options.py", "nav_paths"): "the nav of mkdocs.yml, as MkDocs itself walks it",
    ("standalone/options.py", "_merge"): "mkdocs.yml's nesting, as MkDocs merges INHERIT",
    ("pages/schema_reference.py", "_type_of"): "our own schemas",
    ("pages/schema_reference.py", "_rows"): "our own schemas",
    ("loader/yamlfile.py", "_convert"): "YAML nesting, at most MAX_DEPTH (ST008)",
    ("loader/checks.py", "_walk_strings"): "YAML nesting, at most MAX_DEPTH (ST008)",
    ("loader/salvage.py", "_without_holes"): "YAML nesting, at most MAX_DEPTH (ST008)",
    ("i18n/fields.py", "prose_paths"): "YAML nesting of a schema-valid file, at most MAX_DEPTH",
    ("i18n/localize.py", "_localized"): "the model's dataclasses, a fixed depth",
    ("i18n/localize.py", "_prose"): "the model's dataclasses, a fixed depth",
}


def test_every_recursion_in_the_package_is_bounded() -> None:
    import ast

    package = Path(__file__).resolve().parent.parent / "plugins" / "stacktour"
    found = set()
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        methods = {
            id(item)
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)
            for item in node.body
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if not isinstance(node, ast.Call):
                    continue
                called = node.func
                # A method calls itself through self or cls; a bare name inside a method
                # is the module's function of that name.
                name = None
                if isinstance(called, ast.Name) and id(function) not in methods:
                    name = called.id
                elif (
                    isinstance(called, ast.Attribute)
                    and isinstance(called.value, ast.Name)
                    and called.value.id in ("self", "cls")
                ):
                    name = called.attr
                if name == function.name:
                    found.add((path.relative_to(package).as_posix(), function.name))
    assert found == set(BOUNDED_RECURSION)


# --- mkdocs serve and a FIFO ---------------------------------------------------------------


def test_serve_survives_a_fifo_and_recovers(tmp_path: Path) -> None:
    """A FIFO named like a layer file once stopped `mkdocs serve` for good (the rebuild
    read it whole and waited for a writer). Now: reported, the last good site served,
    and a later edit rebuilds."""
    from .sitetools import MKDOCS
    from .test_tutorial_and_serve import _free_port, _get, _wait_for, tutorial_files

    for name, text in tutorial_files().items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    port = _free_port()
    log = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}/stacks/save-order/"
    stack = tmp_path / "stacks/save-order.yaml"
    fifo = tmp_path / "stacks/layers/pipe.yaml"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*MKDOCS, "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        assert _wait_for(lambda: "Saving an order" in _get(url)), log.read_text()
        os.mkfifo(fifo)
        stack.write_text(stack.read_text() + "# touched\n")  # a change the watcher sees
        assert _wait_for(lambda: "ST013 is not a regular file" in log.read_text()), log.read_text()
        assert "Saving an order" in _get(url)  # still answering, with the last good site
        fifo.unlink()
        stack.write_text(stack.read_text().replace("title: Saving an order", "title: Saved"))
        assert _wait_for(lambda: "<h1" in _get(url) and "Saved" in _get(url)), log.read_text()
        assert "Traceback" not in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=10)
