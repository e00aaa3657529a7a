"""Issue 16.1 (register / repair at the critical-path bound) by counts and ordering, never by
time: the run guards read every node --parallel at a time, and a unit's bookkeeping records
(pre-check results, a step's check and finish) are queued, not waited for, while everything
still reaches the disk before the next remote call that acts on it."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

from orchestrator.checks import ReachabilityCheck
from orchestrator.checks.os_release import ReleaseGuard
from orchestrator.engine.api import enforce_guards, start_run
from orchestrator.engine.runner import NodeRun, RunSettings
from orchestrator.engine.spec import StepSpec, Workflow
from orchestrator.exitcodes import ExitCode
from orchestrator.inventory import load_inventory
from orchestrator.inventory.models import Inventory
from orchestrator.lab.transport import LabTransport
from orchestrator.transport.base import Command
from orchestrator.transport.factory import Connector, connect
from tests.engine.fakes import SetValue, Store
from tests.engine.test_scale import MeetsTheOthers


def lab_of(nodes: int, directory: Path) -> tuple[Inventory, Connector]:
    path = directory / "inventory.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "cluster": {
                    "name": "hci01",
                    "nodes": [
                        {"name": f"node{i}", "host": f"node{i}.contoso.local"}
                        for i in range(1, nodes + 1)
                    ],
                },
                "connection": {"transport": "lab"},
                "lab": {"seed": 7},
            }
        )
    )
    inventory = load_inventory(path)
    return inventory, connect(inventory)


def on_every_call(connector: Connector, hook: Any) -> None:
    transport = connector.transport
    assert isinstance(transport, LabTransport)
    transport.hook = hook


@pytest.mark.parametrize("parallel", [12, 16])
def test_the_release_guard_reads_every_node_parallel_at_a_time(
    parallel: int, tmp_path: Path
) -> None:
    """At --parallel 16 the guard of a 16-node cluster costs one node's reads, not two waves of
    8 (which put two more dependent calls on register's critical path)."""
    inventory, connector = lab_of(16, tmp_path)
    meet = threading.Barrier(parallel)
    met: list[str] = []

    def hook(node: str, command: Command, moment: str) -> None:
        if moment == "before" and command.name == "Get-CimInstance" and len(met) < parallel:
            met.append(node)
            meet.wait(timeout=10)  # fewer readers at once never meet: BrokenBarrierError

    on_every_call(connector, hook)

    enforce_guards(
        Workflow("g", 1, "guarded", guards=(ReleaseGuard("register"),)),
        connector,
        inventory.cluster.nodes,
        parallel,
    )

    assert len(met) == parallel
    assert not meet.broken


def test_a_nodes_precheck_record_is_queued_and_on_disk_before_the_first_step(
    tmp_path: Path,
) -> None:
    """The pre-check units hand their results back without waiting for the fsync of their
    `prechecks_done` record (the slowest node's fsync was on the critical path); the records
    are durable before the first step acts."""
    store = Store()
    inventory, connector = lab_of(4, tmp_path)
    release = threading.Event()
    order: list[str] = []
    held: list[bool] = []

    def after_record(record: dict[str, Any]) -> None:
        if record["type"] == "prechecks_done" and not held:
            # The journal's writer stops here; a pre-check unit that waited for its record
            # would wait until this times out.
            held.append(release.wait(timeout=10))
        order.append(f"durable {record['type']} {record.get('step', record.get('node', ''))}")

    def on_event(run: NodeRun, event: str) -> None:
        if event == "prechecks_passed":
            order.append("prechecks_passed")
            release.set()

    class Recording(SetValue):
        def check(self, ctx: Any) -> Any:
            order.append(f"check {self.id}")
            return super().check(ctx)

    flow = Workflow(
        "c",
        1,
        "cluster flow",
        # all four nodes are being checked before any finishes (as at 50 ms a call)
        prechecks=(ReachabilityCheck(), MeetsTheOthers(threading.Barrier(4))),
        steps=(StepSpec(Recording(store, "a")),),
        scope="cluster",
    )
    outcome = start_run(
        flow,
        inventory,
        inventory.cluster.nodes,
        RunSettings(parallel=4),
        state_dir=tmp_path,
        argv=["c"],
        connector=connector,
        after_record=after_record,
        on_event=on_event,
    )

    assert outcome.exit_code is ExitCode.OK
    assert held == [True], "a pre-check unit waited for its record's fsync"
    first_check = order.index("check a")
    assert order.index("prechecks_passed") < first_check
    assert {e for e in order[:first_check] if e.startswith("durable prechecks_done")} == {
        f"durable prechecks_done node{i}" for i in (1, 2, 3, 4)
    }
