"""The hostile-input corpus (tests/hostile/, see its README): every case gives exactly its
expected diagnostics, or renders to output that is escaped, well-formed and link-safe."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
import yaml
from stacktour import graph
from stacktour.links import LinkScheme, is_safe_url
from stacktour.loader import LoadResult, load_project
from stacktour.loader.checks import PROSE_FIELDS
from stacktour.pages import links_for
from stacktour.pages.prose import prose_html
from stacktour.sequence import render_sequence_svg, text_alternative
from stacktour.site import Site, SiteOptions
from stacktour.sources import SourceError, check_excerpts, safe_source_path

from .conftest import write_project

CORPUS = Path(__file__).parent / "hostile"
CATEGORIES = ("loading", "output", "files", "build")
INJECTION = CORPUS / "injection" / "stacks"


# --- Reading the corpus ---------------------------------------------------------------


def unescape(text: str) -> str:
    r"""`\uXXXX`, `\xXX` and `\\` as the characters they name; everything else as is."""
    return re.sub(
        r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\\)",
        lambda m: "\\" if m.group(1) == "\\" else chr(int(m.group(1)[1:], 16)),
        text,
    )


def shown(text: str) -> str:
    """The inverse of `unescape` for what a terminal cannot show."""
    text = text.replace("\\", "\\\\")
    return re.sub(
        r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufeff]",
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


@dataclass
class Case:
    category: str
    name: str
    folder: Path
    about: str = ""
    setups: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    expected: list[str] = field(default_factory=list)
    checks: list[tuple[str, str, str]] = field(default_factory=list)  # target, verb, text

    @property
    def has_errors(self) -> bool:
        return any(" warning: " not in line for line in self.expected)


def read_case(folder: Path) -> Case:
    case = Case(folder.parent.name, folder.name, folder)
    for line in (folder / "expected.txt").read_text("utf-8").splitlines():
        if line.startswith("#"):
            case.about += line[1:].strip() + " "
        elif line.startswith("@setup "):
            case.setups.append(line.split()[1])
        elif line.startswith("@"):
            case.flags.add(line[1:].strip())
        elif line.strip():
            case.expected.append(unescape(line))
    output = folder / "output.txt"
    if output.exists():
        for line in output.read_text("utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            target, verb, text = line.split(" ", 2)
            assert verb in ("contains", "lacks"), line
            case.checks.append((target, verb, unescape(text)))
    return case


def all_cases() -> list[Case]:
    return [
        read_case(folder)
        for category in CATEGORIES
        for folder in sorted((CORPUS / category).iterdir())
        if (folder / "expected.txt").exists()
    ]


CASES = all_cases()


def cases(*, build: bool) -> list[pytest.ParameterSet]:
    return [
        pytest.param(case, id=f"{case.category}/{case.name}")
        for case in CASES
        if ("build" in case.flags) == build
    ]


# --- Inputs that are made, not committed ---------------------------------------------

FLOW = "stacks/flow.yaml"


def _huge_scalar(root: Path) -> None:
    """A 20 MB title: refused by size before YAML reads a byte of it."""
    with (root / FLOW).open("w", encoding="utf-8") as out:
        out.write("id: flow\nentry: client.run\ntitle: ")
        out.write("x" * 20_000_000)
        out.write("\n")


def _long_scalar(root: Path) -> None:
    """A 300,000-character title in a file under the size limit."""
    (root / FLOW).write_text(f"id: flow\nentry: client.run\ntitle: {'x' * 300_000}\n")


def _crlf(root: Path) -> None:
    for path in (root / "stacks").rglob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


def _outside(root: Path) -> Path:
    """A readable file outside the stacks folder (and outside the source root)."""
    secret = root / "outside" / "secret.yaml"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text("id: secret\ntitle: leaked\nentry: client.run\n")
    return secret


def _symlinked_stack(root: Path) -> None:
    (root / "stacks" / "leak.yaml").symlink_to(_outside(root))


def _symlinked_layers_dir(root: Path) -> None:
    outside = root / "outside-layers"
    outside.mkdir()
    (outside / "evil.yaml").write_text("id: evil\n")
    (root / "stacks" / "layers" / "more").symlink_to(outside, target_is_directory=True)


def _fifo_stack(root: Path) -> None:
    os.mkfifo(root / "stacks" / "layers" / "pipe.yaml")  # reading it would block forever


def _non_utf8_names(root: Path) -> None:
    """File and folder names with bytes that are not UTF-8 (git and tar carry them)."""
    stacks = os.fsencode(root / "stacks")
    os.rename(stacks + b"/flow.yaml", stacks + b"/fl\xffow.yaml")
    os.mkdir(stacks + b"/layers/\xfe")
    with open(stacks + b"/layers/\xfe/extra.yaml", "w") as out:
        out.write("id: extra\ntitle: Extra\nkind: class\ngroup: app\n")


def _directory_named_yaml(root: Path) -> None:
    (root / "stacks" / "layers" / "folder.yaml").mkdir()


CLIENT_CS = [f"// line {n}" for n in range(1, 10)] + [
    "void Run()",
    "{",
    "    Send();",
    "    Log();",
    "}",
]


def _source_tree(root: Path) -> Path:
    src = root / "source" / "src"
    src.mkdir(parents=True)
    (src / "Server.cs").write_text("\n".join(f"// {n}" for n in range(1, 20)) + "\n")
    return src


def _symlinked_source(root: Path) -> None:
    """src/Client.cs is a symlink to a file outside the source root."""
    secret = root / "elsewhere" / "Client.cs"
    secret.parent.mkdir()
    secret.write_text("\n".join(CLIENT_CS) + "\n")
    (_source_tree(root) / "Client.cs").symlink_to(secret)


def _prefix_sibling_source(root: Path) -> None:
    """The file lives in `source-evil/`, whose name starts with the root's name `source`."""
    sibling = root / "source-evil" / "src"
    sibling.mkdir(parents=True)
    (sibling / "Client.cs").write_text("\n".join(CLIENT_CS) + "\n")
    (_source_tree(root) / "Client.cs").symlink_to(Path("../../source-evil/src/Client.cs"))


def _fifo_source(root: Path) -> None:
    os.mkfifo(_source_tree(root) / "Client.cs")


def _good_source(root: Path) -> None:
    (_source_tree(root) / "Client.cs").write_text("\n".join(CLIENT_CS) + "\n")


def _deep_chain(root: Path) -> None:
    """A layer of 1,000 frames, each calling the next, and a stack deriving its steps."""
    lines = ["id: deep", "title: Deep", "kind: class", "group: app", "frames:"]
    for n in range(1000):
        lines += [f"  - id: f{n}", f"    title: F{n}"]
        if n < 999:
            lines.append(f"    calls: [{{to: deep.f{n + 1}, kind: call}}]")
    (root / "stacks" / "layers" / "deep.yaml").write_text("\n".join(lines) + "\n")
    (root / FLOW).write_text("id: flow\ntitle: A flow\nentry: deep.f0\n")


def _subflow_ring(root: Path) -> None:
    """1,100 stacks, each running the next as a sub-flow; the last runs the first."""
    for n in range(1100):
        (root / "stacks" / f"s{n:04}.yaml").write_text(
            f"id: s{n:04}\ntitle: S{n}\nentry: client.run\nsteps:\n  - ref: s{(n + 1) % 1100:04}\n"
        )


def _deep_folders(root: Path) -> None:
    """layers/a/a/.../a/x.yaml, nine folders below layers/."""
    folder = root / "stacks" / "layers" / "/".join("a" * 9)
    folder.mkdir(parents=True)
    (folder / "x.yaml").write_text("id: x\n")


def _symlink_loop(root: Path) -> None:
    (root / "stacks" / "loop.yaml").symlink_to("loop.yaml")


SETUPS: dict[str, Callable[[Path], None]] = {
    "huge-scalar": _huge_scalar,
    "long-scalar": _long_scalar,
    "crlf": _crlf,
    "symlinked-stack": _symlinked_stack,
    "symlinked-layers-dir": _symlinked_layers_dir,
    "fifo-stack": _fifo_stack,
    "directory-named-yaml": _directory_named_yaml,
    "non-utf8-names": _non_utf8_names,
    "symlinked-source": _symlinked_source,
    "prefix-sibling-source": _prefix_sibling_source,
    "fifo-source": _fifo_source,
    "good-source": _good_source,
    "deep-chain": _deep_chain,
    "subflow-ring": _subflow_ring,
    "deep-folders": _deep_folders,
    "symlink-loop": _symlink_loop,
}


def materialise(case: Case, root: Path, *, setups: bool = True) -> Path:
    """The base project with the case's files laid over it, at root/stacks."""
    write_project(root / "stacks")
    overlay = case.folder / "stacks"
    for path in sorted(overlay.rglob("*")) if overlay.exists() else ():
        if path.is_file():
            target = root / "stacks" / path.relative_to(overlay)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    for name in case.setups if setups else ():
        SETUPS[name](root)
    return root / "stacks"


def load_in(root: Path, monkeypatch: pytest.MonkeyPatch) -> LoadResult:
    monkeypatch.chdir(root)
    return load_project("stacks")


# --- What every rendering must be -----------------------------------------------------


def assert_safe_svg(svg: str, what: str) -> None:
    """Well-formed XML, no script or foreign content, no handler, no unsafe link."""
    svg.encode("utf-8")  # no lone surrogate: the file can be written
    root = ET.fromstring(svg)
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1].lower()
        assert tag not in ("script", "foreignobject", "iframe", "embed", "object"), what
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on"), f"{what}: {name}={value!r}"
            if local == "href":
                assert is_safe_url(value), f"{what}: unsafe link {value!r}"
    assert "<script" not in svg.lower(), what


class _HtmlAudit(HTMLParser):
    def __init__(self, what: str) -> None:
        super().__init__(convert_charrefs=True)
        self.what = what

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag not in ("script", "iframe", "object", "embed", "foreignobject"), self.what
        for name, value in attrs:
            assert not name.startswith("on"), f"{self.what}: <{tag} {name}={value!r}>"
            if name in ("href", "src", "xlink:href", "action", "formaction") and value:
                assert is_safe_url(value), f"{self.what}: <{tag} {name}={value!r}>"

    handle_startendtag = handle_starttag


def assert_safe_html(html: str, what: str) -> None:
    html.encode("utf-8")
    audit = _HtmlAudit(what)
    audit.feed(html)
    audit.close()


_PLACEHOLDER = re.compile(r"<p>(STACKTOURX[0-9A-F]{16})</p>")
PAGE_EXTENSIONS = ["attr_list", "toc", "tables", "md_in_html", "pymdownx.superfences"]


def page_html(markdown_text: str, fragments: dict[str, str]) -> str:
    """A generated page as MkDocs turns it into HTML: Markdown, then fragments swapped in."""
    html = markdown.markdown(
        markdown_text,
        extensions=[*PAGE_EXTENSIONS, "pymdownx.highlight"],
        extension_configs={"pymdownx.highlight": {"anchor_linenums": True}},
    )
    return _PLACEHOLDER.sub(lambda m: fragments.get(m.group(1), m.group(0)), html)


def render_everything(stacks_dir: Path) -> dict[str, str]:
    """Every output of a project, by target name (see the corpus README)."""
    site = Site(stacks_dir, SiteOptions(show_returns=True))
    result = site.load()
    assert result.project is not None, [d.format() for d in result.diagnostics]
    project, resolved = result.project, result.stacks
    links = LinkScheme(base="../")
    out: dict[str, str] = {
        "map": graph.render_map_svg(project, resolved=resolved, links=links),
        "map:light": graph.render_map_svg(project, resolved=resolved, standalone=True),
        "dot": graph.map_dot(project, resolved=resolved, links=links),
    }
    for stack_id, stack in resolved.items():
        for theme in ("light", "dark"):
            out[f"sequence:{stack_id}" + ("" if theme == "light" else ":dark")] = (
                render_sequence_svg(stack, project, links=links, theme=theme, show_returns=True)
            )
        out[f"text:{stack_id}"] = text_alternative(stack, project, links=links)
        out[f"map:{stack_id}"] = graph.render_map_svg(
            project, resolved=resolved, links=links, scope=graph.MapScope.stack(stack_id)
        )
    for layer in project.layers:
        out[f"map:layer:{layer.id}"] = graph.render_map_svg(
            project,
            resolved=resolved,
            links=links_for(f"layers/{layer.id}.md"),
            scope=graph.MapScope.layer(layer.id),
            highlight=layer.id,
        )
    for page in site.pages():
        out[f"page:{page.path}"] = page_html(
            page.markdown, {**page.html, **dict(page.late_items())}
        )
    for name, text in out.items():
        if name == "dot":
            text.encode("utf-8")
        elif name.startswith(("page:", "text:")):
            assert_safe_html(text, name)
        else:
            assert_safe_svg(text, name)
    return out


def check_outputs(case: Case, outputs: dict[str, str]) -> None:
    for target, verb, text in case.checks:
        # `*` is every output a browser reads: DOT is not markup, its checks name it.
        names = sorted(n for n in outputs if n != "dot") if target == "*" else [target]
        for name in names:
            assert name in outputs, f"no output {name}; have {sorted(outputs)}"
            found = text in outputs[name]
            assert found == (verb == "contains"), f"{name} {verb} {shown(text)!r}"


# --- The corpus ------------------------------------------------------------------------


def test_corpus_is_large_and_covers_every_category() -> None:
    per_category = {c: sum(1 for case in CASES if case.category == c) for c in CATEGORIES}
    assert sum(per_category.values()) >= 40, per_category
    assert all(count >= 4 for count in per_category.values()), per_category
    for case in CASES:
        assert case.about, f"{case.category}/{case.name}: say what the case is"
        assert case.expected or case.checks or case.flags, f"{case.name} asserts nothing"
        assert set(case.setups) <= set(SETUPS), case.setups


@pytest.mark.parametrize("case", cases(build=False))
def test_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "case"
    materialise(case, root)
    result = load_in(root, monkeypatch)
    diagnostics = list(result.diagnostics)
    if "sources" in case.flags and result.project is not None:
        found, _ = check_excerpts(result.project, {"demo": root / "source"})
        diagnostics += found
    # Messages that name the temporary folder show it as <root>.
    got = [d.format().replace(str(root.resolve()), "<root>") for d in diagnostics]
    assert [shown(x) for x in got] == [shown(x) for x in case.expected]
    for d in diagnostics:
        d.format().encode("utf-8")  # printable by `stacktour validate` on any terminal
        assert "Traceback" not in d.message
    if "sources" in case.flags:
        assert result.ok, "the excerpt check runs on a project that loads"
    else:
        assert result.ok == (not case.has_errors)

    if "same-as-lf" in case.flags:
        plain = tmp_path / "lf"
        materialise(case, plain, setups=False)
        for path in (plain / "stacks").rglob("*.yaml"):
            path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n"))
        twin = load_in(plain, monkeypatch)
        assert [d.format() for d in twin.diagnostics] == got
        assert _model(twin) == _model(result)
    if "same-as-base" in case.flags:
        base = tmp_path / "base"
        write_project(base / "stacks")
        assert _model(load_in(base, monkeypatch)) == _model(result)
    if result.ok and "sources" not in case.flags:
        check_outputs(case, render_everything(root / "stacks"))
    else:
        assert not case.checks, "output checks need a project that loads"


def _model(result: LoadResult) -> object:
    project = result.project
    if project is None:
        return None
    return (project.repos, project.groups, project.layers, project.stacks, result.stacks)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v for k, v in attrs if k in ("href", "src") and v is not None]


LINK_CASES = [case for case in CASES if any(" ST210 " in line for line in case.expected)]


def _prose_of(case: Case) -> list[str]:
    """Every prose field's text in the case's own files."""
    found: list[str] = []

    def walk(data: object, key: str = "") -> None:
        if isinstance(data, dict):
            for k, v in data.items():
                walk(v, str(k))
        elif isinstance(data, list):
            for v in data:
                walk(v, key)
        elif isinstance(data, str) and key in PROSE_FIELDS:
            found.append(data)

    for path in sorted((case.folder / "stacks").rglob("*.yaml")):
        walk(yaml.safe_load(path.read_bytes()))
    return found


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in LINK_CASES])
def test_refused_links_are_dropped_when_rendered_anyway(case: Case) -> None:
    """Defence in depth: the prose renderer drops every link the loader refuses."""
    texts = _prose_of(case)
    assert texts, "a link case holds its link in prose"
    for text in texts:
        html = prose_html(text)
        assert_safe_html(html, case.name)  # every href and src left is http(s) or relative
        links = _Links()
        links.feed(html)
        assert all(urlsplit(url).scheme in ("", "http", "https") for url in links.urls), links.urls


# --- Builds ----------------------------------------------------------------------------

SITE_CONFIG = {
    "site_name": "hostile",
    "theme": {"name": "material", "font": False},
    "plugins": ["search", {"stacktour": {"stacks_dir": "stacks"}}],
    "markdown_extensions": [*PAGE_EXTENSIONS, "pymdownx.highlight"],
}


def site_project(root: Path, stacks: Path | None = None) -> Path:
    """mkdocs.yml, docs/index.md and (copied from `stacks`, if given) the stacks folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(SITE_CONFIG, sort_keys=False))
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    if stacks is not None:
        shutil.copytree(stacks, root / "stacks")
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def mkdocs_build(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict`, not quiet: with `-q`, MkDocs drops warnings before strict
    mode counts them, and a warning-only build would pass."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.mark.parametrize("case", cases(build=True))
def test_build_case(case: Case, tmp_path: Path) -> None:
    root = site_project(tmp_path / "project")
    materialise(case, root)
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good site\n")
    before = tree(site)
    result = mkdocs_build(root, site)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    if case.expected:  # errors, or warnings (which fail a strict build)
        assert result.returncode != 0, output
        for line in case.expected:
            assert line in result.stderr, f"{line!r} not in:\n{result.stderr}"
        # Errors, and warnings under --strict, stop the build before site/ is emptied.
        assert tree(site) == before, "a failed build touched the site"
        return
    assert result.returncode == 0, output
    first = tree(site)
    assert "index.html" in first and first != before
    again = mkdocs_build(root, site)
    assert again.returncode == 0, again.stderr
    assert tree(site) == first, "a second build of the same tree changed the site"


# --- The injection project: every hostile string in every field -----------------------


@pytest.fixture(scope="module")
def injection_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    stacks = tmp_path_factory.mktemp("injection") / "stacks"
    shutil.copytree(INJECTION, stacks)
    return render_everything(stacks)


# Strings of the injection project that would be markup if emitted raw.
PAYLOADS = (
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=1>",
    "</script><script>window.__pwned=1</script>",
    "'><svg onload=window.__pwned=1>",
    "<style>*{display:none}</style>",
    "<details open ontoggle=window.__pwned=1>",
)


def test_injection_project_loads_with_only_bidi_warnings() -> None:
    result = load_project(INJECTION)
    assert result.ok, [d.format() for d in result.diagnostics]
    assert {d.code for d in result.diagnostics} == {"ST211"}


def test_injection_project_renders_every_view(injection_outputs: dict[str, str]) -> None:
    kinds = {name.split(":")[0] for name in injection_outputs}
    assert kinds == {"map", "dot", "sequence", "text", "page"}
    assert len([n for n in injection_outputs if n.startswith("page:")]) == 7


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_show_as_text_and_never_as_markup(
    injection_outputs: dict[str, str], payload: str
) -> None:
    escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    shown_in = [n for n, text in injection_outputs.items() if escaped in text]
    assert any(n.startswith("page:") for n in shown_in), "the payload is shown nowhere"
    for name, text in injection_outputs.items():
        if name != "dot":
            assert payload not in text, name


def test_hostile_labels_reach_dot_quoted(injection_outputs: dict[str, str]) -> None:
    dot = injection_outputs["dot"]
    assert 'URL="javascript' not in dot
    assert "javascript:" not in "".join(re.findall(r'(?:URL|href)="([^"]*)"', dot))


def test_bidi_controls_are_shown_visibly(injection_outputs: dict[str, str]) -> None:
    for name, text in injection_outputs.items():
        assert "\u202e" not in text, name
    assert any("&lt;U+202E&gt;" in t for n, t in injection_outputs.items() if n.startswith("seq"))


# --- Source paths (stacktour.sources.safe_source_path) --------------------------------


def _source_root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    (root / "src" / "ok.cs").write_text("ok\n")
    (tmp_path / "repo-evil").mkdir()
    (tmp_path / "repo-evil" / "x.cs").write_text("secret\n")
    return root


@pytest.mark.parametrize(
    ("make", "relative", "why"),
    [
        (None, "../../../etc/passwd", "climbs out of its root with '..'"),
        (None, "src/../../repo-evil/x.cs", "climbs out of its root with '..'"),
        (None, "/etc/passwd", "is absolute"),
        (None, "\\etc\\passwd", "is absolute"),
        (None, "", "is absolute"),
        ("link-out", "src/link.cs", "leaves"),
        ("link-prefix", "src/link.cs", "leaves"),
        ("link-dir", "src/linked/x.cs", "leaves"),
        ("fifo", "src/pipe.cs", "is not a regular file"),
        (None, "src", "is not a regular file"),
        (None, "src/missing.cs", "does not exist"),
    ],
)
def test_source_path_is_refused(tmp_path: Path, make: str | None, relative: str, why: str) -> None:
    root = _source_root(tmp_path)
    if make == "link-out":
        (root / "src" / "link.cs").symlink_to("/etc/hostname")
    elif make == "link-prefix":  # `repo-evil` starts with `repo`: a prefix check would pass
        (root / "src" / "link.cs").symlink_to(tmp_path / "repo-evil" / "x.cs")
    elif make == "link-dir":
        (root / "src" / "linked").symlink_to(tmp_path / "repo-evil", target_is_directory=True)
    elif make == "fifo":
        os.mkfifo(root / "src" / "pipe.cs")
    with pytest.raises(SourceError, match=re.escape(why)):
        safe_source_path(root, relative)


def test_source_path_inside_the_root_is_read(tmp_path: Path) -> None:
    root = _source_root(tmp_path)
    (root / "src" / "alias.cs").symlink_to("ok.cs")  # a link that stays inside is fine
    assert safe_source_path(root, "src/ok.cs").read_text() == "ok\n"
    assert safe_source_path(root, "src/alias.cs") == (root / "src" / "ok.cs").resolve()


# --- This file's own helpers ------------------------------------------------------------


def test_escapes_in_corpus_files_round_trip() -> None:
    text = "a\u202eb\x00c\\d\ud800"
    assert unescape(shown(text)) == text
    assert shown("plain <b>") == "plain <b>"


def _walk(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.rglob("*") if p.is_file())


def test_corpus_files_are_small() -> None:
    """Generated inputs stay generated: nothing big is committed."""
    assert all(p.stat().st_size < 64_000 for p in _walk(CORPUS))


def test_readme_names_every_setup() -> None:
    readme = (CORPUS / "README.md").read_text("utf-8")
    assert "@setup NAME" in readme
    used = {name for case in CASES for name in case.setups}
    assert used == set(SETUPS), set(SETUPS) - used


def test_shared_build_helper_fails_a_strict_build_on_a_warning(tmp_path: Path) -> None:
    from .sitetools import build_site

    case = next(c for c in CASES if c.name == "bidi-warning-strict")
    root = site_project(tmp_path / "project")
    materialise(case, root)
    assert build_site(root, root / "site", strict=True).returncode != 0
