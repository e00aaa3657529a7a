"""Issue 16, arc-onboard at scale, by counts (never by time; bench/arc_onboard_scale.py
measures the times): the remote calls one server costs, and the work per server of the lab
and the engine staying the same as the number of servers grows."""

from __future__ import annotations

import gc
import itertools
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from orchestrator.cli.arc_options import arc_options
from orchestrator.engine.api import start_run
from orchestrator.engine.journal import Journal
from orchestrator.engine.runner import Engine, RunOutcome, RunSettings
from orchestrator.exitcodes import ExitCode
from orchestrator.inventory import load_inventory
from orchestrator.lab import world_from_inventory
from orchestrator.lab.connector import world_connector
from orchestrator.lab.scenarios import onboarding_principal
from orchestrator.lab.transport import LabTransport
from orchestrator.lab.world import LabWorld
from orchestrator.transport.base import Command
from tests.engine.fakes import count_units
from workflows.arc_onboard import WORKFLOW

SECRET_ENV = "ARC_SCALE_TEST_SECRET"


@attrs.define
class Onboarded:
    outcome: RunOutcome
    world: LabWorld
    calls: dict[str, list[Command]]


def onboard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, servers: int) -> Onboarded:
    """arc-onboard on `servers` fresh in-process lab servers (agent installed, disconnected),
    journaled, --parallel 8; every remote command recorded per node."""
    data: dict[str, Any] = {
        "cluster": {
            "name": "fleet",
            "nodes": [
                {"name": f"srv{i}", "host": f"srv{i}.contoso.local"} for i in range(1, servers + 1)
            ],
        },
        "connection": {"transport": "lab"},
        "azure": {
            "cloud": "AzureCloud",
            "region": "eastus",
            "subscription_id": "6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90",
            "tenant_id": "3c9d2b71-5e84-4f0a-8b16-7a2e9c4d1f35",
            "resource_group": "fleet-rg",
        },
        "lab": {"seed": 7},
    }
    path = tmp_path / f"inventory{servers}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    inventory = load_inventory(str(path))
    world = world_from_inventory(inventory)
    app_id, secret = onboarding_principal(world)
    monkeypatch.setenv(SECRET_ENV, secret)
    monkeypatch.setenv("ORCHESTRATE_LOCK_DIR", str(tmp_path / "locks"))
    calls: dict[str, list[Command]] = {}

    def hook(node: str, command: Command, moment: str) -> None:
        if moment == "before":
            calls.setdefault(node, []).append(command)

    transport = LabTransport(world, hook=hook)
    connector = world_connector(inventory, world, transport)
    options = arc_options(
        inventory,
        inventory.cluster.nodes,
        service_principal_id=app_id,
        secret_env=SECRET_ENV,
        needs_principal=True,
        needs_secret=True,
    )
    outcome = start_run(
        WORKFLOW,
        inventory,
        list(inventory.cluster.nodes),
        RunSettings(parallel=8, options=options),
        state_dir=tmp_path / f"state{servers}",
        argv=["arc-onboard", "--test"],
        connector=connector,
    )
    assert outcome.exit_code is ExitCode.OK, [r.error for r in outcome.runs]
    return Onboarded(outcome, world, calls)


def test_the_lab_settles_each_server_a_constant_number_of_times_whatever_the_fleet_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settled: Counter[int] = Counter()
    settle_node = LabWorld._settle_node

    def counted(world: LabWorld, node: Any, now: Any) -> None:
        settled[id(world)] += 1
        settle_node(world, node, now)

    monkeypatch.setattr(LabWorld, "_settle_node", counted)
    per_server = {}
    for servers in (8, 64):
        lab = onboard(tmp_path, monkeypatch, servers)
        per_server[servers] = settled[id(lab.world)] / servers

    # About one settle per remote command of the server (each command settles its own node
    # while virtual time stands still), plus the run's few full settles shared by all. A
    # one-shot call used to settle every node of the lab, twice: 2 x servers more per
    # server, quadratic in all (16.6).
    assert per_server[64] <= per_server[8] + 1, per_server
    calls_per_server = max(len(c) for c in lab.calls.values())
    assert per_server[64] <= calls_per_server + 2, (per_server, calls_per_server)


def test_the_engine_looks_at_each_server_a_constant_number_of_times_whatever_the_fleet_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    looks: Counter[int] = Counter()
    next_unit = Engine._next_unit

    def counted(engine: Engine, *args: Any) -> Any:
        looks[len(engine.runs)] += 1
        return next_unit(engine, *args)

    monkeypatch.setattr(Engine, "_next_unit", counted)
    for servers in (8, 64):
        onboard(tmp_path, monkeypatch, servers)

    assert looks[64] / 64 <= looks[8] / 8 + 1, looks


def _shown(command: Command) -> str:
    return " ".join((command.name, *command.arguments[:1]))


def test_a_server_costs_nine_remote_calls_and_no_read_is_repeated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = onboard(tmp_path, monkeypatch, 4)

    # What each call is (issue 16: 14 before; 9 at most): pre-checks (reachability, the
    # agent installed), the start sweep's listing, himds, the agent's state, the config file,
    # the one-shot connect (its marker beside the config file: no New-Item), the file's
    # removal, the postcondition, which the verification shares; the end sweep needs no
    # listing once the file's removal was confirmed.
    assert [_shown(c) for c in lab.calls["srv1"]] == [
        "Get-CimInstance",
        "azcmagent version",
        "Get-ChildItem",
        "Get-Service",
        "azcmagent show",
        "Set-Content",
        "azcmagent connect",
        "Remove-Item",
        "azcmagent show",
    ]
    for node, commands in lab.calls.items():
        assert len(commands) <= 9, (node, [_shown(c) for c in commands])
        repeated = [a for a, b in itertools.pairwise(commands) if a == b]
        assert repeated == [], (node, repeated)
    # and the run did what it says: every agent connected, no config file or marker left
    for node in lab.world.ordered_nodes():
        assert node.arc_agent.status == "Connected"
        assert [p for p in node.files if p.endswith((".json", ".clixml"))] == []


def test_a_server_costs_three_units_of_work_and_two_waits_for_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each unit is a round trip through the coordinator: pre-checks, himds, connect; the
    verification runs in connect's unit (it only reads, after the last step's success), and
    the end-of-work sweep needs no unit once the config file's removal was confirmed (the
    sweep's `nothing_left`). A server's units wait for the journal twice: himds, its first
    step, for its pre-check records, and connect's `step_started` before the one-shot call
    (issue 16: 4 units and 3 waits in session 4, each wait bunching the 64 nodes in step up
    again on one fsync)."""
    units = count_units(monkeypatch)
    waits: Counter[str] = Counter()
    wait_durable = Journal.wait_durable

    def counted_wait(journal: Journal, seq: int | None = None) -> None:
        waits[threading.current_thread().name.split("_")[0]] += 1
        wait_durable(journal, seq)

    monkeypatch.setattr(Journal, "wait_durable", counted_wait)
    onboard(tmp_path, monkeypatch, 8)

    assert units == {"prechecks": 8, "start_himds": 8, "arc_connect": 8}
    # the workers' (threads "node_N"); the run's own: run_started, run_finished
    assert waits == {"node": 2 * 8, "MainThread": 2}


def test_the_collector_walks_the_heap_rarely_during_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a run keeps, the garbage collector need not walk (engine/collector.py): no full
    collection, and a young one every 7000 allocations, not 700 (64 servers: about 8 young
    collections before, of which any could become a full walk of the process's heap, whose
    number per run varied and made the time per server at 10,000 servers vary)."""
    collections: Counter[int] = Counter()
    running = [False]
    run = Engine.run

    def counted(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and running[0]:
            collections[info["generation"]] += 1

    def watched(engine: Engine) -> RunOutcome:
        running[0] = True
        try:
            return run(engine)
        finally:
            running[0] = False

    monkeypatch.setattr(Engine, "run", watched)
    gc.callbacks.append(counted)
    try:
        onboard(tmp_path, monkeypatch, 64)
    finally:
        gc.callbacks.remove(counted)

    assert collections[2] == 0, collections
    assert collections[0] + collections[1] <= 3, collections
