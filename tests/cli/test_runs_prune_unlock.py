"""Journals and locks (issue 15.12): `runs prune --older-than` keeps what is still needed,
a stale lock record is reported with its run and `unlock` clears it only when provably stale,
and a run journaled in the other default state dir (the Ansible module's) is found by name."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from orchestrator.engine.journal import JOURNAL_FILE, read_records
from orchestrator.engine.lock import ClusterLock
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from tests.conftest import EXAMPLES

HEALTHY = str(EXAMPLES / "lab-cluster.yaml")
FAULTS = str(EXAMPLES / "lab-faults.yaml")


@pytest.fixture
def cli(orchestrate, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv(LAB_STATE_ENV, raising=False)
    monkeypatch.setenv("ORCHESTRATE_PROGRESS", "off")
    return orchestrate


def _run(cli, inventory: str = HEALTHY) -> str:  # type: ignore[no-untyped-def]
    result = cli("prepare", "-i", inventory, "--output", "json")
    assert result.code in (0, 4), result.err
    return str(json.loads(result.out)["run_id"])


def _journal(tmp_path: Path, run_id: str) -> Path:
    return tmp_path / "state" / "runs" / run_id / JOURNAL_FILE


def _rewrite(tmp_path: Path, run_id: str, *, days_ago: float, drop_finish: bool = False,
             needs_operator: str | None = None) -> None:  # fmt: skip
    """Make a journal look `days_ago` old (its records' times), as a run of that day left it;
    optionally as a crash left it (no run_finished) or with a node waiting for an operator."""
    path = _journal(tmp_path, run_id)
    records = list(read_records(path))
    moment = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat(timespec="milliseconds")
    kept = []
    for record in records:
        if drop_finish and record["type"] == "run_finished":
            continue
        kept.append({**record, "ts": moment})
    if needs_operator:
        finish = kept.pop() if kept[-1]["type"] == "run_finished" else None
        kept.append({**kept[-1], "seq": kept[-1]["seq"] + 1, "type": "node_state",
                     "node": needs_operator, "state": "needs_operator"})  # fmt: skip
        if finish:
            kept.append({**finish, "seq": kept[-1]["seq"] + 1})
    path.write_text("".join(json.dumps(r) + "\n" for r in kept))


def _runs(tmp_path: Path) -> set[str]:
    return {p.name for p in (tmp_path / "state" / "runs").iterdir()}


# --- runs prune -----------------------------------------------------------------------------


def test_prune_removes_old_finished_runs_and_keeps_what_is_still_needed(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    old, recent, crashed, waiting = (_run(cli) for _ in range(4))
    _rewrite(tmp_path, old, days_ago=40)
    _rewrite(tmp_path, crashed, days_ago=40, drop_finish=True)
    _rewrite(tmp_path, waiting, days_ago=40, needs_operator="node2")

    dry = cli("runs", "prune", "--older-than", "30d", "--dry-run", "--output", "json")
    assert dry.code == 0, dry.err
    assert _runs(tmp_path) == {old, recent, crashed, waiting}  # nothing removed
    document = json.loads(dry.out)
    assert [r["run_id"] for r in document["removed"]] == [old]
    kept = {r["run_id"]: r["reason"] for r in document["kept"]}
    assert set(kept) == {crashed, waiting}  # the recent run is not old: not even listed
    assert kept[crashed].startswith(f"incomplete: `orchestrate resume {crashed}`")
    assert kept[waiting].startswith("needs an operator on node2")
    assert all(reason.endswith("--force removes it") for reason in kept.values())

    real = cli("runs", "prune", "--older-than", "30d")
    assert real.code == 0, real.err
    assert _runs(tmp_path) == {recent, crashed, waiting}
    assert "removed 1 run(s) older than 30d" in real.out
    assert old in real.out

    forced = cli("runs", "prune", "--older-than", "4w", "--force")
    assert forced.code == 0, forced.err
    assert _runs(tmp_path) == {recent}


def test_prune_never_removes_a_run_that_holds_its_lock_even_with_force(
    cli, tmp_path, lock_dir
) -> None:  # type: ignore[no-untyped-def]
    running = _run(cli)
    _rewrite(tmp_path, running, days_ago=90)
    lock = ClusterLock("hci01", running, lock_dir)
    lock.acquire()
    try:
        result = cli("runs", "prune", "--older-than", "1d", "--force", "--output", "json")
    finally:
        lock.release()
    assert result.code == 0, result.err
    assert json.loads(result.out)["kept"][0]["reason"] == "running: it holds its cluster's lock"
    assert _runs(tmp_path) == {running}


def test_prune_without_a_terminal_needs_consent_and_removes_nothing(
    cli, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    old = _run(cli)
    _rewrite(tmp_path, old, days_ago=40)
    monkeypatch.delenv("ORCHESTRATE_YES")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    result = cli("runs", "prune", "--older-than", "30d")
    assert result.code == 2
    assert "--yes" in result.err
    assert _runs(tmp_path) == {old}


@pytest.mark.parametrize("value", ["30", "d", "-1d", "1y", ""])
def test_a_bad_duration_is_exit_2_naming_the_flag(cli, value) -> None:  # type: ignore[no-untyped-def]
    result = cli("runs", "prune", "--older-than", value)
    assert result.code == 2
    assert result.err.startswith("error: --older-than: not a duration")


# --- stale locks ----------------------------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _holder(lock_dir: Path, run_id: str, *, pid: int, host: str | None = None) -> Path:
    path = lock_dir / "hci01.holder"
    path.write_text(json.dumps({
        "run_id": run_id, "pid": pid, "host": host or socket.gethostname(),
        "started_at": "2026-12-06T22:00:00+00:00",
    }))  # fmt: skip
    return path


def test_a_stale_lock_is_reported_with_its_run_and_unlock_removes_it(cli, lock_dir) -> None:  # type: ignore[no-untyped-def]
    record = _holder(lock_dir, "20261206T220000Z-dead01", pid=_dead_pid())
    listed = cli("runs")
    assert "stale lock: cluster hci01: run 20261206T220000Z-dead01" in listed.out
    assert "`orchestrate unlock hci01`" in listed.out
    stale = json.loads(cli("runs", "--output", "json").out)["stale_locks"]
    assert [s["run_id"] for s in stale] == ["20261206T220000Z-dead01"]

    result = cli("unlock", "hci01")
    assert result.code == 0, result.err
    assert (
        "removed the stale lock record of cluster hci01: run 20261206T220000Z-dead01" in result.out
    )
    assert not record.exists()
    assert "stale lock" not in cli("runs").out


def test_a_new_run_that_finds_a_stale_record_names_it_and_runs_after_unlock(cli, lock_dir) -> None:  # type: ignore[no-untyped-def]
    """Before, the next run silently took the lock over and overwrote the record, and the
    dead run's steps in doubt went unnoticed; now it stops as `terraform apply` does on a lock,
    with the lock's info (run, pid, host, since when) and what to do."""
    pid = _dead_pid()
    record = _holder(lock_dir, "20261206T220000Z-dead01", pid=pid)
    refused = cli("prepare", "-i", HEALTHY)
    assert refused.code == 5, refused.err
    line = refused.err.strip()
    assert len(line.splitlines()) == 1
    assert f"run 20261206T220000Z-dead01 (pid {pid} on {socket.gethostname()}, started" in line
    assert "ended without releasing the lock: that process is gone from this host" in line
    assert "`orchestrate unlock hci01` removes the record" in line
    assert "`orchestrate resume 20261206T220000Z-dead01` continues it" in line
    assert "nothing was changed" in line
    assert record.exists()
    assert not (Path(os.environ["ORCHESTRATE_HOME"]) / "runs").exists()  # nothing journaled

    document = json.loads(cli("prepare", "-i", HEALTHY, "--output", "json").out)
    assert (document["code"], document["exit_code"]) == ("refused", 5)
    assert "orchestrate unlock hci01" in document["fix"]

    assert cli("unlock", "hci01").code == 0
    assert cli("prepare", "-i", HEALTHY).code == 0


def test_a_stale_record_it_cannot_prove_stale_stops_a_new_run_with_what_to_check(
    cli, lock_dir
) -> None:  # type: ignore[no-untyped-def]
    record = _holder(lock_dir, "20261206T220000Z-abcd01", pid=_dead_pid(), host="elsewhere-01")
    refused = cli("prepare", "-i", HEALTHY)
    assert refused.code == 5
    assert "names run 20261206T220000Z-abcd01" in refused.err
    assert "runs on another host, so it cannot be proved gone from here" in refused.err
    assert f"remove {record}" in refused.err
    assert record.exists()


def test_resuming_the_run_that_died_holding_the_lock_takes_its_record_over(cli, lock_dir) -> None:  # type: ignore[no-untyped-def]
    run_id = _run(cli, FAULTS)  # exit 4: node4 unreachable, so resume has work left
    _holder(lock_dir, run_id, pid=_dead_pid())  # as a SIGKILL in the middle of it leaves it
    resumed = cli("resume", run_id)
    assert resumed.code == 4, resumed.err
    assert "without releasing" not in resumed.err
    assert not (lock_dir / "hci01.holder").exists()  # released properly this time


def test_precheck_and_status_say_a_stale_record_will_stop_the_next_run(cli, lock_dir) -> None:  # type: ignore[no-untyped-def]
    _holder(lock_dir, "20261206T220000Z-dead01", pid=_dead_pid())
    checked = cli("precheck", "-i", HEALTHY)
    assert checked.code == 0, checked.err  # the nodes are ready; the lock record is said
    assert "stale lock: cluster hci01: run 20261206T220000Z-dead01" in checked.out
    assert (
        "the next run is refused until `orchestrate resume 20261206T220000Z-dead01`" in checked.out
    )
    assert "`orchestrate unlock hci01`" in checked.out
    status = json.loads(cli("status", "-i", HEALTHY, "--output", "json").out)
    assert status["stale_lock"]["run_id"] == "20261206T220000Z-dead01"
    assert cli("unlock", "hci01").code == 0
    assert "stale lock" not in cli("precheck", "-i", HEALTHY).out
    assert json.loads(cli("status", "-i", HEALTHY, "--output", "json").out)["stale_lock"] is None


def test_unlock_refuses_while_a_run_holds_the_lock(cli, lock_dir) -> None:  # type: ignore[no-untyped-def]
    lock = ClusterLock("hci01", "20261206T230000Z-live01", lock_dir)
    lock.acquire()
    try:
        result = cli("unlock", "hci01")
        assert result.code == 5
        assert "locked by run 20261206T230000Z-live01" in result.err
        assert "nothing was removed" in result.err
        assert lock.holder_path.exists()
    finally:
        lock.release()


@pytest.mark.parametrize("where", ["alive here", "other host"])
def test_unlock_refuses_a_record_it_cannot_prove_stale(cli, lock_dir, where) -> None:  # type: ignore[no-untyped-def]
    import os

    if where == "alive here":
        record = _holder(lock_dir, "20261206T220000Z-abcd01", pid=os.getpid())
    else:
        record = _holder(lock_dir, "20261206T220000Z-abcd01", pid=_dead_pid(), host="elsewhere-01")
    result = cli("unlock", "hci01")
    assert result.code == 5
    assert "nothing was removed" in result.err
    assert record.exists()


def test_unlock_of_a_cluster_without_a_record_changes_nothing(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("unlock", "hci01")
    assert result.code == 0
    assert "nothing to remove" in result.out


# --- one state dir to look in ---------------------------------------------------------------


def test_a_run_in_the_ansible_module_s_state_dir_is_named_where_it_is(
    orchestrate, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("ORCHESTRATE_HOME", raising=False)
    monkeypatch.delenv(LAB_STATE_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    ansible_state = tmp_path / "home" / ".orchestrate"
    result = orchestrate(
        "--state-dir", str(ansible_state), "prepare", "-i", HEALTHY, "--output", "json"
    )
    run_id = json.loads(result.out)["run_id"]

    shown = orchestrate("runs", "show", run_id)  # the CLI's default: .orchestrate here
    assert shown.code == 2
    assert (
        f"there is one in {Path('~/.orchestrate') / 'runs'} (the Ansible module's default"
        in shown.err
    )
    assert f"orchestrate --state-dir ~/.orchestrate runs show {run_id}" in shown.err
    resumed = orchestrate("resume", run_id)
    assert f"orchestrate --state-dir ~/.orchestrate resume {run_id}" in resumed.err


def test_a_run_in_no_state_dir_names_every_place_looked_in(
    orchestrate, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    result = orchestrate("runs", "show", "20200101T000000Z-abcdef")
    assert result.code == 2
    # the id is shown (it has a run id's form), not "(not shown)" as a password-like word
    assert "run id: 20200101T000000Z-abcdef: no such run in " in result.err
    assert "~/.orchestrate (the Ansible module's default state dir)" in result.err


@pytest.mark.parametrize("name", ["", "../hci01", "a" * 16, "hci 01"])
def test_unlock_takes_only_a_cluster_name(cli, name, lock_dir) -> None:  # type: ignore[no-untyped-def]
    result = cli("unlock", name)
    assert result.code == 2
    assert result.err.startswith("error: CLUSTER: ")
    assert list(lock_dir.iterdir()) == []
