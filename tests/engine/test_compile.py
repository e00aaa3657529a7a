"""The compiled machine: its shape, its refusals, and the golden diagram of every flow."""

from __future__ import annotations

from pathlib import Path

import pytest
from transitions import MachineError

from orchestrator.engine.compile import build_machine, compile_workflow
from orchestrator.engine.spec import TRANSIENT, RemediationSpec, StepSpec, Workflow
from tests.engine.fakes import FixWith, SetValue, Store
from workflows import FLOWS

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("flow", FLOWS)
def test_graph_prints_the_golden_mermaid_of_each_flow(orchestrate, flow):
    result = orchestrate("graph", flow, "--format", "mermaid")
    assert result.code == 0, result.err
    golden = GOLDEN / f"{flow}.mmd"
    assert result.out == golden.read_text(), (
        f"the compiled machine of {flow} changed; if intended, regenerate with "
        f"`orchestrate graph {flow} --format mermaid > {golden.relative_to(Path.cwd())}`"
    )


def test_every_flow_has_a_golden_file():
    assert sorted(p.stem for p in GOLDEN.glob("*.mmd")) == sorted(FLOWS)


class Model:
    state: str


def _flow() -> Workflow:
    store = Store()
    return Workflow(
        "t",
        1,
        "x",
        steps=(
            StepSpec(SetValue(store, "a"), retry=TRANSIENT),
            StepSpec(
                SetValue(store, "b"), remediations=(RemediationSpec(FixWith(store, "fix", "x")),)
            ),
        ),
    )


def test_machine_has_no_auto_transitions_and_refuses_illegal_events():
    machine = build_machine(_flow())
    model = Model()
    machine.add_model(model, initial="pending")
    assert not hasattr(model, "to_done")  # auto_transitions=False: no shortcut around the graph
    with pytest.raises(MachineError):
        model.succeeded()  # type: ignore[attr-defined]
    model.start()  # type: ignore[attr-defined]
    assert model.state == "prechecks"


def test_one_machine_drives_many_models_seeded_at_any_state():
    machine = build_machine(_flow())
    first, second = Model(), Model()
    machine.add_model(first, initial="pending")
    machine.add_model(second, initial="b")  # as resume re-seeds a node from its journal
    second.remediate()  # type: ignore[attr-defined]
    assert (first.state, second.state) == ("pending", "b__remediating")


def test_retry_and_remediation_states_exist_only_where_declared():
    spec = compile_workflow(_flow())
    triggers = {
        (t["trigger"], t["source"] if isinstance(t["source"], str) else "*")
        for t in spec.transitions
    }
    assert ("retry", "a") in triggers
    assert ("retry", "b") not in triggers
    assert "b__remediating" in spec.states
    assert "a__remediating" not in spec.states
