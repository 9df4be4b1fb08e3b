"""From one trace stack to the layers, frames, calls and stack that describe it (pure).

The plan says what to add to a site and nothing else: new layers, new frames and calls
in layers that already exist, repositories and a group for `system.yaml`, and the stack
file. A frame the site already documents (same repository, path and symbol, or the same
layer and frame ids) is reused. Writing the plan is `skeleton.write`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..importers.model import TraceFrame, TraceStack
from ..model import Frame, Layer, Project
from .paths import PathMap, map_file

GROUP_BY = ("class", "module")


class PlanError(ValueError):
    """The trace cannot become a stack with these options; the message says why."""


@dataclass(frozen=True)
class RepoFact:
    """A repository to add to `system.yaml`: its id, upstream URL, and commit or tag."""

    id: str
    url: str
    commit: str = ""
    tag: str = ""
    title: str = ""


@dataclass(frozen=True)
class ImportOptions:
    """How to turn a trace stack into files.

    `group_by`: "class" puts each class's members in one layer (free functions by module),
    "module" puts each module's (file's) members in one layer. `keep_runtime` keeps the
    platform's own frames; `drop` names more module, type or file prefixes to leave out.
    """

    stack_id: str | None = None
    title: str | None = None
    group_by: str = "class"
    keep_runtime: bool = False
    drop: tuple[str, ...] = ()
    maps: tuple[PathMap, ...] = ()
    group: str = "process"
    group_title: str = ""
    repos: tuple[RepoFact, ...] = ()
    source: str = ""  # what the trace was read from, for the summary
    verb: str = "Imported"  # or "Recorded"
    origin: str = "trace line"  # how a frame's comment names where it came from


@dataclass
class CallDraft:
    to: str
    at: int | None
    kind: str


@dataclass
class FrameDraft:
    name: str  # id inside its layer
    title: str
    symbol: str | None
    language: str
    path: str | None  # when it differs from the layer's source path
    origin: str  # where the trace showed it, written as a comment
    existing: bool = False  # already in the site: only calls are added
    calls: list[CallDraft] = field(default_factory=list)


@dataclass
class LayerDraft:
    id: str
    title: str
    kind: str
    group: str
    repo: str | None
    path: str | None
    existing_file: str | None = None  # the file of a layer the site already has
    frames: list[FrameDraft] = field(default_factory=list)


@dataclass
class StackDraft:
    id: str
    title: str
    summary: str
    entry: str
    steps: list[str]
    replaces: str | None = None  # the file of a stack with this id (rewritten with --force)


@dataclass
class Plan:
    layers: list[LayerDraft]
    stack: StackDraft
    repos: list[RepoFact]
    group: tuple[str, str] | None  # (id, title) of a group to add
    notes: list[str]


@dataclass
class _Placed:
    """A kept trace frame and where it lives in the site."""

    frame: TraceFrame
    frame_id: str  # layer.frame
    repo: str | None
    path: str | None


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean(text: str, limit: int = 300) -> str:
    """Text from a trace made safe for a title: no control or bidi characters, bounded."""
    text = _CONTROLS.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


def slug(text: str) -> str:
    """A schema id from a name: `ProcessRequestCoreAsync` -> `process-request-core-async`."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", text)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1-\2", text)
    words = re.findall(r"[a-z0-9]+", text.lower())
    joined = "-".join(words)[:60].strip("-")
    if not joined or not joined[0].isalpha():
        joined = "f-" + joined if joined else "frame"
    return joined


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _is_dropped(frame: TraceFrame, options: ImportOptions) -> bool:
    if frame.runtime and not options.keep_runtime:
        return True
    names = (frame.module, f"{frame.module}.{frame.owner}".strip("."), frame.file)
    return any(name.startswith(prefix) for prefix in options.drop for name in names if name)


def _title(frame: TraceFrame) -> str:
    owner_last = frame.owner.rsplit(".", 1)[-1]
    if frame.function in (".ctor", ".cctor"):
        return f"new {owner_last}" if frame.function == ".ctor" else f"static {owner_last}"
    if frame.generated == "lambda":
        return f"lambda in {frame.function}"
    return frame.function


def _symbol(frame: TraceFrame) -> str | None:
    """The `symbol:` of a frame: `Owner.member`; constructors by their type's name."""
    if frame.function.startswith("<") or not frame.function:
        return None  # module code, Python lambdas and comprehensions: no member to find
    if frame.qualified:
        return clean(frame.qualified, 500)
    if frame.function in (".ctor", ".cctor"):
        if not frame.owner:
            return None
        return clean(f"{frame.owner}.{frame.owner.rsplit('.', 1)[-1]}", 500)
    return clean(frame.symbol, 500)


def _layer_key(frame: TraceFrame, group_by: str) -> tuple[str, str]:
    """(id basis, title) of the layer a frame belongs in."""
    if group_by == "class" and frame.owner:
        return frame.owner, frame.owner
    if frame.module:
        return frame.module, frame.module
    stem = frame.file.replace("\\", "/").rsplit("/", 1)[-1] or "code"
    return stem.rsplit(".", 1)[0] or stem, stem


class _SiteIndex:
    """What the site already documents, to reuse rather than duplicate."""

    def __init__(self, project: Project | None) -> None:
        self.project = project
        self.layers: dict[str, Layer] = {x.id: x for x in project.layers} if project else {}
        self.by_symbol: dict[tuple[str, str, str], list[Frame]] = {}
        self.stacks = {s.id: s.file for s in project.stacks} if project else {}
        self.repos = {r.id for r in project.repos} if project else set()
        self.groups = {g.id for g in project.groups} if project else set()
        for layer in self.layers.values():
            for f in layer.frames:
                path = f.path or layer.path
                if layer.repo and path and f.symbol:
                    self.by_symbol.setdefault((layer.repo, path, f.symbol), []).append(f)

    def frame(self, frame_id: str) -> Frame | None:
        layer_id, _, name = frame_id.partition(".")
        layer = self.layers.get(layer_id)
        return next((f for f in layer.frames if f.name == name), None) if layer else None


def plan_import(
    stack: TraceStack, options: ImportOptions, project: Project | None, force: bool = False
) -> Plan:
    """The files that describe `stack`, given what `project` (the site, if any) holds.

    Raises PlanError when nothing is left to write (every frame dropped), or when a stack
    with the chosen id exists and `force` is not given.
    """
    if options.group_by not in GROUP_BY:
        raise PlanError(f"group by '{options.group_by}': expected one of {', '.join(GROUP_BY)}")
    site = _SiteIndex(project)
    notes: list[str] = []
    kept: list[tuple[TraceFrame, bool, bool]] = []  # frame, awaits next, spawns next
    dropped = 0
    for frame in stack.frames:
        if _is_dropped(frame, options):
            dropped += 1
            if kept and (frame.awaited or frame.spawned):
                last, awaits, spawns = kept[-1]
                kept[-1] = (last, awaits or frame.awaited, spawns or frame.spawned)
            continue
        kept.append((frame, frame.awaited, frame.spawned))
    if dropped:
        notes.append(
            f"{dropped} runtime or dropped frame(s) left out"
            + ("" if options.keep_runtime else " (--keep-runtime keeps the platform's frames)")
        )
    if not kept:
        raise PlanError("every frame of this stack is runtime code or dropped; try --keep-runtime")

    layers: dict[str, LayerDraft] = {}
    layer_for_key: dict[tuple[str, str, str | None], str] = {}
    taken_layers = set(site.layers)
    used_frames: set[str] = set()  # frame ids already on this stack (recursion gets new ones)
    placed: list[_Placed] = []
    unmapped = 0

    for frame, _, _ in kept:
        hit = map_file(frame.file, options.maps) if frame.file else None
        if hit is not None and not hit[0].repo:
            hit = None  # a map that says "not mapped" (site-packages inside the stdlib)
        repo, path = (hit[0].repo, hit[1]) if hit else (None, None)
        if hit is None and frame.file:
            unmapped += 1
        symbol = _symbol(frame) if repo else None
        # 1. Same repository, path and symbol as a frame the site has.
        if repo and path and symbol:
            key = (repo, path, symbol)
            matches = [f for f in site.by_symbol.get(key, []) if f.id not in used_frames]
            if matches:
                _reuse(layers, site, matches[0])
                used_frames.add(matches[0].id)
                placed.append(_Placed(frame, matches[0].id, repo, path))
                continue
        # 2. The layer: the site's layer of the same id and source, or a new one.
        basis, title = _layer_key(frame, options.group_by)
        lkey = (basis, frame.module, repo)  # frames of other files get their own `path:`
        layer_id = layer_for_key.get(lkey)
        if layer_id is None:
            base = slug(basis.rsplit(".", 1)[-1] if options.group_by == "class" else basis)
            layer_id, n = base, 1
            while layer_id in taken_layers:
                existing = site.layers.get(layer_id)
                if existing and existing.repo == repo and (existing.path == path or not repo):
                    break  # the site's layer of the same name and source: join it
                n += 1
                layer_id = f"{base}-{n}"
            taken_layers.add(layer_id)
            layer_for_key[lkey] = layer_id
        draft = layers.get(layer_id)
        if draft is None and layer_id in site.layers:
            draft = _draft_for_existing(layers, site, layer_id)
        elif draft is None:
            draft = LayerDraft(
                id=layer_id,
                title=clean(title, 200),
                kind=_layer_kind(frame, hit[0] if hit else None, options.group_by),
                group=options.group,
                repo=repo,
                path=path,
            )
            layers[layer_id] = draft
        # 3. The frame: the site's frame of the same ids (and symbol), or a new one. A frame
        # already on this stack (recursion) is a second activation: it gets a new id.
        base = slug(_title(frame).replace("new ", "ctor-").replace("lambda in ", "lambda-"))
        name, n = base, 1
        while True:
            frame_id = f"{layer_id}.{name}"
            have = site.frame(frame_id)
            taken = frame_id in used_frames or any(f.name == name for f in draft.frames)
            if have is not None and frame_id not in used_frames and have.symbol in (None, symbol):
                _reuse(layers, site, have)
                break
            if have is None and not taken:
                draft.frames.append(
                    FrameDraft(
                        name=name,
                        title=clean(_title(frame), 200),
                        symbol=symbol,
                        language=frame.language,
                        path=path if path != draft.path else None,
                        origin=clean(f"{options.origin} {frame.trace_line}: {frame.where}", 500),
                    )
                )
                break
            n += 1
            name = f"{base}-{n}"
        used_frames.add(frame_id)
        placed.append(_Placed(frame, frame_id, repo, path))

    if unmapped and options.maps:
        notes.append(f"{unmapped} frame(s) matched no --map prefix: written without a source")
    elif unmapped:
        notes.append(
            f"{unmapped} frame(s) have files but no repository: give --map PREFIX=REPO:PATH "
            "so that `stacktour sync` can fill in their code"
        )

    steps = _add_calls(placed, kept, layers, site, notes)
    innermost = placed[-1]
    stack_id = options.stack_id or slug(innermost.frame_id.replace(".", "-"))
    replaces = site.stacks.get(stack_id)
    if replaces is not None and not force:
        raise PlanError(
            f"a stack with id '{stack_id}' exists ({replaces}); give another --id, "
            "or --force to replace it"
        )
    title = clean(options.title or stack.title or f"Call stack of {innermost.frame.symbol}")
    summary = _summary(stack, options, innermost.frame)
    repos = [r for r in options.repos if r.id not in site.repos and _repo_used(r.id, placed)]
    group = None
    if options.group not in site.groups and any(not d.existing_file for d in layers.values()):
        group = (options.group, options.group_title or options.group)
    return Plan(
        layers=sorted(layers.values(), key=lambda d: d.id),
        stack=StackDraft(
            id=stack_id,
            title=title,
            summary=summary,
            entry=placed[0].frame_id,
            steps=steps,
            replaces=replaces,
        ),
        repos=repos,
        group=group,
        notes=notes,
    )


def _repo_used(repo_id: str, placed: list[_Placed]) -> bool:
    return any(p.repo == repo_id for p in placed)


def _reuse(layers: dict[str, LayerDraft], site: _SiteIndex, frame: Frame) -> None:
    """Note a frame of the site as part of this stack, so calls can be added to it."""
    draft = _draft_for_existing(layers, site, frame.layer)
    if not any(f.name == frame.name for f in draft.frames):
        draft.frames.append(
            FrameDraft(frame.name, frame.title, frame.symbol, frame.language, None, "", True)
        )


def _draft_for_existing(
    layers: dict[str, LayerDraft], site: _SiteIndex, layer_id: str
) -> LayerDraft:
    if layer_id not in layers:
        layer = site.layers[layer_id]
        layers[layer_id] = LayerDraft(
            id=layer.id,
            title=layer.title,
            kind=layer.kind,
            group=layer.group,
            repo=layer.repo,
            path=layer.path,
            existing_file=layer.file,
        )
    return layers[layer_id]


def _layer_kind(frame: TraceFrame, mapping: PathMap | None, group_by: str) -> str:
    if group_by == "class" and frame.owner:
        return "class"
    if mapping is not None and mapping.kind:
        return mapping.kind
    return "library" if frame.runtime else "user-code"


def _add_calls(
    placed: list[_Placed],
    kept: list[tuple[TraceFrame, bool, bool]],
    layers: dict[str, LayerDraft],
    site: _SiteIndex,
    notes: list[str],
) -> list[str]:
    """Each frame calls the next at the line the trace shows it on; the stack's steps."""
    steps: list[str] = []
    for i in range(len(placed) - 1):
        caller, callee = placed[i], placed[i + 1]
        _, awaits, spawns = kept[i]
        kind = "fire-and-forget" if spawns else "await" if awaits else "call"
        at = caller.frame.line
        have = site.frame(caller.frame_id)
        lines = have.lines if have is not None else None
        if lines is not None and at is not None and not lines[0] <= at <= lines[1]:
            notes.append(
                f"{caller.frame_id}: the trace's line {at} is outside the frame's lines "
                f"[{lines[0]}, {lines[1]}] (another version?); the call is "
                "written without its line"
            )
            at = None
        known = have.calls if have is not None else ()
        layer_id, _, name = caller.frame_id.partition(".")
        draft = next(f for f in layers[layer_id].frames if f.name == name)
        exists = any(c.to == callee.frame_id and c.at == at for c in known) or any(
            c.to == callee.frame_id and c.at == at for c in draft.calls
        )
        if not exists:
            draft.calls.append(CallDraft(to=callee.frame_id, at=at, kind=kind))
        steps.append(f"{caller.frame_id} -> {callee.frame_id}" + (f" @ {at}" if at else ""))
    return steps


def _summary(stack: TraceStack, options: ImportOptions, innermost: TraceFrame) -> str:
    name = f"`{innermost.symbol or innermost.function}`"
    if options.verb == "Recorded":
        run = f" by running `{options.source}`" if options.source else ""
        return (
            f"Recorded{run}: the real call stack on entering {name}, caller first. "
            "Each arrow is a call at the line the running code reported."
        )
    what = {
        "exception": "where the exception was raised",
        "thread": "as the thread stood when it was dumped",
        "goroutine": "as the goroutine stood when it was dumped",
    }.get(stack.kind, "as it stood when it was captured")
    source = f" from `{options.source}`" if options.source else ""
    head = clean(stack.title).replace("`", "'")
    head = f" (`{head}`)" if head else ""
    return (
        f"Imported{source}{head}: the real call stack down to {name}, {what}, caller first. "
        "Each arrow is a call at the line the trace reported."
    )
