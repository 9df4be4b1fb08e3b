"""Synthetic projects for benchmarks and property tests: any size, any text, reproducible.

`synthetic_project(layers, steps, seed)` builds a valid project with one stack whose
steps are derived from the entry frame (so `resolve` walks it as it would real
content): a random call tree over `layers` layers in nested groups, with every call
kind, loops, branches and network hops. `texts`, when given, replaces the generated
titles and labels (cycled), e.g. with CJK or very long strings.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from ..model import CALL_KINDS, Call, Frame, Group, Guard, Layer, Project, Stack, Via

_WORDS = [
    "Process",
    "Message",
    "Request",
    "Core",
    "Invoke",
    "Async",
    "Execute",
    "Function",
    "Start",
    "Orchestration",
    "Schedule",
    "Instance",
    "Client",
    "Handler",
    "Pipeline",
    "Middleware",
    "Binding",
    "Context",
    "Reader",
    "Worker",
    "Dispatch",
    "Converter",
    "Output",
    "Input",
    "Result",
    "Send",
    "Receive",
    "Channel",
    "Stream",
    "Create",
    "Build",
]


def synthetic_project(
    layers: int,
    steps: int,
    seed: int = 0,
    *,
    texts: Sequence[str] = (),
    groups: int = 4,
    max_depth: int = 12,
) -> Project:
    """A project with stack `synthetic` of exactly `steps` derived steps."""
    rng = random.Random(seed)
    text_pool = list(texts)
    counter = [0]

    def text(default: str) -> str:
        if not text_pool:
            return default
        counter[0] += 1
        return text_pool[counter[0] % len(text_pool)]

    def name(k: int) -> str:
        return "".join(rng.choice(_WORDS) for _ in range(k))

    group_objs: list[Group] = []
    for g in range(max(1, groups)):
        parent = (
            group_objs[rng.randrange(len(group_objs))].id if group_objs and g % 3 == 2 else None
        )
        group_objs.append(
            Group(
                id=f"g{g}",
                title=text(f"Process {g} ({name(1)})"),
                kind=rng.choice(["process", "repository", "package", "build"]),
                parent=parent,
            )
        )
    layer_groups = [group_objs[rng.randrange(len(group_objs))].id for _ in range(layers)]
    layer_titles = [text(name(2)) for _ in range(layers)]

    frames: dict[str, list[Frame]] = {f"l{i}": [] for i in range(layers)}
    calls: dict[str, list[Call]] = {}
    line = [10]

    def new_frame(layer: int) -> str:
        fid = f"l{layer}.f{sum(len(v) for v in frames.values())}"
        frames[f"l{layer}"].append(
            Frame(
                id=fid,
                name=fid.split(".")[1],
                layer=f"l{layer}",
                title=text(name(rng.randint(1, 4))),
                signature=f"Task {name(3)}({name(1)} {name(1).lower()})",
                path=f"src/{layer_titles[layer]}.cs",
                lines=(line[0], line[0] + 20),
            )
        )
        calls[fid] = []
        return fid

    entry = new_frame(0)
    path = [(entry, 0)]
    seen = 1
    for _ in range(steps):
        while len(path) > 1 and (len(path) >= max_depth or rng.random() < 0.3):
            path.pop()
        parent, parent_layer = path[-1]
        if seen < layers and rng.random() < 0.6:
            layer = seen
            seen += 1
        else:
            layer = rng.randrange(min(seen + 1, layers))
        child = new_frame(layer)
        kind = rng.choice(sorted(CALL_KINDS))
        line[0] += 3
        guard = Guard(text(f"while (await {name(2)}())"), line[0] - 1)
        calls[parent].append(
            Call(
                kind=kind,
                to=child,
                at=line[0],
                via=Via("gRPC", f"/{name(1)}.{name(1)}/{name(2)}") if kind == "network" else None,
                loop=guard if rng.random() < 0.12 else None,
                branch=Guard(text(f"case {name(1)}:"), line[0] - 2)
                if rng.random() < 0.08
                else None,
                label=text("") if rng.random() < 0.3 else "",
                returns=text(name(1)) if rng.random() < 0.5 else "",
            )
        )
        path.append((child, layer))
        del parent_layer

    def frame_with_calls(f: Frame) -> Frame:
        return Frame(
            id=f.id,
            name=f.name,
            layer=f.layer,
            title=f.title,
            signature=f.signature,
            path=f.path,
            lines=f.lines,
            calls=tuple(calls[f.id]),
        )

    layer_objs = tuple(
        Layer(
            id=f"l{i}",
            title=layer_titles[i],
            kind=rng.choice(["class", "middleware", "generated", "service", "user-code"]),
            group=layer_groups[i],
            path=f"src/{layer_titles[i]}.cs",
            summary=f"Layer {i}.",
            frames=tuple(frame_with_calls(f) for f in frames[f"l{i}"]),
        )
        for i in range(layers)
    )
    stack = Stack(
        id="synthetic", title=text("A synthetic stack"), entry=entry, summary="Generated."
    )
    return Project(groups=tuple(group_objs), layers=layer_objs, stacks=(stack,))
