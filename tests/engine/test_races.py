"""Simultaneous starts end to end (issue 17: 1 of 20 simultaneous `register` runs both went
ahead and Register-AzStackHCI ran twice). Forked `orchestrate register` processes share one
lab world file and are released together; the lock lets one through at a time, so
`Register-AzStackHCI` is started once per trial, whatever the timing."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from orchestrator.cli import main
from orchestrator.engine.journal import read_records
from orchestrator.inventory import load_inventory
from orchestrator.lab.snapshot import load_world
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from orchestrator.transport.factory import connect
from tests.conftest import EXAMPLES, base_inventory
from tests.engine.races import forked_together

CLUSTER = str(EXAMPLES / "lab-cluster.yaml")
RACES = int(os.environ.get("ORCHESTRATE_RACES", "50"))  # `make soak` raises it


def scratch(tmp_path: Path) -> Path:
    """Journals and the lab's world file fsync on every write (their promise); on a memory
    file system that costs nothing, which keeps 50 races cheap."""
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else tmp_path


def two_node_cluster(directory: Path) -> str:
    data = base_inventory()
    data["cluster"]["nodes"] = data["cluster"]["nodes"][:2]
    path = directory / "two-nodes.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(path)


def register_race(
    trial: Path, contenders: int, cluster: str = CLUSTER
) -> tuple[list[int], int, int]:
    """Exit codes of the contenders, `registration` steps started across their journals, and
    the Register-AzStackHCI calls the world counted."""
    state_dir = trial / "state"
    connect(load_inventory(cluster))  # the world file exists before anyone starts

    def run(_index: int) -> bytes:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        try:
            main(["--state-dir", str(state_dir), "register", "-i", cluster, "--yes"])
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
        return str(code).encode()

    codes = [int(answer or b"-1") for answer in forked_together(contenders, run)]
    started = sum(
        1
        for journal in (state_dir / "runs").glob("*/journal.jsonl")
        for record in read_records(journal)
        if record["type"] == "step_started" and record["step"] == "registration"
    )
    world = load_world(trial / "lab.json")
    calls = sum(node.mutations.get("register", 0) for node in world.nodes.values())
    return codes, started, calls


@pytest.mark.campaign
@pytest.mark.slow
def test_simultaneous_register_runs_call_register_azstackhci_once(tmp_path, monkeypatch):
    base = scratch(tmp_path)
    try:
        cluster = two_node_cluster(base)
        for trial in range(RACES):
            where = base / f"trial-{trial}"
            where.mkdir()
            monkeypatch.setenv(LAB_STATE_ENV, str(where / "lab.json"))
            codes, started, calls = register_race(where, 2, cluster)
            detail = f"trial {trial}: exit codes {codes}, {started} registrations started"
            # one ran; the other ran after it (nothing to do), or was refused by the lock
            assert sorted(codes) in ([0, 0], [0, 5]), detail
            assert started == 1, detail
            assert calls == 1, detail
            runs = len(list((where / "state" / "runs").iterdir()))
            assert runs == 2 - codes.count(5), detail  # a refused run left no journal
            shutil.rmtree(where)
    finally:
        if base != tmp_path:
            shutil.rmtree(base, ignore_errors=True)
