"""Synthetic projects for benchmarks and property tests: any size, any text, reproducible.

A test and benchmark helper, outside the installed package (`from tools.synthetic import
synthetic_project`).

`synthetic_project(layers, steps, seed)` builds a valid project with one stack whose
steps are derived from the entry frame (so `resolve` walks it as it would real
content): a random call tree over `layers` layers in nested groups, with every call
kind, loops, branches and network hops. `texts`, when given, replaces the generated
titles and labels (cycled), e.g. with CJK or very long strings.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from stacktour.model import (
    CALL_KINDS,
    Call,
    Frame,
    Group,
    Guard,
    Layer,
    Project,
    Stack,
    StepSpec,
    Via,
)

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
    notes: float = 0.4,
) -> Project:
    """A project with stack `synthetic` of exactly `steps` derived steps."""
    rng = random.Random(seed)
    # Notes draw from their own generator, so adding them left every other choice (and
    # the benchmark's stack) as it was.
    note_rng = random.Random(f"notes-{seed}")
    text_pool = list(texts)
    counter = [0]

    def text(default: str) -> str:
        if not text_pool:
            return default
        counter[0] += 1
        return text_pool[counter[0] % len(text_pool)]

    def name(k: int) -> str:
        return "".join(rng.choice(_WORDS) for _ in range(k))

    def note() -> str:
        if note_rng.random() >= notes:
            return ""
        words = [note_rng.choice(_WORDS).lower() for _ in range(note_rng.randint(1, 45))]
        body = " ".join(["`" + words[0] + "`", *words[1:]]) + "."
        if note_rng.random() < 0.3:  # a paragraph and a list, as authors write them
            items = [note_rng.choice(_WORDS) for _ in range(note_rng.randint(1, 3))]
            body += "\n\n" + "\n".join(f"- **{item}**" for item in items)
        return text(body)

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
                note=note(),
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


def sample_project(texts: dict[str, str] | None = None) -> Project:
    """A small hand-written project using every feature the diagrams draw.

    Stack `sample` (steps derived) runs worker -> pipeline (middleware, own group) ->
    invoker -> generated code -> user code -> client -> network hop into the host, with
    a loop, a branch, a self-call and returns. Stack `outer` (steps listed) shows
    `sample` as a sub-flow. `texts` overrides titles and labels by key (e.g. CJK).
    """
    t = dict(texts or {})

    def s(key: str, default: str) -> str:
        return t.get(key, default)

    def frame(layer: str, name: str, title: str, calls: tuple[Call, ...] = ()) -> Frame:
        return Frame(
            id=f"{layer}.{name}",
            name=name,
            layer=layer,
            title=s(f"{layer}.{name}", title),
            signature=f"Task {title}()",
            lines=(10, 40),
            calls=calls,
        )

    def layer(lid: str, title: str, kind: str, group: str, *frames: Frame) -> Layer:
        return Layer(
            id=lid,
            title=s(lid, title),
            kind=kind,
            group=group,
            path=f"src/{title}.cs",
            summary=f"The {title}.",
            frames=frames,
        )

    groups = (
        Group("host", s("g.host", "Host process"), "process"),
        Group("worker", s("g.worker", "Worker process"), "process"),
        Group("pipeline", s("g.pipeline", "Middleware"), "boundary", parent="worker"),
        Group("gen", s("g.gen", "Generated code"), "build", parent="worker"),
    )
    loop = Guard(s("loop", "while (await MoveNext())"), 9)
    layers = (
        layer(
            "grpc-worker",
            "GrpcWorker",
            "class",
            "worker",
            frame(
                "grpc-worker",
                "process",
                "ProcessMessageAsync",
                (
                    Call(
                        "await",
                        to="middleware.invoke",
                        at=12,
                        loop=loop,
                        label=s("label.invoke", ""),
                    ),
                ),
            ),
        ),
        layer(
            "middleware",
            "OutputBindingsMiddleware",
            "middleware",
            "pipeline",
            frame(
                "middleware",
                "invoke",
                "Invoke",
                (
                    Call(
                        "next",
                        to="invoker.run",
                        at=20,
                        label=s("label.next", "next(context)"),
                        note=s("note.next", "`next` is the terminal stage."),
                    ),
                ),
            ),
        ),
        layer(
            "invoker",
            "FunctionInvoker",
            "class",
            "worker",
            frame(
                "invoker",
                "run",
                "InvokeAsync",
                (
                    Call(
                        "generated",
                        to="executor.execute",
                        at=30,
                        branch=Guard(s("branch", "case InvocationRequest:"), 28),
                    ),
                ),
            ),
        ),
        layer(
            "executor",
            "DirectFunctionExecutor",
            "generated",
            "gen",
            frame(
                "executor",
                "execute",
                "ExecuteAsync",
                (Call("virtual", to="user.handle", at=40, returns=s("ret.handle", "response")),),
            ),
        ),
        layer(
            "user",
            "HttpStart",
            "user-code",
            "worker",
            frame(
                "user",
                "handle",
                "HttpStart",
                (
                    Call(
                        "await",
                        to="client.schedule",
                        at=50,
                        returns=s("ret.schedule", "instanceId"),
                        note=s(
                            "note.schedule",
                            "An override call through the abstract **DurableTaskClient**, "
                            "declared in [durabletask-dotnet](https://github.com/microsoft/"
                            "durabletask-dotnet) `src/Client/Core/DurableTaskClient.cs`; "
                            "this note is long on purpose, so that it has to be shortened "
                            "to four lines with an ellipsis, its whole text in the tooltip.",
                        ),
                    ),
                    Call("call", to="user.helper", at=52),
                ),
            ),
            frame("user", "helper", "CreateCheckStatusResponse"),
        ),
        layer(
            "client",
            "GrpcDurableTaskClient",
            "client-stub",
            "worker",
            frame(
                "client",
                "schedule",
                "ScheduleNewOrchestrationInstanceAsync",
                (
                    Call(
                        "network",
                        to="server.start",
                        at=60,
                        via=Via("gRPC", "/TaskHub/StartInstance"),
                        returns=s("ret.start", "CreateInstanceResponse"),
                        note=s("note.start", "Unary gRPC over h2c to the host."),
                    ),
                ),
            ),
        ),
        layer(
            "server",
            "TaskHubGrpcServer",
            "service",
            "host",
            frame(
                "server",
                "start",
                "StartInstance",
                (
                    Call("fire-and-forget", to="server.persist", at=70),
                    Call(
                        "callback",
                        to="grpc-worker.ack",
                        at=72,
                        note=s("note.ack", "Leftwards, far: the note sits by the caller."),
                    ),
                ),
            ),
            frame("server", "persist", "PersistAsync"),
            frame("server", "listen", "ListenAsync"),
        ),
    )
    # A callback into the worker's own layer: same participant as the entry.
    worker = layers[0]
    layers = (
        Layer(
            id=worker.id,
            title=worker.title,
            kind=worker.kind,
            group=worker.group,
            path=worker.path,
            summary=worker.summary,
            frames=(*worker.frames, frame("grpc-worker", "ack", "OnAck")),
        ),
        *layers[1:],
    )
    stacks = (
        Stack(
            id="sample",
            title=s("stack", "A sample stack"),
            entry="grpc-worker.process",
            summary="Every kind of arrow.",
        ),
        Stack(
            id="outer",
            title=s("outer", "The sample as a sub-flow"),
            entry="server.listen",
            steps=(StepSpec(ref="sample"),),
            summary="One ref box.",
        ),
    )
    return Project(groups=groups, layers=layers, stacks=stacks)


def composed_project(
    layers: int,
    steps: int,
    seed: int = 0,
    *,
    texts: Sequence[str] = (),
    groups: int = 4,
    parts: int = 3,
) -> Project:
    """`synthetic_project` plus stacks made of sub-flows: `part-K` (derived from a frame
    of the call tree), `composed` (the parts and `synthetic` as sub-flows) and `outer`
    (`composed` and a part: sub-flows inside sub-flows)."""
    base = synthetic_project(layers, steps, seed, texts=texts, groups=groups)
    rng = random.Random(f"composed-{seed}")
    entry = base.stacks[0].entry
    callers = sorted(f.id for layer in base.layers for f in layer.frames if f.calls)
    picks = rng.sample(callers, min(parts, len(callers))) if callers else [entry]
    subs = [
        Stack(
            id=f"part-{k}",
            title=f"Part {k}: {fid}",
            entry=fid,
            summary="What it does:\n\n- one thing\n- `another`",
        )
        for k, fid in enumerate(picks)
    ]
    order = [s.id for s in subs]
    rng.shuffle(order)
    composed = Stack(
        id="composed",
        title="Composed of sub-flows",
        entry=entry,
        steps=tuple(StepSpec(ref=ref) for ref in [*order, "synthetic"]),
    )
    outer = Stack(
        id="outer",
        title="Sub-flows inside sub-flows",
        entry=entry,
        steps=(StepSpec(ref="composed"), StepSpec(ref=subs[0].id)),
    )
    return Project(
        groups=base.groups,
        layers=base.layers,
        stacks=(*base.stacks, *subs, composed, outer),
    )
