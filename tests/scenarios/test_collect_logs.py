"""SCENARIOS.md E1-E3 end to end: `orchestrate collect-logs` gathers the evidence of every node
into one archive with a manifest, changing a node only for the debug channel, only when asked,
and only for the capture."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orchestrator.engine.spec import Change, StepContext
from orchestrator.errors import RemoteCommandError
from orchestrator.lab import LabWorld
from orchestrator.steps.evidence import AZCMAGENT_LOG, DEBUG_CHANNEL, CollectEvidence
from tests.scenarios.support import ScenarioLab, lab_state

Make = Callable[..., ScenarioLab]


def collect(lab: ScenarioLab, *args: str) -> tuple[int, dict[str, Any], zipfile.ZipFile | None]:
    out = lab.tmp / "evidence"
    code, doc = lab.json("collect-logs", "--out", str(out), *args)
    archive = zipfile.ZipFile(doc["archive"]) if doc.get("archive") else None
    return code, doc, archive


def manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(archive.read("manifest.json"))
    return data


def files_of(archive: zipfile.ZipFile, node: str, source: str) -> list[dict[str, Any]]:
    return [f for f in manifest(archive)["files"] if f["node"] == node and f["source"] == source]


def debug_sets(world: LabWorld) -> dict[str, int]:
    return {n.name: n.mutations.get("wevtutil:sl", 0) for n in world.ordered_nodes()}


def node_changes_planned(lab: ScenarioLab, *args: str) -> list[tuple[str, str]]:
    code, plan = lab.json("collect-logs", "--out", str(lab.tmp / "again"), "--dry-run", *args)
    assert code == 0
    return [
        (n["node"], s["step"])
        for n in plan["nodes"]
        for s in n["steps"]
        if s["action"] != "no-op" and s["step"] != "collect_evidence"  # controller-side only
    ]


def test_e1_registration_logs_of_every_attempt_in_one_archive_with_a_manifest(
    scenario_lab: Make,
) -> None:
    lab = scenario_lab("E1")
    secret = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcGVyYXRvciJ9.c2lnbmF0dXJl"

    def leak_a_token(world: LabWorld) -> list[str]:
        node = world.node("node1")
        logs = sorted(
            p
            for p in node.files
            if p.rsplit("\\", 1)[-1].startswith(("RegisterHCI_", "UnregisterHCI_"))
        )
        world.append_file(node, logs[0], f"2026/11/23 10:14:00 , DEBUG , -ArmAccessToken {secret}")
        return logs

    on_node = lab.edit(leak_a_token)
    code, doc, archive = collect(lab)
    assert code == 0, doc
    assert archive is not None
    logs = files_of(archive, "node1", "registration-log")
    names = sorted(f["path"].rsplit("\\", 1)[-1] for f in logs)
    assert len([n for n in names if n.startswith("RegisterHCI_")]) == 2
    assert len([n for n in names if n.startswith("UnregisterHCI_")]) == 1
    assert sorted(f["path"] for f in logs) == sorted(on_node)
    for entry in manifest(archive)["files"]:
        if entry["file"]:
            data = archive.read(entry["file"])
            assert entry["size"] == len(data)
            assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    everything = b"".join(archive.read(n) for n in archive.namelist())
    assert secret.encode() not in everything
    assert b"-ArmAccessToken ***" in everything
    assert debug_sets(lab.world()) == dict.fromkeys(["node1", "node2", "node3"], 0)
    assert node_changes_planned(lab) == []  # nothing on any node would change


def test_e2_debug_channel_enabled_only_when_asked_read_oldest_first_then_restored(
    scenario_lab: Make,
) -> None:
    lab = scenario_lab("E2")

    def already_on(world: LabWorld) -> None:
        world.node("node3").debug_channel_enabled = True  # an operator's own setting

    lab.edit(already_on)
    code, doc, archive = collect(lab)
    assert code == 0
    assert archive is not None
    debug = files_of(archive, "node2", "event-channel")
    assert debug[0]["path"] == DEBUG_CHANNEL
    assert b"AADTokenFetch" not in archive.read(debug[0]["file"])  # a disabled channel is empty
    assert debug_sets(lab.world()) == dict.fromkeys(["node1", "node2", "node3"], 0)

    _, plan = lab.json(
        "collect-logs", "--out", str(lab.tmp / "p"), "--dry-run", "--enable-debug-channel"
    )
    steps = {(n["node"], s["step"]): s for n in plan["nodes"] for s in n["steps"]}
    assert steps[("node1", "enable_debug_channel")]["reason"].startswith("TRANSIENT")
    assert steps[("node1", "restore_debug_channel")]["after"] == "disabled"
    assert steps[("node3", "enable_debug_channel")]["action"] == "no-op"
    assert steps[("node3", "restore_debug_channel")]["action"] == "no-op"

    code, doc, archive = collect(lab, "--enable-debug-channel", "--debug-window", "0")
    assert code == 0, doc
    assert archive is not None
    world = lab.world()
    assert {n.name: n.debug_channel_enabled for n in world.ordered_nodes()} == {
        "node1": False,
        "node2": False,
        "node3": True,  # left as the operator had it
    }
    assert debug_sets(world) == {"node1": 2, "node2": 2, "node3": 0}  # on, then off again
    assert doc["debug_channel_left_enabled"] == []

    # A capture window: hcisvc's hourly call retries its token fetch while the channel is on.
    code, doc, archive = collect(
        lab, "--enable-debug-channel", "--debug-window", "3600", "--limit", "node2"
    )
    assert code == 0, doc
    assert archive is not None
    debug = files_of(archive, "node2", "event-channel")[0]
    lines = archive.read(debug["file"]).decode().splitlines()
    fetches = [line for line in lines if "AADTokenFetch" in line]
    assert any("failed with retryable error" in line for line in fetches)
    assert "succeeded in retry" in fetches[-1]  # -Oldest: in the order they were written
    assert lab.world().node("node2").debug_channel_enabled is False
    assert node_changes_planned(lab) == []


def test_e3_agent_log_of_every_node(scenario_lab: Make) -> None:
    lab = scenario_lab("E3", nodes=4)
    before = lab_state(lab.world())
    code, doc, archive = collect(lab)
    assert code == 0
    assert archive is not None
    for node in ("node1", "node2", "node3", "node4"):
        (entry,) = files_of(archive, node, "arc-agent-log")
        assert entry["path"] == AZCMAGENT_LOG
        on_node = lab.world().node(node).files[AZCMAGENT_LOG].content
        assert archive.read(entry["file"]).decode() == on_node
    assert Path(doc["archive"]).parent == lab.tmp / "evidence"
    assert not any(p.name.endswith(".staging") for p in (lab.tmp / "evidence").iterdir())
    assert lab_state(lab.world()) == before  # reading the logs changed no node
    assert node_changes_planned(lab) == []


def test_a_saved_plan_is_refused_because_only_the_verb_writes_the_archive(
    scenario_lab: Make,
) -> None:
    lab = scenario_lab("E3", nodes=2)
    out = str(lab.tmp / "evidence")
    plan = str(lab.tmp / "plan.json")
    refused = lab.run("collect-logs", "--out", out, "--dry-run", "--plan-out", plan)
    assert refused.code == 2
    assert "--plan-out" in refused.err
    assert not Path(plan).exists()


def test_a_node_that_fails_after_enabling_the_channel_is_named_and_resume_restores_it(
    scenario_lab: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = scenario_lab("E3", nodes=2)
    original = CollectEvidence.apply

    def broken_on_node2(self: CollectEvidence, ctx: StepContext, change: Change) -> None:
        if ctx.node == "node2":
            raise RemoteCommandError("node2", "Get-Content", "Access is denied")
        original(self, ctx, change)

    monkeypatch.setattr(CollectEvidence, "apply", broken_on_node2)
    result = lab.run(
        "collect-logs",
        "--out",
        str(lab.tmp / "ev"),
        "--enable-debug-channel",
        "--debug-window",
        "0",
        "--output",
        "json",
    )
    assert result.code == 4  # partial: node1 collected, node2 failed
    doc = json.loads(result.out)
    assert doc["debug_channel_left_enabled"] == ["node2"]
    assert "node2: Microsoft-AzureStack-HCI/Debug is still enabled by this run" in result.err
    assert {f["node"] for f in doc["files"]} == {"node1"}  # the archive holds what was collected
    assert lab.world().node("node2").debug_channel_enabled is True

    monkeypatch.setattr(CollectEvidence, "apply", original)
    resumed = lab.cli("resume", doc["run_id"])
    assert resumed.code == 0, resumed.out + resumed.err
    world = lab.world()
    assert [n.debug_channel_enabled for n in world.ordered_nodes()] == [False, False]


def test_an_unreachable_node_is_reported_and_the_others_are_archived(scenario_lab: Make) -> None:
    lab = scenario_lab("A2")  # the last node does not answer PowerShell Remoting
    code, doc, archive = collect(lab)
    assert code == 4
    assert archive is not None
    states = {n["node"]: n["state"] for n in doc["nodes"]}
    assert states == {"node1": "done", "node2": "done", "node3": "failed"}
    assert {f["node"] for f in manifest(archive)["files"]} == {"node1", "node2"}
