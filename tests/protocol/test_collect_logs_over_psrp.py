"""`orchestrate collect-logs` through the real pypsrp client against the emulator: the
evidence (files, events, a native tool's exit code) survives PSRP serialization."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from orchestrator.catalog import redact
from orchestrator.lab.emulator import LabEmulator
from orchestrator.lab.scenarios import SCENARIOS
from tests.conftest import CliResult
from tests.protocol.conftest import inventory_data, lab_world, write


def test_registration_logs_and_agent_log_collected_over_psrp(
    serve: Callable[..., LabEmulator], orchestrate: Callable[..., CliResult], tmp_path: Path
) -> None:
    world = lab_world()
    SCENARIOS["E1"].apply(world)
    on_node1 = {p: f.content for p, f in world.node("node1").files.items()}
    emulator = serve(world)
    path = write(tmp_path / "inv.yaml", inventory_data(emulator))

    result = orchestrate(
        "collect-logs",
        "-i",
        str(path),
        "--out",
        str(tmp_path / "ev"),
        "--limit",
        "node1",
        "--enable-debug-channel",
        "--debug-window",
        "0",
        "--output",
        "json",
    )

    assert result.code == 0, result.err
    doc = json.loads(result.out)
    archive = zipfile.ZipFile(doc["archive"])
    collected = {f["path"]: f for f in doc["files"] if f["file"]}
    logs = [
        p for p in on_node1 if p.rsplit("\\", 1)[-1].startswith(("RegisterHCI_", "UnregisterHCI_"))
    ]
    assert len(logs) == 3
    for remote in [*logs, "C:\\ProgramData\\AzureConnectedMachineAgent\\Log\\azcmagent.log"]:
        assert archive.read(collected[remote]["file"]).decode() == redact(on_node1[remote])
    assert world.node("node1").debug_channel_enabled is False
    assert world.node("node1").mutations["wevtutil:sl"] == 2
