"""`orchestrate precheck` through the real pypsrp client against the emulator."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from orchestrator.lab.emulator import LabEmulator
from tests.conftest import CliResult
from tests.protocol.conftest import inventory_data, lab_world, write


def _statuses(result: CliResult) -> dict[tuple[str, str], str]:
    document = json.loads(result.out)
    return {(r["node"], r["check"]): r["status"] for r in document["results"]}


def test_healthy_cluster_passes_every_check_over_psrp_with_one_pool_per_node(
    serve: Callable[..., LabEmulator], orchestrate: Callable[..., CliResult], tmp_path: Path
) -> None:
    emulator = serve()
    path = write(tmp_path / "inv.yaml", inventory_data(emulator))

    result = orchestrate("precheck", "-i", str(path), "--output", "json")

    assert result.code == 0, result.err
    statuses = _statuses(result)
    # 4 nodes x 5 checks (no azure section: reachability, hcisvc, himds, clock, double hop)
    assert len(statuses) == 24
    assert set(statuses.values()) == {"pass"}
    # Several commands per node, one runspace pool per node for the whole run.
    assert emulator.pools_opened == {"node1": 1, "node2": 1, "node3": 1, "node4": 1}
    assert all(e.actions.count("Command") >= 3 for e in emulator.endpoints.values())
    assert all(e.actions[-1] == "Delete" for e in emulator.endpoints.values())


def test_faulty_cluster_reports_each_fault_over_psrp(
    serve: Callable[..., LabEmulator], orchestrate: Callable[..., CliResult], tmp_path: Path
) -> None:
    # node2: hcisvc stopped, node3: clock 7 min fast, node4: unreachable (examples/lab-faults.yaml)
    emulator = serve(lab_world("lab-faults.yaml"))
    path = write(tmp_path / "inv.yaml", inventory_data(emulator))

    result = orchestrate("precheck", "-i", str(path), "--output", "json")

    assert result.code == 1
    statuses = _statuses(result)
    assert statuses[("node1", "reachability")] == "pass"
    assert statuses[("node2", "service:hcisvc")] == "fail"
    assert statuses[("node3", "clock-skew")] == "fail"
    assert statuses[("node4", "reachability")] == "fail"
    assert statuses[("node4", "service:hcisvc")] == "skipped"
    node4 = next(
        r
        for r in json.loads(result.out)["results"]
        if r["node"] == "node4" and r["check"] == "reachability"
    )
    assert node4["observed"].startswith("unreachable")
    assert emulator.pools_opened["node4"] == 0
    assert emulator.pools_opened["node1"] == 1
