"""One run per cluster: a second is refused naming the holder; the lock is the kernel's, so a
holder that dies releases it and a live holder is never taken for a dead one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from orchestrator.engine.lock import ClusterLock, LockHeld, StaleLock
from orchestrator.exitcodes import ExitCode
from tests.conftest import REPO
from tests.engine.races import lock_race


def test_a_second_run_is_refused_naming_the_holder(tmp_path):
    with ClusterLock("hci01", "run-A", tmp_path) as first, pytest.raises(LockHeld) as refused:
        ClusterLock("hci01", "run-B", tmp_path).acquire()
    message = str(refused.value)
    assert refused.value.exit_code is ExitCode.REFUSED
    assert (
        f"run run-A (pid {os.getpid()} on {first.me.host}, started {first.me.started_at})"
        in message
    )
    assert str(first.path) in message
    assert not first.holder_path.exists()  # released on exit: nobody is named any more
    with ClusterLock("hci01", "run-C", tmp_path) as third:  # and the lock is free
        assert third.previous is None  # the last holder released it properly


def test_other_clusters_are_not_blocked(tmp_path):
    with ClusterLock("hci01", "a", tmp_path), ClusterLock("hci02", "b", tmp_path):
        pass


def test_a_live_holder_whose_holder_file_is_empty_or_garbage_still_excludes(tmp_path):
    """Issue 17 defect 1: a holder between creating the lock file and writing its identity (or
    whose identity file is damaged) was read as dead and its live lock moved aside."""
    with ClusterLock("hci01", "run-A", tmp_path) as held:
        for damaged in ("", "{half", json.dumps({"run_id": "x", "pid": -1})):
            held.path.write_text(damaged)
            held.holder_path.write_text(damaged)
            with pytest.raises(LockHeld, match="cluster hci01 is locked by"):
                ClusterLock("hci01", "run-B", tmp_path).acquire()


HOLD_AND_DIE = """
import os, signal, sys
from pathlib import Path
from orchestrator.engine.lock import ClusterLock
ClusterLock("hci01", "old", Path(sys.argv[1])).acquire()
print("held", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_holder_killed_with_sigkill_leaves_the_lock_free_and_its_record_stops_other_runs(
    tmp_path,
):
    """The kernel released the lock; the record left behind names a run that may have left
    steps in doubt: another run is refused naming it (issue 15.12), its own resume takes over."""
    killed = subprocess.run(
        [sys.executable, "-c", HOLD_AND_DIE, str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (killed.returncode, killed.stdout) == (-signal.SIGKILL, "held\n"), killed.stderr
    with pytest.raises(StaleLock, match=r"names run old \(pid \d+ on .*that process is gone"):
        ClusterLock("hci01", "new", tmp_path).acquire()
    assert json.loads((tmp_path / "hci01.holder").read_text())["run_id"] == "old"  # kept
    with ClusterLock("hci01", "old", tmp_path) as lock:  # `orchestrate resume old`
        assert lock.previous is not None
        assert lock.previous.run_id == "old"  # it died holding the lock: said, not guessed
    with ClusterLock("hci01", "new", tmp_path) as lock:  # released properly: free for others
        assert lock.previous is None


def test_a_holder_on_another_host_is_named(tmp_path):
    with ClusterLock("hci01", "new", tmp_path) as held:
        held.holder_path.write_text(
            json.dumps({"run_id": "x", "pid": 1, "host": "elsewhere", "started_at": "t"})
        )
        with pytest.raises(LockHeld, match="run x \\(pid 1 on elsewhere"):
            ClusterLock("hci01", "other", tmp_path).acquire()


@pytest.mark.campaign
@pytest.mark.parametrize("contenders", [2, 5])
def test_simultaneous_contenders_never_both_hold_the_lock(tmp_path, contenders):
    """The raw race of issue 17 (2 contenders: two holders in 118 of 300 trials before): forked
    processes released together; a winner holds until every contender has answered."""
    for trial in range(25):
        winners = lock_race(tmp_path / f"trial-{trial}", contenders)
        assert winners == 1, f"trial {trial}: {winners} holders at once"
