"""The coordinator: parallel window, serial steps, fail threshold, retries, remediation, operator."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from orchestrator.engine.api import start_run
from orchestrator.engine.runner import Engine, NeedsOperator, RunSettings
from orchestrator.engine.spec import RemediationSpec, RetryPolicy, StepSpec, Workflow
from orchestrator.errors import TransientTransportError
from orchestrator.exitcodes import ExitCode
from tests.engine.fakes import FixWith, ScriptedError, SetValue, Store, lab, records


def run(workflow: Workflow, tmp_path: Path, **settings: Any):
    inventory, connector = lab()
    sleeps: list[float] = []
    outcome = start_run(
        workflow,
        inventory,
        inventory.cluster.nodes,
        RunSettings(sleep=sleeps.append, **settings),
        state_dir=tmp_path,
        argv=["test"],
        connector=connector,
    )
    return outcome, records(tmp_path, outcome.run_id), sleeps


class Observing(Engine):
    """Looks at the work in flight each time the coordinator has scheduled."""

    seen: list[tuple[Counter[str], int]]

    def _schedule(self, pool, in_flight):  # type: ignore[no-untyped-def]
        super()._schedule(pool, in_flight)
        per_unit = Counter(unit for _run, unit in in_flight.values())
        nodes = len({run.name for run, _unit in in_flight.values()})
        self.seen.append((per_unit, nodes))


def observe(workflow: Workflow, parallel: int) -> Observing:
    inventory, connector = lab()
    engine = Observing(workflow, connector, inventory.cluster.nodes, RunSettings(parallel=parallel))
    engine.seen = []
    outcome = engine.run()
    assert outcome.exit_code is ExitCode.OK
    return engine


def test_parallel_bounds_the_nodes_worked_on_at_once():
    store = Store()
    engine = observe(Workflow("t", 1, "x", steps=[StepSpec(SetValue(store, "a"))]), parallel=2)
    assert max(nodes for _units, nodes in engine.seen) == 2
    assert sum(store.applies.values()) == 4


def test_parallel_steps_overlap_but_a_serial_step_runs_one_node_at_a_time():
    store = Store()
    workflow = Workflow(
        "t",
        1,
        "x",
        steps=[StepSpec(SetValue(store, "a")), StepSpec(SetValue(store, "b"), serial=True)],
    )
    engine = observe(workflow, parallel=4)
    assert max(units["a"] for units, _n in engine.seen) == 4
    assert max(units["b"] for units, _n in engine.seen) == 1
    assert all(store.values[n]["b"] == "on" for n in ("node1", "node2", "node3", "node4"))


def test_max_fail_percent_stops_starting_new_nodes(tmp_path):
    store = Store()
    store.fail_next("node1", "a", ScriptedError("disk full"))
    workflow = Workflow("t", 1, "x", steps=[StepSpec(SetValue(store, "a"))])
    outcome, _journal, _ = run(workflow, tmp_path, parallel=1, max_fail_percent=20)
    assert outcome.by_state("failed") == ["node1"]
    assert outcome.by_state("ready") == ["node2", "node3", "node4"]  # never started
    assert store.applies == Counter({("node1", "a"): 1})
    assert outcome.exit_code is ExitCode.FAILED


def test_without_a_threshold_other_nodes_go_on_and_the_run_is_partial(tmp_path):
    store = Store()
    store.fail_next("node1", "a", ScriptedError("disk full"))
    workflow = Workflow("t", 1, "x", steps=[StepSpec(SetValue(store, "a"))])
    outcome, _journal, _ = run(workflow, tmp_path, parallel=1)
    assert outcome.by_state("done") == ["node2", "node3", "node4"]
    assert outcome.exit_code is ExitCode.PARTIAL


def test_transient_errors_are_retried_with_every_attempt_journaled(tmp_path):
    store = Store()
    store.fail_next(
        "node2",
        "a",
        TransientTransportError("node2", "connection reset by peer"),
        TransientTransportError("node2", "HTTP 503"),
    )
    policy = RetryPolicy(attempts=4, initial_s=2, max_wait_s=60, jitter_s=0)
    workflow = Workflow("t", 1, "x", steps=[StepSpec(SetValue(store, "a"), retry=policy)])
    outcome, journal, sleeps = run(workflow, tmp_path)
    assert outcome.exit_code is ExitCode.OK
    retries = [r for r in journal if r["type"] == "step_retry"]
    assert [(r["node"], r["attempt"], r["sleep_s"]) for r in retries] == [
        ("node2", 1, 2.0),
        ("node2", 2, 4.0),
    ]
    assert "connection reset by peer" in retries[0]["error"]
    assert "HTTP 503" in retries[1]["error"]
    assert sleeps == [2.0, 4.0]  # injected: nothing really slept
    assert outcome.nodes[1].reports["a"].attempts == 3


def test_errors_not_classified_transient_are_not_retried(tmp_path):
    store = Store()
    store.fail_next("node1", "a", ScriptedError("access denied"))
    workflow = Workflow("t", 1, "x", steps=[StepSpec(SetValue(store, "a"), retry=RetryPolicy())])
    outcome, journal, sleeps = run(workflow, tmp_path)
    assert store.applies[("node1", "a")] == 1
    assert sleeps == []
    assert not [r for r in journal if r["type"] == "step_retry"]
    failed = next(r for r in journal if r["type"] == "step_failed")
    assert (failed["node"], failed["attempt"], failed["transient"]) == ("node1", 1, False)
    assert outcome.by_state("failed") == ["node1"]


def test_the_deadline_stops_retries_before_it_would_be_passed(tmp_path):
    store = Store()
    store.fail_next("node1", "a", *[ScriptedError("busy", transient=True) for _ in range(9)])
    policy = RetryPolicy(attempts=10, deadline_s=5, initial_s=4, max_wait_s=60, jitter_s=0)
    workflow = Workflow("t", 1, "x", steps=[StepSpec(SetValue(store, "a"), retry=policy)])
    outcome, _journal, sleeps = run(workflow, tmp_path)
    assert sleeps == [4.0]  # the next wait (8 s) would end past the 5 s deadline
    assert store.applies[("node1", "a")] == 2
    assert outcome.by_state("failed") == ["node1"]


def test_a_step_that_does_not_converge_fails_the_node(tmp_path):
    workflow = Workflow("t", 1, "x", steps=[StepSpec(SetValue(Store(), "a", converges=False))])
    outcome, _journal, _ = run(workflow, tmp_path)
    assert outcome.exit_code is ExitCode.FAILED
    assert "applied but did not converge: still 'off', wanted 'on'" in (
        outcome.nodes[0].error or ""
    )


def test_a_step_needing_a_person_parks_the_node_and_the_run_is_refused(tmp_path):
    store = Store()
    store.fail_next("node3", "a", NeedsOperator("node3: the service hcisvc is not installed"))
    workflow = Workflow("t", 1, "x", steps=[StepSpec(SetValue(store, "a"))])
    outcome, _journal, _ = run(workflow, tmp_path)
    assert outcome.by_state("needs_operator") == ["node3"]
    assert outcome.exit_code is ExitCode.REFUSED


def _remediated_flow(store: Store, *, fixes: bool) -> Workflow:
    fix = RemediationSpec(FixWith(store, "clear_lock", "locked", fixes=fixes), max_uses=1)
    return Workflow("t", 1, "x", steps=[StepSpec(SetValue(store, "b"), remediations=(fix,))])


def test_a_matching_remediation_runs_and_the_step_is_tried_again(tmp_path):
    store = Store()
    store.fail_next("node1", "b", ScriptedError("installer locked"), ScriptedError("locked again"))
    outcome, journal, _ = run(_remediated_flow(store, fixes=True), tmp_path)
    assert outcome.exit_code is ExitCode.OK
    assert [r["node"] for r in journal if r["type"] == "remediation_started"] == ["node1"]
    assert store.applies[("node1", "b")] == 2


def test_remediation_uses_are_bounded_then_the_node_needs_an_operator(tmp_path):
    store = Store()
    store.fail_next("node1", "b", *[ScriptedError("installer locked") for _ in range(5)])
    outcome, journal, _ = run(_remediated_flow(store, fixes=False), tmp_path)
    assert outcome.by_state("needs_operator") == ["node1"]
    assert len([r for r in journal if r["type"] == "remediation_started"]) == 1
    assert store.applies[("node1", "b")] == 2


@pytest.mark.parametrize("parallel", [1, 3])
def test_second_run_changes_nothing(tmp_path, parallel):
    store = Store()
    workflow = Workflow("t", 1, "x", steps=[StepSpec(SetValue(store, "a"))])
    run(workflow, tmp_path, parallel=parallel)
    outcome, _journal, _ = run(workflow, tmp_path, parallel=parallel)
    assert {r.reports["a"].outcome for r in outcome.nodes} == {"no-op"}
    assert sum(store.applies.values()) == 4


def test_only_errors_flagged_transient_are_classified_transient():
    from orchestrator.engine.retry import is_transient
    from orchestrator.errors import NodeUnreachable

    assert is_transient(TransientTransportError("n", "reset"))
    assert not is_transient(NodeUnreachable("n", "refused"))
    assert not is_transient(ValueError("x"))


class _LandsThenLosesTheAnswer(SetValue):
    """Its first apply changes the value, then the connection breaks before the answer."""

    def apply(self, ctx, change):  # type: ignore[no-untyped-def]
        first = not self.store.applies[(ctx.node, self.id)]
        with self.store.lock:
            self.store.applies[(ctx.node, self.id)] += 1
            self.store.values[ctx.node][self.id] = self.want
        if first:
            raise TransientTransportError(ctx.node, "the connection broke")


def test_a_retry_that_finds_the_lost_change_landed_reports_it_reconciled(tmp_path):
    store = Store()
    policy = RetryPolicy(attempts=3, initial_s=1, max_wait_s=5, jitter_s=0)
    step = _LandsThenLosesTheAnswer(store, "a")
    workflow = Workflow("t", 1, "x", steps=[StepSpec(step, retry=policy)])
    outcome, journal, sleeps = run(workflow, tmp_path)
    assert outcome.exit_code is ExitCode.OK
    assert all(store.applies[(n.name, "a")] == 1 for n in outcome.nodes)  # never applied twice
    assert {run.reports["a"].outcome for run in outcome.nodes} == {"reconciled"}
    finished = [r for r in journal if r["type"] == "step_finished"]
    assert {r["outcome"] for r in finished} == {"reconciled"}
    assert len(sleeps) == len(outcome.nodes)
