"""One run per cluster: a second is refused naming the holder; a dead holder's lock is recovered."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from orchestrator.engine.lock import ClusterLock, LockHeld
from orchestrator.exitcodes import ExitCode


def test_a_second_run_is_refused_naming_the_holder(tmp_path):
    with ClusterLock("hci01", "run-A", tmp_path) as first, pytest.raises(LockHeld) as refused:
        ClusterLock("hci01", "run-B", tmp_path).acquire()
    message = str(refused.value)
    assert refused.value.exit_code is ExitCode.REFUSED
    assert (
        f"run run-A (pid {os.getpid()} on {first.me.host}, started {first.me.started_at})"
        in message
    )
    assert not first.path.exists()  # released on exit


def test_other_clusters_are_not_blocked(tmp_path):
    with ClusterLock("hci01", "a", tmp_path), ClusterLock("hci02", "b", tmp_path):
        pass


def test_a_lock_whose_process_is_gone_is_recovered(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    lock = ClusterLock("hci01", "new", tmp_path)
    stale = {"run_id": "old", "pid": int(dead.stdout), "host": lock.me.host, "started_at": "then"}
    lock.path.write_text(json.dumps(stale))
    lock.acquire()
    assert lock.recovered is not None
    assert lock.recovered.run_id == "old"
    assert json.loads(lock.path.read_text())["run_id"] == "new"
    assert list(lock.path.parent.iterdir()) == [lock.path]  # the stale file is gone
    lock.release()


def test_a_holder_on_another_host_is_never_presumed_dead(tmp_path):
    lock = ClusterLock("hci01", "new", tmp_path)
    lock.path.write_text(
        json.dumps({"run_id": "x", "pid": 1, "host": "elsewhere", "started_at": "t"})
    )
    with pytest.raises(LockHeld, match="run x \\(pid 1 on elsewhere"):
        lock.acquire()
