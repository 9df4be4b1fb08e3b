"""The sites the benchmark builds: synthetic stacktour sites, and the floor of any site.

A synthetic site has N stacks over a shared pool of layers, from a fixed seed. The pool
is a layered system: each layer calls two to four layers a little deeper, each such pair
by one kind of call, as the layers of a real system call a few others and not all of
them. A stack (12-40 layers, 25-300 steps, derived by following calls from the entry) is
a random call tree walked over that graph from an entry layer, with loops, branches,
labels, returns, notes and network hops; its frames are given consecutive line ranges
and a C#-like excerpt whose call lines are the calls' `at`, and written as ordinary YAML
files that `stacktour validate` accepts.

The floor of a site is what the same pages cost without stacktour: the same Markdown
skeleton (headings, fenced excerpts), the same prose as Markdown for MkDocs to convert,
and the rest of what stacktour writes around it (call sentences, call stacks, locations)
as the raw HTML it would insert; on the same Material configuration, without the plugin,
its assets, or any diagram or map.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from stacktour.loader import load_project
from stacktour.model import CALL_KINDS, Call, Frame, Guard, Segment, Via
from stacktour.pages import Diagrams, GeneratedPage, build_pages, codeview, links_for, prose
from stacktour.pages.excerpts import fence
from stacktour.pages.order import stack_order
from stacktour.pages.overview import overview_page, overview_path, system_title
from stacktour.pages.schema_reference import schema_table
from stacktour.sequence import text_alternative
from stacktour.standalone.stub import is_stub_text
from stacktour.systems.folders import find_systems

ROOT = Path(__file__).resolve().parents[2]
SEED = 15  # the number: every synthetic site is drawn from it

_WORDS = (
    "worker",
    "host",
    "message",
    "request",
    "invocation",
    "context",
    "pipeline",
    "stage",
    "binding",
    "converter",
    "client",
    "channel",
    "stream",
    "reader",
    "writer",
    "handler",
    "dispatcher",
    "queue",
    "partition",
    "instance",
    "orchestration",
    "activity",
    "entity",
    "history",
    "table",
    "blob",
    "lease",
    "checkpoint",
    "payload",
    "header",
    "token",
    "scope",
    "service",
    "provider",
    "factory",
    "option",
    "setting",
    "policy",
    "retry",
    "timeout",
    "buffer",
)
_GROUP_KINDS = ("process", "process", "build", "repository", "package", "service", "boundary")
_LAYER_KINDS = ("class", "middleware", "generated", "service", "user-code", "client-stub")


@dataclass(frozen=True)
class SyntheticSpec:
    """N stacks of `layers` (inclusive range) layers and `steps` steps, over a shared pool."""

    stacks: int
    layers: tuple[int, int] = (12, 40)
    steps: tuple[int, int] = (25, 300)
    seed: int = SEED

    @property
    def pool(self) -> int:
        """Layers in the site: stacks share them, as stacks through one system do. One
        per stack beyond 40 keeps every layer file under the loader's 1 MiB limit (at
        N = 500 with N / 2, the busiest held 1.08 MB of frames)."""
        return max(self.layers[1], 40 + self.stacks)


@dataclass(frozen=True)
class SiteFacts:
    """What was written: counts a reader of the table needs to judge the figures."""

    stacks: int
    layers: int
    frames: int
    steps: int
    excerpt_lines: int
    yaml_bytes: int


def _sentence(rng: random.Random, low: int = 6, high: int = 18) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.5:
        k = rng.randrange(len(words))
        words[k] = f"`{words[k].capitalize()}Async`"
    if rng.random() < 0.2:
        k = rng.randrange(len(words))
        words[k] = f"**{words[k]}**"
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _prose(rng: random.Random, sentences: tuple[int, int], paragraphs: int = 1) -> str:
    return "\n\n".join(
        " ".join(_sentence(rng) for _ in range(rng.randint(*sentences))) for _ in range(paragraphs)
    )


def _call_code(call: Call, callee_title: str) -> str:
    name = re.sub(r"\W", "", callee_title) or "Run"
    return {
        "await": f"await _next.{name}Async(context);",
        "fire-and-forget": f"_ = Task.Run(() => {name}Async(context));",
        "next": "await next(context);",
        "virtual": f"await _handler.{name}(context, cancellationToken);",
        "network": f"var response = await _client.{name}Async(request);",
        "generated": f"await _executor.{name}(context);",
        "callback": f"OnCompleted?.Invoke({name}(context));",
    }.get(call.kind, f"{name}(context);")


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _dump(data: dict[str, Any], schema: str) -> str:
    head = f"# yaml-language-server: $schema={schema}\n"
    return head + yaml.dump(data, Dumper=_Dumper, sort_keys=False, width=100, allow_unicode=True)


def _frame_yaml(
    frame: Frame,
    new_id: str,
    start: int,
    rename: dict[str, str],
    titles: dict[str, str],
    rng: random.Random,
) -> tuple[dict[str, Any], int]:
    """The frame as YAML data, its excerpt and call lines laid out from line `start`."""
    code = [f"public async {frame.signature}", "{"]
    calls: list[dict[str, Any]] = []
    for call in frame.calls:
        assert call.to is not None
        if rng.random() < 0.5:
            code.append(f"    var {rng.choice(_WORDS)} = context.{rng.choice(_WORDS).title()};")
        item: dict[str, Any] = {"to": rename[call.to]}
        for guard_name in ("branch", "loop"):
            guard = getattr(call, guard_name)
            if guard is not None:
                code.append(f"    {guard.text}")
                item[guard_name] = {"text": guard.text, "line": start + len(code) - 1}
        code.append("        " + _call_code(call, titles[call.to]))
        item = {"to": item.pop("to"), "at": start + len(code) - 1, "kind": call.kind, **item}
        if call.via is not None:
            item["via"] = {"protocol": call.via.protocol, "method": call.via.method}
        for text_field in ("label", "returns", "note"):
            if getattr(call, text_field):
                item[text_field] = getattr(call, text_field)
        calls.append(item)
    code += ["    return;", "}"]
    end = start + len(code) - 1
    data: dict[str, Any] = {
        "id": new_id,
        "title": frame.title,
        "signature": f"public async {frame.signature}",
        "language": "csharp",
        "lines": [start, end],
        "excerpt": "\n".join(code) + "\n",
        "explanation": _prose(rng, (1, 4), rng.randint(1, 2)),
    }
    if calls:
        data["calls"] = calls
    return data, end


_KINDS = sorted(CALL_KINDS)
_MAX_DEPTH = 12


def _pool_calls(rng: random.Random, size: int) -> list[list[tuple[int, str]]]:
    """For each pool layer, the layers it calls (2-4, a little deeper, wrapping at the
    end) and the kind of every such call."""
    reach = min(24, size - 1)
    return [
        [
            ((k + d) % size, rng.choice(_KINDS))
            for d in rng.sample(range(1, reach + 1), rng.randint(2, 4))
        ]
        for k in range(size)
    ]


def _walk(
    rng: random.Random,
    callees: list[list[tuple[int, str]]],
    start: int,
    layers: int,
    steps: int,
    prefix: str,
) -> list[Frame]:
    """A stack's frames, entry first: `steps` calls, each to a new frame, walked from
    pool layer `start` over `callees` until the stack spans `layers` layers (when the
    graph reaches that many), then among the layers it has. A fifth of the calls stay in
    their layer."""

    def word(k: int) -> str:
        return "".join(rng.choice(_WORDS).title() for _ in range(k))

    made: list[tuple[int, str, list[Call]]] = []  # pool layer, title, calls

    def new_frame(layer: int) -> int:
        made.append((layer, word(rng.randint(1, 4)), []))
        return len(made) - 1

    def fid(n: int) -> str:
        return f"layer-{made[n][0]}.{prefix}-f{n}"

    used = {start}
    path = [new_frame(start)]
    for _ in range(steps):
        while len(path) > 1 and (len(path) >= _MAX_DEPTH or rng.random() < 0.3):
            path.pop()
        parent = path[-1]
        here = made[parent][0]
        fresh = [c for c in callees[here] if c[0] not in used]
        known = [c for c in callees[here] if c[0] in used]
        if fresh and len(used) >= layers:
            fresh = []  # the stack spans its layers: it calls among them from now on
        if rng.random() < 0.2 or not (fresh or known):
            layer, kind = here, rng.choice(("call", "await"))
        elif fresh and (rng.random() < 0.7 or not known):
            layer, kind = rng.choice(fresh)
        else:
            layer, kind = rng.choice(known)
        used.add(layer)
        child = new_frame(layer)
        made[parent][2].append(
            Call(
                kind=kind,
                to=fid(child),
                via=Via("gRPC", f"/{word(1)}.{word(1)}/{word(2)}") if kind == "network" else None,
                loop=Guard(f"while (await {word(2)}())") if rng.random() < 0.12 else None,
                branch=Guard(f"case {word(1)}:") if rng.random() < 0.08 else None,
                label=word(2) if rng.random() < 0.3 else "",
                returns=word(1) if rng.random() < 0.5 else "",
                note=_sentence(rng, 4, 30) if rng.random() < 0.4 else "",
            )
        )
        path.append(child)
    return [
        Frame(
            id=fid(n),
            name=fid(n).partition(".")[2],
            layer=f"layer-{layer}",
            title=title,
            signature=f"Task {title}({word(1)} {word(1).lower()})",
            calls=tuple(calls),
        )
        for n, (layer, title, calls) in enumerate(made)
    ]


def write_synthetic_stacks(target: Path, spec: SyntheticSpec) -> SiteFacts:
    """Write `target`/system.yaml, layers/ and one file per stack; returns the counts."""
    rng = random.Random(f"site-{spec.seed}")
    (target / "layers").mkdir(parents=True, exist_ok=True)
    groups: dict[str, dict[str, Any]] = {}
    for g in range(8):
        group: dict[str, Any] = {
            "title": f"{rng.choice(_WORDS).title()} {rng.choice(_WORDS)} ({g})",
            "kind": rng.choice(_GROUP_KINDS),
            "summary": _prose(rng, (1, 2)),
        }
        if g % 3 == 2:
            group["parent"] = f"group-{g - 2}"
        groups[f"group-{g}"] = group
    repos = {
        f"repo-{r}": {
            "title": f"Repository {r}",
            "url": f"https://github.com/example/repo-{r}",
            "commit": f"{rng.getrandbits(160):040x}",
        }
        for r in range(3)
    }
    system = {"repos": repos, "groups": groups}
    pool: list[dict[str, Any]] = []
    for k in range(spec.pool):
        title = "".join(rng.choice(_WORDS).title() for _ in range(rng.randint(2, 3)))
        pool.append(
            {
                "id": f"layer-{k}",
                "title": title,
                "kind": rng.choice(_LAYER_KINDS),
                "group": f"group-{rng.randrange(len(groups))}",
                "source": {"repo": f"repo-{k % 3}", "path": f"src/{title}.cs"},
                "summary": _prose(rng, (1, 3)),
                "frames": [],
            }
        )
    callees = _pool_calls(rng, spec.pool)
    next_line = [10] * spec.pool
    stacks: list[dict[str, Any]] = []
    steps = frames = lines = 0
    for i in range(spec.stacks):
        srng = random.Random(f"stack-{spec.seed}-{i}")
        layers = srng.randint(*spec.layers)
        wanted = srng.randint(*spec.steps)
        tree = _walk(srng, callees, srng.randrange(spec.pool), layers, wanted, f"s{i}")
        titles = {frame.id: frame.title for frame in tree}
        rename = {frame.id: frame.id for frame in tree}
        for frame in tree:
            k = int(frame.layer.removeprefix("layer-"))
            data, end = _frame_yaml(frame, frame.name, next_line[k], rename, titles, srng)
            next_line[k] = end + 3
            pool[k]["frames"].append(data)
            frames += 1
            lines += end - data["lines"][0] + 1
        entry = tree[0].id
        steps += wanted
        stacks.append(
            {
                "id": f"stack-{i}",
                "title": f"Stack {i}: " + _sentence(srng, 3, 7).rstrip("."),
                "summary": _prose(srng, (2, 4), 2),
                "entry": entry,
            }
        )
    written = 0

    def put(path: Path, text: str) -> None:
        nonlocal written
        path.write_text(text, encoding="utf-8")
        written += len(text.encode())

    schema = "../plugins/stacktour/schema"
    put(target / "system.yaml", _dump(system, f"{schema}/system.schema.json"))
    used = [data for data in pool if data["frames"]]
    for data in used:
        put(
            target / "layers" / f"{data['id']}.yaml",
            _dump(data, f"../{schema}/layer.schema.json"),
        )
    for stack_data in stacks:
        put(target / f"{stack_data['id']}.yaml", _dump(stack_data, f"{schema}/stack.schema.json"))
    return SiteFacts(len(stacks), len(used), frames, steps, lines, written)


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it, for the parts the benchmark copies: `!ENV NAME`
    is the variable's value (null when unset)."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = (
        loader.construct_sequence(node)
        if isinstance(node, yaml.SequenceNode)
        else [
            loader.construct_scalar(node)  # type: ignore[arg-type]
        ]
    )
    return next((os.environ[str(n)] for n in names if str(n) in os.environ), None)


_ConfigLoader.add_constructor("!ENV", _env)


def read_config(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return {key: value for key, value in data.items() if value is not None}


def site_config(*, plugin: bool, nav: list[Any] | None, extra: dict[str, Any] | None = None) -> str:
    """This repository's mkdocs.yml (theme and Markdown set-up), with or without stacktour."""
    config = read_config(ROOT / "mkdocs.yml")
    config["strict"] = False  # a benchmark measures; the test suite is what checks links
    config.pop("nav", None)
    config.pop("hooks", None)  # the Chinese build of this site is not what is measured
    config.get("extra", {}).pop("alternate", None)
    if nav is not None:
        config["nav"] = nav
    plugins = [
        p
        for p in config.get("plugins", [])
        if p != "stacktour" and not (isinstance(p, dict) and "stacktour" in p)
    ]
    if plugin:
        # A generous `dot` timeout: on a busy machine a big map can take a while, and a
        # stopped `dot` would end the benchmark, not measure it.
        plugins.append({"stacktour": {"stacks_dir": "stacks", "dot_timeout": 600.0}})
    config["plugins"] = plugins
    config.update(extra or {})
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)


SYNTHETIC_HOME = """# A synthetic site

Generated by `tools/bench.py` from a fixed seed: stacks, layers and excerpts that look like
a real system's, in the numbers a large site would have.
"""


def write_synthetic_site(target: Path, spec: SyntheticSpec) -> SiteFacts:
    """A whole stacktour site at `target`: mkdocs.yml, docs/index.md and stacks/."""
    facts = write_synthetic_stacks(target / "stacks", spec)
    (target / "docs").mkdir(parents=True, exist_ok=True)
    (target / "docs" / "index.md").write_text(SYNTHETIC_HOME, encoding="utf-8")
    (target / "mkdocs.yml").write_text(
        site_config(plugin=True, nav=[{"Home": "index.md"}]), encoding="utf-8"
    )
    return facts


def _generated(folder: str, names: list[str]) -> set[str]:
    """What `stacktour generate` wrote into docs/ (for Zensical): its stubs and assets."""
    here = Path(folder)
    skip = {"stacktour"} if here == ROOT / "docs" / "assets" else set()
    for name in names:
        path = here / name
        if name.endswith(".md") and path.is_file() and is_stub_text(path.read_text("utf-8")):
            skip.add(name)
    return skip


def copy_repository_site(target: Path) -> Path:
    """This repository's own site sources (mkdocs.yml, docs/, stacks/) at `target`,
    without what `stacktour generate` wrote into docs/."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs", target / "docs", ignore=_generated)
    shutil.copytree(ROOT / "stacks", target / "stacks")
    (target / "mkdocs.yml").write_text(
        site_config(plugin=True, nav=_repository_nav()), encoding="utf-8"
    )
    return target


def _repository_nav() -> list[Any] | None:
    config = read_config(ROOT / "mkdocs.yml")
    nav = config.get("nav")
    return list(nav) if isinstance(nav, list) else None


# ---- the floor


def _no_diagram(*_args: object) -> str:
    return ""


_MARKER = re.compile(r"\x00MD(\d+)\x00")


@contextmanager
def _as_markdown(texts: list[str]) -> Iterator[None]:
    """While building pages, each prose block and each code excerpt becomes a marker, its
    Markdown (the prose's source; a fenced block with the same lines, numbered and lit)
    kept in `texts`: the floor gives MkDocs these to convert, as a hand-written page
    would, where stacktour hands it finished HTML. (Inline prose stays HTML.)"""

    def keep(markdown: str) -> str:
        texts.append(markdown)
        return f"\x00MD{len(texts) - 1}\x00"

    def prose_block(text: str) -> str:
        return keep(text) if text.strip() else ""

    def excerpt(
        segments: tuple[Segment, ...], language: str, *, marks: Any, head: str, **_: Any
    ) -> str:
        lit = set(marks) | set(_.get("lit", ()))
        title = re.sub(r"<[^>]+>", "", head)
        return keep("\n".join(fence(s, language, marked=tuple(lit), title=title) for s in segments))

    def call_site(segment: Segment, lines: tuple[int, ...], language: str, _href: Any) -> str:
        shown = [n for n in lines if segment.start <= n <= segment.end] or [segment.start]
        text = "\n".join(segment.lines[n - segment.start] for n in shown)
        return keep(fence(Segment(shown[0], text), language, marked=tuple(shown)))

    replacements = {
        prose.prose_html: prose_block,
        codeview.excerpt_html: excerpt,
        codeview.call_site_html: call_site,
    }
    patched = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("stacktour."):
            continue
        for attr, value in vars(module).items():
            if callable(value) and value in replacements and name != value.__module__:
                patched.append((module, attr, value))
    for module, attr, value in patched:
        setattr(module, attr, replacements[value])
    try:
        yield
    finally:
        for module, attr, value in patched:
            setattr(module, attr, value)


def generated_pages(stacks_dir: Path, prose_texts: list[str] | None = None) -> list[GeneratedPage]:
    """stacktour's pages for a stacks folder, every system of it, with the diagrams and
    maps left empty (the floor has none, so they are never drawn here). With
    `prose_texts`, prose blocks and excerpts are markers for floor_markdown, their
    Markdown kept in that list. A site of several systems gets each system's pages
    under its folder and its overview, as the plugin makes them."""
    folders, problems = find_systems(stacks_dir)
    if problems:
        raise SystemExit(f"{stacks_dir}: {problems[0]}")
    several = len(folders) > 1
    pages: list[GeneratedPage] = []
    for folder in folders:
        with _as_markdown(prose_texts) if prose_texts is not None else nullcontext():
            pages += _system_pages(folder.folder, folder.name, several)
    return pages


def _system_pages(stacks_dir: Path, name: str, several: bool) -> list[GeneratedPage]:
    result = load_project(stacks_dir, name=name or None)
    if result.project is None or not result.ok:
        raise SystemExit(f"{stacks_dir}: the stacks do not load:\n{result.diagnostics}")
    project = result.project
    diagrams = Diagrams(
        sequence=_no_diagram,
        preview=_no_diagram,
        text_alternative=lambda resolved, links: text_alternative(resolved, project, links=links),
        stack_map=_no_diagram,
        layer_map=_no_diagram,
    )
    prefix = f"{name}/" if name else ""
    pages = build_pages(project, dict(result.stacks), diagrams, prefix=prefix)
    if not several:
        return pages
    index = f"{prefix}stacks/index.md"
    ordered = [result.stacks[s.id] for s in stack_order(project) if s.id in result.stacks]
    path = overview_path(prefix)
    overview = overview_page(
        project,
        ordered,
        diagrams,
        lambda links: "",
        links_for(path, prefix=prefix),
        system_title(project, name),
    )
    return [p for p in pages if p.path != index] + [overview]


def floor_markdown(page: GeneratedPage, texts: Sequence[str] = ()) -> str:
    """The page as plain Markdown: HTML fragments inlined as raw HTML blocks, each marker
    (prose, excerpt) taken out of its fragment and put after it as Markdown, the late
    (diagram) fragments dropped."""
    text = page.markdown
    for token, fragment in page.html.items():
        markdown = "".join(f"\n{texts[int(n)]}\n" for n in _MARKER.findall(fragment))
        html = _MARKER.sub("", fragment)
        text = text.replace(f"\n{token}\n", f"\n{html}\n{markdown}")
    for token in page.late:
        text = text.replace(f"\n{token}\n", "\n")
    return _MARKER.sub(lambda m: f"\n{texts[int(m.group(1))]}\n", text)


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})(.*)$")


def _floor_hand_page(text: str) -> str:
    """A hand-written page without stacktour: embedded diagrams dropped, the generated
    format tables (`view: schema`) inlined as the HTML the extension would give."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match is None:
            out.append(lines[i])
            i += 1
            continue
        fence = match.group(1)
        end = i + 1
        while end < len(lines):
            closing = lines[end].strip()
            if closing.startswith(fence) and set(closing) == {fence[0]}:
                break
            end += 1
        block = lines[i : end + 1]
        if match.group(2).strip() == "stacktour":
            options = dict(line.split(":", 1) for line in block[1:-1] if ":" in line)
            options = {k.strip(): v.split("#")[0].strip() for k, v in options.items()}
            if options.get("view") == "schema":
                out.append(schema_table(options.get("kind", "layer")))
        else:
            out.extend(block)
        i = end + 1
    return "\n".join(out)


def _floor_menu(pages: Sequence[GeneratedPage]) -> list[dict[str, Any]]:
    """Menu sections for the generated pages, as the plugin's: Stacks and Layers, and in
    a site of several systems one section per system holding its overview and those."""

    def sections(prefix: str, overview: str = "") -> list[dict[str, Any]]:
        return [
            {
                title: [
                    p.path
                    for p in pages
                    if p.path.startswith(f"{prefix}{folder}/") and p.path != overview
                ]
            }
            for title, folder in (("Stacks", "stacks"), ("Layers", "layers"))
        ]

    def title(path: str) -> str:
        return str(next(p.title for p in pages if p.path == path))  # a Prose is a str

    prefixes = sorted({p.path.split("/")[0] for p in pages} - {"stacks", "layers"})
    if not prefixes:
        return sections("")
    root = "stacks/index.md"
    menu = [{title(root): [root, *sections("", root)]}]
    for prefix in prefixes:
        overview = f"{prefix}/index.md"
        menu.append({title(overview): [overview, *sections(f"{prefix}/")]})
    return menu


def write_floor_site(site: Path, target: Path) -> int:
    """The floor of the stacktour site at `site`, written to `target`; returns its pages.

    Generated pages become Markdown files at the same paths; hand-written pages are
    copied without their embedded diagrams. The nav lists the same pages in the same
    sections as the plugin's.
    """
    docs = target / "docs"
    shutil.copytree(site / "docs", docs)
    for path in docs.rglob("*.md"):
        path.write_text(_floor_hand_page(path.read_text(encoding="utf-8")), encoding="utf-8")
    prose_texts: list[str] = []
    pages = generated_pages(site / "stacks", prose_texts)
    for page in pages:
        out = docs / page.path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(floor_markdown(page, prose_texts), encoding="utf-8")
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = config.get("nav")
    if isinstance(nav, list):
        nav = [*nav, *_floor_menu(pages)]
    (target / "mkdocs.yml").write_text(site_config(plugin=False, nav=nav), encoding="utf-8")
    return len(pages) + sum(1 for _ in (site / "docs").rglob("*.md"))
