"""Issue 16 (arc-onboard wall/ideal at --parallel 64), by counts and ordering, never by time:
what each node costs the coordinator and the journal between its remote calls. At 64 nodes
walking in step every unit boundary is 64 completions for one coordinator thread, and every
wait for the journal bunches the nodes up again on one fsync; these tests pin how few of each
a node needs, and that the crash guarantee (every change preceded by a durable record) holds."""

from __future__ import annotations

import gc
import json
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest

from orchestrator.checks import ReachabilityCheck
from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.engine import journal as journal_module
from orchestrator.engine.api import start_run
from orchestrator.engine.collector import fewer_collections
from orchestrator.engine.journal import Journal
from orchestrator.engine.runner import Engine, RunSettings
from orchestrator.engine.spec import StepContext, StepSpec, Workflow
from orchestrator.exitcodes import ExitCode
from tests.engine.fakes import HeldFsync, ScriptedError, SetValue, Store, count_units
from tests.engine.test_critical_path import lab_of


class CountingCondition(threading.Condition):
    """A condition that counts, per thread name, the waits entered and the wake-ups."""

    entered: Counter[str] = Counter()
    woken: Counter[str] = Counter()
    all_waiting = threading.Event()
    expected = 0

    def wait(self, timeout: float | None = None) -> bool:
        name = threading.current_thread().name
        CountingCondition.entered[name] += 1
        if sum(n for t, n in self.entered.items() if t.startswith("waiter")) >= self.expected:
            CountingCondition.all_waiting.set()
        woke = super().wait(timeout)
        CountingCondition.woken[name] += 1
        return woke


def test_an_append_wakes_no_writer_waiting_for_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Appending a record makes nothing durable, so it wakes only the journal's writer thread;
    the workers waiting for the disk wake once their record is durable. With one condition for
    both, every append woke every waiting worker (up to --parallel), and they fought the
    coordinator for the journal's lock: the coordinator's largest cost at 1000 servers."""
    waiters = 8
    CountingCondition.entered.clear()
    CountingCondition.woken.clear()
    CountingCondition.all_waiting.clear()
    CountingCondition.expected = waiters
    monkeypatch.setattr(journal_module.threading, "Condition", CountingCondition)
    disk = HeldFsync(monkeypatch)
    journal = Journal(tmp_path / "journal.jsonl")
    first = journal.append("run_started")["seq"]
    assert disk.entered.wait(timeout=10)
    threads = [
        threading.Thread(target=journal.wait_durable, args=(first,), name=f"waiter{i}")
        for i in range(waiters)
    ]
    for thread in threads:
        thread.start()
    assert CountingCondition.all_waiting.wait(timeout=10)

    for i in range(50):  # the coordinator's bookkeeping while the disk is busy
        journal.append("node_state", node=f"node{i}")
    woken_by_appends = sum(n for t, n in CountingCondition.woken.items() if t.startswith("waiter"))
    disk.release.set()
    for thread in threads:
        thread.join(timeout=10)
    journal.close()

    assert woken_by_appends == 0  # one condition for both: every waiting worker woke
    assert all(not thread.is_alive() for thread in threads)
    woken = [CountingCondition.woken[f"waiter{i}"] for i in range(waiters)]
    assert woken == [1] * waiters  # each once: when the fsync holding its record ended


@attrs.frozen
class Recording(SetValue):
    order: list[str] = attrs.field(factory=list)

    def check(self, ctx: StepContext) -> Any:
        self.order.append(f"check {self.id} {ctx.node}")
        return super().check(ctx)

    def apply(self, ctx: StepContext, change: Any) -> None:
        self.order.append(f"apply {self.id} {ctx.node}")
        super().apply(ctx, change)


def test_a_nodes_first_step_waits_for_its_own_precheck_records_not_for_those_queued_after(
    tmp_path: Path,
) -> None:
    """node1's first step waits for node1's pre-check records to be on disk, not for node2's
    queued after them (the coordinator handles them while node1 starts): at 64 nodes the
    nodes starting their steps waited for a fresh fsync each, though their own records had
    been on disk for a wave. node1's apply still waits for everything before it."""
    store = Store()
    inventory, connector = lab_of(2, tmp_path)
    order: list[str] = []
    release = threading.Event()
    held: list[bool] = []

    def after_record(record: dict[str, Any]) -> None:
        order.append(f"durable {record['type']} {record.get('node', '')}")
        if record["type"] == "precheck" and record["node"] == "node2" and not held:
            # The journal's writer stops after node2's first pre-check record; a first step
            # of node1 that waited for everything queued would wait until this times out.
            held.append(release.wait(timeout=10))

    class Releasing(Recording):
        def check(self, ctx: StepContext) -> Any:
            release.set()
            return super().check(ctx)

    flow = Workflow(
        "n",
        1,
        "node flow",
        prechecks=(ReachabilityCheck(),),
        steps=(StepSpec(Releasing(store, "a", order=order)),),
    )
    outcome = start_run(
        flow,
        inventory,
        inventory.cluster.nodes,
        RunSettings(parallel=1),  # node1 checked, node2 checked, then node1's steps
        state_dir=tmp_path,
        argv=["n"],
        connector=connector,
        after_record=after_record,
    )

    assert outcome.exit_code is ExitCode.OK
    assert held == [True], "node1's first step waited for node2's pre-check records"
    check1 = order.index("check a node1")
    assert "durable precheck node1" in order[:check1]
    # the crash guarantee: the apply follows every record queued before its step_started
    apply1 = order.index("apply a node1")
    assert "durable precheck node2" in order[:apply1]
    assert "durable step_started node1" in order[:apply1]


@attrs.frozen
class StoreSays:
    """A verification: the node's value of `step` is `want` (the store's, read in memory)."""

    store: Store
    step: str
    want: str = "on"
    name: str = "store-says"
    seen: list[str] = attrs.field(factory=list)

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        self.seen.append(ctx.node)
        value = self.store.values[ctx.node].get(self.step, "off")
        status = Status.PASS if value == self.want else Status.FAIL
        return CheckResult(ctx.node, self.name, status, f"{self.step} is {value}")


def test_the_last_steps_unit_verifies_the_node_without_a_round_trip_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The verification runs in the last step's unit, right after its success: no unit (no
    coordinator round trip) of its own; a failing verification still fails its node, a failed
    last step verifies nothing, and the journal records the same states in the same order."""
    store = Store()
    inventory, connector = lab_of(3, tmp_path)
    store.values["node2"]["a"] = "on"
    store.fail_next("node3", "b", ScriptedError("no"))
    verification = StoreSays(store, "a")
    flow = Workflow(
        "n",
        1,
        "node flow",
        prechecks=(ReachabilityCheck(),),
        steps=(
            StepSpec(SetValue(store, "a", want="on")),
            # node2's b turns its a off again: its verification fails
            StepSpec(_TurnsOff(store, "b", other="a", node="node2")),
        ),
        verification=(verification,),
    )
    units = count_units(monkeypatch)
    outcome = start_run(
        flow,
        inventory,
        inventory.cluster.nodes,
        RunSettings(parallel=3),
        state_dir=tmp_path,
        argv=["n"],
        connector=connector,
    )

    states = {run.name: run.state for run in outcome.nodes}
    assert states == {"node1": "done", "node2": "failed", "node3": "failed"}
    errors = {run.name: run.error for run in outcome.nodes}
    assert errors["node2"] == "verification: store-says: a is off"
    assert sorted(verification.seen) == ["node1", "node2"]  # not node3: its b failed
    assert units == {"prechecks": 3, "a": 3, "b": 3}  # no "verifying" unit
    journal = journal_module.runs_dir(tmp_path) / outcome.run_id / journal_module.JOURNAL_FILE  # type: ignore[operator]
    node1 = [
        r["state"]
        for r in journal_module.read_records(journal)
        if r["type"] == "node_state" and r["node"] == "node1"
    ]
    assert node1 == ["prechecks", "ready", "a", "b", "verifying", "done"]


@attrs.frozen
class _TurnsOff(SetValue):
    """SetValue that, on `node`, also turns the step `other` off (a step undoing another)."""

    other: str = ""
    node: str = ""

    def apply(self, ctx: StepContext, change: Any) -> None:
        super().apply(ctx, change)
        if ctx.node == self.node:
            self.store.values[ctx.node][self.other] = "off"


def test_a_run_freezes_what_exists_and_collects_less_often_until_the_last_run_ends(
    tmp_path: Path,
) -> None:
    """During a run the objects that existed before it are frozen and young collections
    start 10x less often; both are undone when the last of overlapping runs ends."""
    assert gc.get_freeze_count() == 0
    before = gc.get_threshold()
    seen: list[tuple[tuple[int, int, int], int]] = []
    store = Store()

    class Looking(SetValue):
        def check(self, ctx: StepContext) -> Any:
            seen.append((gc.get_threshold(), gc.get_freeze_count()))
            return super().check(ctx)

    inventory, connector = lab_of(1, tmp_path)
    flow = Workflow("n", 1, "node flow", steps=(StepSpec(Looking(store, "a")),))
    with fewer_collections():  # another run still under way in this process
        Engine(flow, connector, inventory.cluster.nodes, RunSettings()).run()
        assert gc.get_threshold() == (before[0] * 10, before[1], before[2])

    assert len(seen) == 2  # the check and its confirmation
    threshold, frozen = seen[0]
    assert threshold == (before[0] * 10, before[1], before[2])
    assert frozen > 1000  # the modules, the inventory, the flow: never walked during the run
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_record_line_is_the_json_of_the_whole_record(tmp_path: Path) -> None:
    """The journal encodes a record's fields before it takes its lock and adds the number and
    the time under it: the line is still exactly json.dumps of the whole record."""
    journal = Journal(tmp_path / "journal.jsonl")
    made = [
        journal.append("run_started", nodes=["node1", "nœud2"], parallel=64, options={}),
        journal.append("run_interrupted"),
        journal.write("node_state", node="node1", state="done", error=None, at=tmp_path),
    ]
    journal.close()

    lines = (tmp_path / "journal.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines == [json.dumps(record, default=str) for record in made]
