"""Issue 16.1-16.3 by counts, never by time: cluster pre-checks run --parallel at a time, the
journal commits records in groups and acknowledges each only once it is on disk, and the
scheduler's work grows with the units it starts, not with nodes x passes."""

from __future__ import annotations

import threading
from pathlib import Path

import attrs
import pytest

from orchestrator.checks import ReachabilityCheck
from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.engine.journal import Journal, JournalClosed, read_records
from orchestrator.engine.runner import Engine, RunSettings
from orchestrator.engine.spec import StepSpec, Workflow
from orchestrator.exitcodes import ExitCode
from orchestrator.inventory import parse_inventory
from orchestrator.transport.factory import connect
from tests.engine.fakes import HeldFsync, SetValue, Store, lab


@attrs.frozen
class MeetsTheOthers:
    """A pre-check that passes only if `parties` nodes are being checked at the same time (a
    barrier; serial pre-checks break it instead of waiting forever)."""

    barrier: threading.Barrier
    name: str = "together"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        try:
            self.barrier.wait(timeout=10)
        except threading.BrokenBarrierError:
            return CheckResult(ctx.node, self.name, Status.FAIL, "checked alone")
        return CheckResult(ctx.node, self.name, Status.PASS, "checked together")


def test_a_cluster_flow_prechecks_its_nodes_parallel_at_a_time() -> None:
    store = Store()
    inventory, connector = lab()  # 4 nodes
    flow = Workflow(
        "c",
        1,
        "cluster flow",
        prechecks=(ReachabilityCheck(), MeetsTheOthers(threading.Barrier(4))),
        steps=(StepSpec(SetValue(store, "a")),),
        scope="cluster",
    )

    outcome = Engine(flow, connector, inventory.cluster.nodes, RunSettings(parallel=4)).run()

    assert outcome.exit_code is ExitCode.OK, [r.observed for r in outcome.precheck_results]
    assert {r.node for r in outcome.precheck_results if r.check == "together"} == {
        f"node{i}" for i in range(1, 5)
    }


def test_concurrent_writers_share_fsyncs_and_each_returns_with_its_record_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "runs" / "r" / "journal.jsonl"
    disk = HeldFsync(monkeypatch)  # the others queue up behind the first batch
    journal = Journal(path)
    seen: dict[int, bool] = {}

    def write(i: int) -> None:
        record = journal.write("node_state", node=f"n{i}")
        on_disk = {r["seq"] for r in read_records(path)}
        seen[record["seq"]] = record["seq"] in on_disk

    threads = [threading.Thread(target=write, args=(0,))]
    threads[0].start()
    assert disk.entered.wait(timeout=10)
    threads += [threading.Thread(target=write, args=(i,)) for i in range(1, 11)]
    for thread in threads[1:]:
        thread.start()
    # every later writer's record is in the file, not yet durable (no sleep: a busy wait)
    while len(list(read_records(path))) < 11:
        threading.Event().wait(0.001)
    disk.release.set()
    for thread in threads:
        thread.join()
    journal.close()

    assert seen == {seq: True for seq in range(1, 12)}
    assert journal.fsyncs == 2  # the first record alone, then the ten queued behind it
    assert [r["seq"] for r in read_records(path)] == list(range(1, 12))


def test_append_queues_and_wait_durable_waits_for_it(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal = Journal(path)
    records = [journal.append("node_state", node=f"n{i}") for i in range(5)]

    journal.wait_durable(records[-1]["seq"])

    assert [r["seq"] for r in read_records(path)] == [1, 2, 3, 4, 5]
    journal.close()
    with pytest.raises(JournalClosed):
        journal.append("late")


class Crash(BaseException):
    pass


def test_a_crash_after_a_record_reaches_every_writer_and_nothing_later_is_written(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.jsonl"

    def crash(record: dict[str, object]) -> None:
        if record["seq"] == 2:
            raise Crash

    journal = Journal(path, after_record=crash)
    journal.write("one")
    journal.append("two")
    with pytest.raises(Crash):
        journal.wait_durable()
    with pytest.raises(Crash):
        journal.write("three")

    assert [r["type"] for r in read_records(path)] == ["one", "two"]


def test_scheduler_work_grows_with_units_not_with_nodes_times_passes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    nodes = 400
    data = {
        "cluster": {"name": "big", "nodes": [{"name": f"n{i}"} for i in range(nodes)]},
        "connection": {"transport": "lab"},
    }
    inventory = parse_inventory(data, "scale")
    store = Store()
    flow = Workflow(
        "n",
        1,
        "node flow",
        prechecks=(ReachabilityCheck(),),
        steps=(StepSpec(SetValue(store, "a")), StepSpec(SetValue(store, "b"))),
    )
    looked_at = [0]
    engine = Engine(flow, connect(inventory), inventory.cluster.nodes, RunSettings(parallel=8))
    next_unit = engine._next_unit

    def counted(*args: object) -> object:
        looked_at[0] += 1
        return next_unit(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_next_unit", counted)
    outcome = engine.run()

    assert outcome.exit_code is ExitCode.OK
    # About six looks per node (pre-checks, parked READY, a, b, verification, done): a scan of
    # every node per pass would look about nodes x passes = 400 x 1200 times.
    assert looked_at[0] <= 8 * nodes


def test_resume_after_a_crash_in_cluster_prechecks_checks_only_the_nodes_not_done(
    tmp_path: Path,
) -> None:
    from orchestrator.checks import ServiceRunningCheck
    from orchestrator.engine.api import resume_run, start_run

    store = Store()
    flow = Workflow(
        "c",
        1,
        "cluster flow",
        prechecks=(ReachabilityCheck(), ServiceRunningCheck("hcisvc")),
        steps=(StepSpec(SetValue(store, "a")),),
        scope="cluster",
    )
    inventory, connector = lab()  # 4 nodes; the lab outlives the "crash"
    done: list[str] = []

    def crash(record: dict[str, object]) -> None:
        if record["type"] == "prechecks_done":
            done.append(str(record["node"]))
            if len(done) == 2:
                raise Crash

    with pytest.raises((Crash, JournalClosed)):
        start_run(
            flow,
            inventory,
            inventory.cluster.nodes,
            RunSettings(parallel=1),
            state_dir=tmp_path,
            argv=["c"],
            connector=connector,
            after_record=crash,
        )
    calls = connector.transport.latency.calls  # type: ignore[attr-defined]
    before = dict(calls)
    (run_id,) = [p.name for p in (tmp_path / "runs").iterdir()]

    outcome = resume_run(
        run_id,
        state_dir=tmp_path,
        argv=["resume"],
        load_flow=lambda _name: flow,
        connector=connector,
    )

    assert outcome.exit_code is ExitCode.OK
    rechecked = {node for node, count in calls.items() if count > before.get(node, 0)}
    assert done == ["node1", "node2"]
    assert rechecked == {"node3", "node4"}
    assert store.applies[("node1", "a")] == 1
    assert {r.node for r in outcome.precheck_results} == {f"node{i}" for i in range(1, 5)}


@attrs.frozen
class AzureMeetsTheNodes:
    """A whole-target check that passes only if a node's pre-check runs at the same time."""

    barrier: threading.Barrier
    name: str = "azure-together"

    def evaluate(self, connector: object) -> list[CheckResult]:
        try:
            self.barrier.wait(timeout=10)
        except threading.BrokenBarrierError:
            return [CheckResult("azure", self.name, Status.FAIL, "checked before the nodes")]
        return [CheckResult("azure", self.name, Status.PASS, "checked with the nodes")]


def test_azure_checks_run_once_at_the_same_time_as_the_node_checks(tmp_path: Path) -> None:
    from orchestrator.engine.api import start_run

    store = Store()
    barrier = threading.Barrier(5)  # the 4 nodes' pre-checks and the Azure check, together
    flow = Workflow(
        "c",
        1,
        "cluster flow",
        prechecks=(ReachabilityCheck(), MeetsTheOthers(barrier)),
        cluster_prechecks=(AzureMeetsTheNodes(barrier),),
        steps=(StepSpec(SetValue(store, "a")),),
        scope="cluster",
    )
    inventory, connector = lab()  # 4 nodes
    entry = inventory.cluster.entry_node.name

    outcome = start_run(
        flow,
        inventory,
        inventory.cluster.nodes,
        RunSettings(parallel=4),
        state_dir=tmp_path,
        argv=["c"],
        connector=connector,
    )

    assert outcome.exit_code is ExitCode.OK, [r.observed for r in outcome.precheck_results]
    assert [r.check for r in outcome.cluster_results] == ["azure-together"]
    assert store.applies[(entry, "a")] == 1
    assert outcome.run_id is not None
    journaled = [
        r
        for r in read_records(tmp_path / "runs" / outcome.run_id / "journal.jsonl")
        if r["type"] == "precheck" and r["check"] == "azure-together"
    ]
    assert len(journaled) == 1  # once, and journaled before any step ran


def test_the_nodes_are_driven_by_one_machine_without_registering_each_as_a_model() -> None:
    nodes = 50
    data = {
        "cluster": {"name": "big", "nodes": [{"name": f"n{i}"} for i in range(nodes)]},
        "connection": {"transport": "lab"},
    }
    inventory = parse_inventory(data, "scale")
    store = Store()
    flow = Workflow(
        "n",
        1,
        "node flow",
        prechecks=(ReachabilityCheck(),),
        steps=(StepSpec(SetValue(store, "a")),),
    )
    engine = Engine(flow, connect(inventory), inventory.cluster.nodes, RunSettings(parallel=8))

    outcome = engine.run()

    assert outcome.exit_code is ExitCode.OK
    assert {r.state for r in engine.runs} == {"done"}
    # add_model would have bound every trigger and state method onto each node and searched
    # the machine's model list once per node (quadratic); no node is in that list.
    assert engine.machine.models == []
