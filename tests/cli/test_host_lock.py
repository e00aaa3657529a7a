"""One run per cluster on this host, whatever the state dir: the cluster lock lives in
`~/.orchestrate/locks` (or ORCHESTRATE_LOCK_DIR), not beside the journals. A second run is
started from inside a step of the first, while the first holds the lock."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orchestrator.cli import main
from orchestrator.engine.lock import ClusterLock, default_lock_dir
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from orchestrator.steps.service import EnsureServiceRunning
from orchestrator.task import TaskRequest, run_task
from tests.conftest import EXAMPLES, base_inventory

FAULTS = str(EXAMPLES / "lab-faults.yaml")


@pytest.fixture(autouse=True)
def lab_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORCHESTRATE_HOME", raising=False)
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab.json"))


def during_first_start(monkeypatch: pytest.MonkeyPatch, second: Callable[[], Any]) -> list[Any]:
    """Run `second` once, from inside the first run's service start (the lock is held then)."""
    seen: list[Any] = []
    original = EnsureServiceRunning.apply

    def apply_and_start_another(self, ctx, change):  # type: ignore[no-untyped-def]
        if not seen:
            seen.append(second())
        original(self, ctx, change)

    monkeypatch.setattr(EnsureServiceRunning, "apply", apply_and_start_another)
    return seen


def cli_in_process(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        main(list(argv))
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    return code, capsys.readouterr().err


def only_run(state_dir: Path) -> dict[str, Any]:
    runs = [
        json.loads(p.read_text().splitlines()[0])
        for p in (state_dir / "runs").glob("*/journal.jsonl")
    ]
    assert len(runs) == 1
    return runs[0]


def test_a_run_with_another_state_dir_is_refused_while_the_first_holds_the_cluster(
    orchestrate, tmp_path, monkeypatch, capsys, lock_dir
):  # type: ignore[no-untyped-def]
    first_dir, second_dir = tmp_path / "here", tmp_path / "there"
    seen = during_first_start(
        monkeypatch,
        lambda: cli_in_process(
            "--state-dir", str(second_dir), "prepare", "-i", FAULTS, capsys=capsys
        ),
    )
    first = orchestrate("--state-dir", str(first_dir), "prepare", "-i", FAULTS)
    assert first.code == 4  # node4 of lab-faults is unreachable; the rest converged
    code, err = seen[0]
    holder = only_run(first_dir)["run_id"]
    assert code == 5
    assert f"cluster hci01 is locked by run {holder} (pid" in err
    assert str(lock_dir / "hci01.lock") in err  # the refusal says where the lock is
    assert not (second_dir / "runs").exists()  # refused before any journal
    assert not (first_dir / "locks").exists()  # the lock is not beside the journals


def test_the_ansible_task_and_the_cli_see_each_others_lock(tmp_path, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    inventory = base_inventory()
    inventory["lab"]["nodes"] = {"node2": {"hcisvc": "stopped"}}
    ansible_dir, cli_dir = tmp_path / "ansible-state", tmp_path / "cli-state"
    inventory_file = tmp_path / "inventory.yaml"
    inventory_file.write_text(json.dumps(inventory))

    # The CLI is refused while the Ansible task runs.
    seen = during_first_start(
        monkeypatch,
        lambda: cli_in_process(
            "--state-dir", str(cli_dir), "prepare", "-i", str(inventory_file), capsys=capsys
        ),
    )
    done = run_task(TaskRequest(flow="prepare", state_dir=ansible_dir, inventory_data=inventory))
    assert (done["failed"], done["changed"]) == (False, True)
    code, err = seen[0]
    assert code == 5
    assert f"cluster hci01 is locked by run {only_run(ansible_dir)['run_id']} (pid" in err

    # And the Ansible task is refused while the CLI runs.
    (tmp_path / "lab.json").unlink(missing_ok=True)  # node2's service is stopped again
    seen = during_first_start(
        monkeypatch,
        lambda: run_task(
            TaskRequest(flow="prepare", state_dir=tmp_path / "ansible-2", inventory_data=inventory)
        ),
    )
    code, err = cli_in_process(
        "--state-dir", str(cli_dir), "prepare", "-i", str(inventory_file), capsys=capsys
    )
    assert code == 0, err
    refused = seen[0]
    assert (refused["failed"], refused["exit_code"]) == (True, 5)
    assert f"cluster hci01 is locked by run {only_run(cli_dir)['run_id']} (pid" in refused["msg"]


def test_the_lock_dir_comes_from_the_environment_else_the_home_directory(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ORCHESTRATE_LOCK_DIR", str(tmp_path / "elsewhere"))
    with ClusterLock("hci01", "run-A") as held:
        assert held.path == tmp_path / "elsewhere" / "hci01.lock"
        assert held.path.exists()

    monkeypatch.delenv("ORCHESTRATE_LOCK_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_lock_dir() == tmp_path / "home" / ".orchestrate" / "locks"
    with ClusterLock("hci01", "run-B") as held:
        assert held.path.parent == tmp_path / "home" / ".orchestrate" / "locks"
        assert held.path.exists()
        assert held.path.parent.stat().st_mode & 0o777 == 0o700  # only this user's runs
