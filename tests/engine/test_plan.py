"""Plans: unknown changes are reported honestly, and an undecidable step is not applied."""

from __future__ import annotations

import attrs

from orchestrator.engine.api import make_plan, start_run
from orchestrator.engine.plan import stale_reasons
from orchestrator.engine.runner import NeedsOperator, RunSettings
from orchestrator.engine.spec import Change, StepContext, StepSpec, Workflow
from orchestrator.exitcodes import ExitCode
from tests.engine.fakes import SetValue, Store, lab


@attrs.frozen
class DependsOnEarlier:
    id: str = "later"
    version: int = 1
    title: str = "depends on an earlier step"

    def check(self, ctx: StepContext) -> Change:
        return Change.unknown("known only after 'a' is applied")

    def apply(self, ctx: StepContext, change: Change) -> None:
        raise AssertionError("never applied without knowing what to change")


def _flow(store: Store) -> Workflow:
    return Workflow(
        "t", 1, "x", steps=[StepSpec(SetValue(store, "a")), StepSpec(DependsOnEarlier())]
    )


def test_plan_counts_changes_and_unknowns_and_changes_nothing():
    store = Store()
    inventory, connector = lab()
    doc = make_plan(
        _flow(store), inventory, inventory.cluster.nodes, RunSettings(), connector=connector
    )
    assert doc["summary"] == {"change": 4, "no_op": 0, "unknown": 4, "blocked": 0}
    assert doc["changes_pending"] is True
    later = doc["nodes"][0]["steps"][1]
    assert (later["action"], later["reason"]) == ("unknown", "known only after 'a' is applied")
    assert not store.applies


def test_a_step_still_unknown_at_apply_time_fails_instead_of_guessing(tmp_path):
    store = Store()
    inventory, connector = lab()
    outcome = start_run(
        _flow(store),
        inventory,
        inventory.cluster.nodes,
        RunSettings(),
        state_dir=tmp_path,
        argv=[],
        connector=connector,
    )
    assert outcome.exit_code is ExitCode.FAILED
    assert "cannot tell what to change" in (outcome.nodes[0].error or "")


def test_stale_reasons_name_what_moved():
    store = Store()
    inventory, connector = lab()
    saved = make_plan(
        _flow(store), inventory, inventory.cluster.nodes, RunSettings(), connector=connector
    )
    moved = {
        **saved,
        "inventory_hash": "other",
        "workflow": {**saved["workflow"], "fingerprint": "x"},
    }
    assert stale_reasons(saved, moved) == [
        "the workflow changed since the plan was made",
        "the inventory file changed since the plan was made",
    ]
    assert stale_reasons(saved, saved) == []


@attrs.frozen
class RefusingGuard:
    id: str = "guard"
    version: int = 1
    title: str = "a guard"

    def check(self, ctx: StepContext) -> Change:
        if ctx.node == "node2":
            raise NeedsOperator("node2: refused: set x to y")
        return Change.no_op("fine")

    def apply(self, ctx: StepContext, change: Change) -> None:
        raise AssertionError("a guard never changes anything")


def test_a_guard_refusing_while_planning_blocks_its_node_and_exits_refused():
    store = Store()
    inventory, connector = lab()
    flow = Workflow("t", 1, "x", steps=[StepSpec(RefusingGuard()), StepSpec(SetValue(store, "a"))])
    doc = make_plan(flow, inventory, inventory.cluster.nodes, RunSettings(), connector=connector)
    assert doc["exit_code"] == ExitCode.REFUSED
    node2 = next(n for n in doc["nodes"] if n["node"] == "node2")
    assert (node2["status"], node2["steps"]) == ("blocked", [])
    assert "set x to y" in node2["reason"]
    assert doc["summary"] == {"change": 3, "no_op": 3, "unknown": 0, "blocked": 1}
