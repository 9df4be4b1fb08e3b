"""The view step: slices, hidden layers and groups folded, returns, fragments, sub-flows."""

from __future__ import annotations

import pytest
from stacktour.links import LinkScheme
from stacktour.model import Project
from stacktour.resolve import ResolvedStack, resolve_all
from stacktour.sequence import Diagram, diagram_model
from stacktour.sequence.view import Message, Ref, ViewOptions, diagram_key, parse_steps

from tools.synthetic import sample_project


@pytest.fixture(scope="module")
def sample() -> tuple[Project, dict[str, ResolvedStack]]:
    project = sample_project()
    resolved, problems = resolve_all(project)
    assert problems == []
    return project, resolved


def _arrows(diagram: Diagram) -> list[Message]:
    events = diagram.events
    return [e for e in events if isinstance(e, Message) and e.kind != "return"]


def test_every_step_is_one_numbered_arrow(sample: tuple[Project, dict[str, ResolvedStack]]) -> None:
    project, resolved = sample
    d = diagram_model(resolved["sample"], project, links=LinkScheme())
    arrows = _arrows(d)
    assert [a.number for a in arrows] == list(range(1, 10))
    assert all(a.href == f"stacks/sample/#step-{a.number}" for a in arrows)
    assert [p.key for p in d.participants][:2] == ["grpc-worker", "middleware"]
    net = arrows[5]
    assert net.kind == "network" and net.sublabel == "gRPC /TaskHub/StartInstance"
    assert d.kinds[-1] != "return" and "network" in d.kinds
    assert all(p.href == f"layers/{p.key}/" for p in d.participants)


def test_groups_keep_members_adjacent_and_nest(
    sample: tuple[Project, dict[str, ResolvedStack]],
) -> None:
    project, resolved = sample
    d = diagram_model(resolved["sample"], project)
    chains = [p.groups for p in d.participants]
    assert ("worker", "pipeline") in chains and ("host",) in chains
    # Each group's members form one run of columns.
    for group in d.groups:
        cols = [i for i, p in enumerate(d.participants) if group.key in p.groups]
        assert cols == list(range(cols[0], cols[-1] + 1))


def test_hiding_a_group_folds_its_calls(sample: tuple[Project, dict[str, ResolvedStack]]) -> None:
    project, resolved = sample
    d = diagram_model(resolved["sample"], project, hide=["pipeline"])
    assert "middleware" not in [p.key for p in d.participants]
    first = _arrows(d)[0]
    # grpc-worker -await-> (hidden middleware) -next-> invoker: one arrow, both steps.
    assert (first.number, first.steps, first.kind, first.label) == (
        2,
        (1, 2),
        "await",
        "InvokeAsync",
    )
    names = [d.participants[i].key for i in (first.source, first.target) if i is not None]
    assert names == ["grpc-worker", "invoker"]


def test_hiding_the_network_callee_keeps_the_network_kind(
    sample: tuple[Project, dict[str, ResolvedStack]],
) -> None:
    project, resolved = sample
    d = diagram_model(resolved["sample"], project, hide=["server"])
    callback = [a for a in _arrows(d) if a.number == 8][0]
    assert callback.kind == "network" and callback.steps == (6, 8)
    assert d.participants[callback.source or 0].key == "client"


def test_hiding_the_entry_draws_found_messages(
    sample: tuple[Project, dict[str, ResolvedStack]],
) -> None:
    project, resolved = sample
    d = diagram_model(resolved["sample"], project, hide=["grpc-worker", "middleware"])
    assert _arrows(d)[0].source is None


def test_slices_keep_step_numbers(sample: tuple[Project, dict[str, ResolvedStack]]) -> None:
    project, resolved = sample
    d = diagram_model(resolved["sample"], project, steps="4-6")
    assert [a.number for a in _arrows(d)] == [4, 5, 6]
    # Frames active before the slice are active from the top.
    assert any(a.start is None for a in d.activations)
    with pytest.raises(ValueError, match="outside"):
        diagram_model(resolved["sample"], project, steps=(5, 99))
    with pytest.raises(ValueError, match="3-9"):
        parse_steps("three")


def test_unknown_hidden_id_is_an_error(sample: tuple[Project, dict[str, ResolvedStack]]) -> None:
    project, resolved = sample
    with pytest.raises(ValueError, match="no layer or group"):
        diagram_model(resolved["sample"], project, hide=["nope"])


def test_returns_come_from_the_shrinking_call_stack(
    sample: tuple[Project, dict[str, ResolvedStack]],
) -> None:
    project, resolved = sample
    d = diagram_model(resolved["sample"], project, show_returns=True)
    returns = [e for e in d.events if isinstance(e, Message) and e.kind == "return"]
    labels = [r.label for r in returns]
    assert "CreateInstanceResponse" in labels and "instanceId" in labels
    # Fire-and-forget (step 7) and self-calls (step 9) draw no return.
    assert all(r.steps not in ((7,), (9,)) for r in returns)
    # Every activation that ends at an event ends at its own return arrow.
    for act in d.activations:
        if act.end_at_event:
            assert act.end is not None
            event = d.events[act.end]
            assert isinstance(event, Message) and event.kind == "return"
            assert event.source == act.participant


def test_fragments_cover_the_guarded_call_and_its_subtree(
    sample: tuple[Project, dict[str, ResolvedStack]],
) -> None:
    project, resolved = sample
    d = diagram_model(resolved["sample"], project)
    loop, branch = d.fragments
    assert (loop.kind, loop.text) == ("loop", "while (await MoveNext())")
    assert loop.first == 0 and loop.last == len(d.events) - 1
    assert branch.kind == "branch" and loop.first < branch.first and branch.last <= loop.last


def test_sub_flow_is_a_ref_box_linking_to_its_stack(
    sample: tuple[Project, dict[str, ResolvedStack]],
) -> None:
    project, resolved = sample
    d = diagram_model(resolved["outer"], project, links=LinkScheme())
    (ref,) = [e for e in d.events if isinstance(e, Ref)]
    assert ref.href == "stacks/sample/" and ref.step_href == "stacks/outer/#step-1"
    assert ref.first < ref.last


def test_keys_differ_per_view_and_are_stable() -> None:
    a = diagram_key("start-orchestration", ViewOptions())
    assert a == "st-start-orchestration"
    b = diagram_key("start-orchestration", ViewOptions(steps=(1, 3)))
    c = diagram_key("start-orchestration", ViewOptions(hide=("pipeline",)))
    assert len({a, b, c}) == 3 and b == diagram_key(
        "start-orchestration", ViewOptions(steps=(1, 3))
    )
    assert diagram_key("<x>", ViewOptions()).startswith("st-x-")
