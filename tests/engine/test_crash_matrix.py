"""Crash the prepare run after every journal record in turn, resume, and compare with a run
that was never interrupted: same final lab state, and every mutation happened exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from orchestrator.engine.api import resume_run, start_run
from orchestrator.engine.journal import JournalClosed
from orchestrator.engine.runner import RunSettings
from orchestrator.inventory import load_inventory
from orchestrator.lab.snapshot import load_world, world_to_json
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from orchestrator.transport.factory import connect
from tests.conftest import REPO, base_inventory
from tests.engine.crash_driver import OPTIONS
from tests.engine.fakes import records
from workflows import load_workflow
from workflows.prepare import WORKFLOW


class Crash(BaseException):
    pass


@pytest.fixture
def inventory_path(write_inventory) -> Path:  # type: ignore[no-untyped-def]
    data = base_inventory()
    data["lab"]["nodes"] = {
        "node1": {"hcisvc": "stopped"},
        "node2": {"himds": "stopped", "clock_offset_s": 400},
        "node3": {"clock_offset_s": -500},
        "node4": {"hcisvc": "stopped", "himds": "stopped"},
    }
    return write_inventory(data)


def facts(world: Any) -> list[dict[str, Any]]:
    """The nodes' state and mutation counters (the virtual time is left out)."""
    return world_to_json(world)["nodes"]


def uninterrupted(
    inventory_path: Path, state_dir: Path, parallel: int
) -> tuple[list[dict[str, Any]], int]:
    inventory = load_inventory(inventory_path)
    connector = connect(inventory)
    outcome = start_run(
        WORKFLOW,
        inventory,
        inventory.cluster.nodes,
        RunSettings(parallel=parallel, options=OPTIONS),
        state_dir=state_dir,
        argv=["prepare"],
        connector=connector,
    )
    assert outcome.exit_code == 0
    return facts(connector.world), len(records(state_dir, outcome.run_id))


@pytest.mark.parametrize("parallel", [1, 3])
def test_crash_after_every_record_then_resume_matches_an_uninterrupted_run(
    inventory_path, tmp_path, parallel
):
    expected, total = uninterrupted(inventory_path, tmp_path / "reference", parallel)
    # Sanity: the reference did real work, once per fault.
    mutations = {n["name"]: n["mutations"] for n in expected}
    assert mutations["node2"] == {"start:himds": 1, "w32tm:resync": 1, "wevtutil:sl": 1}
    for crash_at in range(1, total):
        state_dir = tmp_path / f"crash-{crash_at}"
        inventory = load_inventory(inventory_path)
        connector = connect(inventory)  # the "real" nodes: they outlive the controller

        def crash(record: dict[str, Any], at: int = crash_at) -> None:
            if record["seq"] == at:
                raise Crash(at)

        # JournalClosed: another thread met the dead journal before the crash reached us.
        with pytest.raises((Crash, JournalClosed)):
            start_run(
                WORKFLOW,
                inventory,
                inventory.cluster.nodes,
                RunSettings(parallel=parallel, options=OPTIONS),
                state_dir=state_dir,
                argv=["prepare"],
                connector=connector,
                after_record=crash,
            )
        (run_id,) = [p.name for p in (state_dir / "runs").iterdir()]
        outcome = resume_run(
            run_id,
            state_dir=state_dir,
            argv=["resume"],
            load_flow=load_workflow,
            connector=connector,
        )
        assert outcome.exit_code == 0, f"crash after record {crash_at}"
        assert facts(connector.world) == expected, f"crash after record {crash_at}"


def test_a_real_process_kill_at_chosen_records_then_resume(
    inventory_path, tmp_path, orchestrate, monkeypatch
):
    expected, _total = uninterrupted(inventory_path, tmp_path / "reference", parallel=1)
    reference = records(tmp_path / "reference", os.listdir(tmp_path / "reference" / "runs")[0])
    # The interesting moments: just before the first change, mid-way through a non-idempotent
    # step, right after a change was recorded, and the last record before the end.
    picks = [
        next(r["seq"] for r in reference if r["type"] == "step_started"),
        next(
            r["seq"]
            for r in reference
            if r["type"] == "step_started" and r["step"] == "resync_clock"
        ),
        next(
            r["seq"]
            for r in reference
            if r["type"] == "step_finished" and r["outcome"] == "changed"
        ),
        reference[-2]["seq"],
    ]
    for kill_at in picks:
        lab_state = tmp_path / f"lab-{kill_at}.json"
        state_dir = tmp_path / f"kill-{kill_at}"
        env = {**os.environ, LAB_STATE_ENV: str(lab_state)}
        killed = subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.engine.crash_driver",
                str(inventory_path),
                str(state_dir),
                str(kill_at),
            ],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        (run_id,) = os.listdir(state_dir / "runs")
        assert len(records(state_dir, run_id)) == kill_at  # the kill came right after that record
        monkeypatch.setenv(LAB_STATE_ENV, str(lab_state))
        resumed = orchestrate("--state-dir", str(state_dir), "resume", run_id, "--output", "json")
        assert resumed.code == 0, resumed.err
        assert facts(load_world(lab_state)) == expected, f"kill after record {kill_at}"
