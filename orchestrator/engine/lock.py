"""One run per cluster at a time: an OS lock on `<lock-dir>/<cluster>.lock`.

The lock is `filelock.FileLock` (on Linux and macOS an exclusive `fcntl.flock` on the open
file; on Windows `msvcrt.locking`): the kernel decides who holds it, atomically, and releases
it when the holding process ends however it ends (exit, exception, SIGKILL, a crash). There is
no stale-lock recovery to get wrong: a dead holder holds nothing.

Who holds it is written to `<cluster>.holder` beside the lock file (run id, pid, host, start
time), after the lock is taken, and removed before it is released. It names the holder in a
refusal. One that is still there when the lock is taken tells that the previous holder died
without releasing (a crash, SIGKILL, a power cut): that run may have left steps in doubt, so
a new run is refused naming it, as `terraform apply` stops on a lock with its Lock Info (which
run, pid, host, since when) until `orchestrate resume` continues that run (its own record:
taken over, `ClusterLock.previous`) or `orchestrate unlock CLUSTER` removes the record
(issue 15.12; orchestrator/cli/unlock.py). Nothing else decides on that file.

What it covers: the runs of this user on this host (the lock directory is host-wide for the
user: `ORCHESTRATE_LOCK_DIR`, else `~/.orchestrate/locks`, independent of the state dir, so the
CLI and the Ansible module see each other). What it does not cover: two controllers on two
hosts, and a lock directory on a network file system (NFS, SMB), where flock may be local to
each client or not honoured at all. Run one controller host per cluster.
"""

from __future__ import annotations

import json
import os
import re
import socket
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import attrs
import filelock

from orchestrator.errors import RefusedError

LOCK_DIR_ENV = "ORCHESTRATE_LOCK_DIR"


def default_lock_dir() -> Path:
    """Where cluster locks live: `ORCHESTRATE_LOCK_DIR` if set, else `~/.orchestrate/locks`."""
    configured = os.environ.get(LOCK_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".orchestrate" / "locks"


class LockHeld(RefusedError):
    """Another run holds the cluster's lock."""


@attrs.frozen
class Holder:
    run_id: str
    pid: int
    host: str
    started_at: str

    def describe(self) -> str:
        return f"run {self.run_id} (pid {self.pid} on {self.host}, started {self.started_at})"


def alive(pid: int) -> bool:
    """Whether a process with this id exists on this host."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def read_holder(path: Path) -> Holder | None:
    """The holder record at `path` (`<cluster>.holder`), or None when absent or unreadable."""
    try:
        data = json.loads(path.read_text())
        return Holder(
            str(data["run_id"]), int(data["pid"]), str(data["host"]), str(data["started_at"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # absent or half-written: it only ever names the holder for people


class StaleLock(RefusedError):
    """The lock is free, but its record names another run that ended without releasing it."""


def gone_here(holder: Holder) -> bool:
    """Whether the record's process is provably gone: on this host, and no such pid."""
    return holder.host == socket.gethostname() and not alive(holder.pid)


def stale_record_refusal(cluster: str, holder: Holder, holder_path: Path) -> StaleLock:
    """A new run's refusal on finding the record of a run that died holding the lock."""
    what = (
        f"cluster {cluster}: the lock's record names {holder.describe()}, which ended without "
        "releasing the lock"
    )
    where = f"`orchestrate runs show {holder.run_id}` shows where it stopped"
    if gone_here(holder):
        refusal = StaleLock(
            f"{what}: that process is gone from this host, and it may have left steps in "
            f"doubt; nothing was changed. {where}; `orchestrate resume {holder.run_id}` "
            f"continues it, or `orchestrate unlock {cluster}` removes the record, then run again"
        )
        refusal.fix = (
            f"orchestrate resume {holder.run_id}, or orchestrate unlock {cluster} and run again"
        )
        return refusal
    checked = "runs on another host" if holder.host != socket.gethostname() else "is alive"
    refusal = StaleLock(
        f"{what}, and its process {checked}, so it cannot be proved gone from here; nothing "
        f"was changed. {where}; once that process has ended, remove {holder_path} and run again"
    )
    refusal.fix = f"once process {holder.pid} on {holder.host} has ended, remove {holder_path}"
    return refusal


def stale_record(cluster: str, lock_dir: Path | None = None) -> Holder | None:
    """The record of a run that died holding `cluster`'s lock, when this host can prove its
    process gone: the next run is refused until `orchestrate resume` or `unlock` (precheck and
    status say so). Read without taking the lock, so a run starting meanwhile is never turned
    away by a read-only verb: a record whose process is gone is never a running run's (a new
    run refuses it; its own resume overwrites it as soon as it holds the lock)."""
    holder = read_holder(ClusterLock(cluster, "-", lock_dir).holder_path)
    return holder if holder is not None and gone_here(holder) else None


def stale_record_line(cluster: str, holder: Holder) -> str:
    return (
        f"stale lock: cluster {cluster}: {holder.describe()} ended without releasing it (that "
        f"process is gone); the next run is refused until `orchestrate resume {holder.run_id}` "
        f"or `orchestrate unlock {cluster}`"
    )


class ClusterLock:
    def __init__(self, cluster: str, run_id: str, lock_dir: Path | None = None) -> None:
        safe = re.sub(r"[^\w.-]", "_", cluster.lower())
        directory = lock_dir or default_lock_dir()
        self.path = directory / f"{safe}.lock"
        self.holder_path = directory / f"{safe}.holder"
        self.cluster = cluster
        self.me = Holder(
            run_id,
            os.getpid(),
            socket.gethostname(),
            datetime.now(UTC).isoformat(timespec="seconds"),
        )
        # This run's own record, left when it died holding the lock (resume takes it over).
        self.previous: Holder | None = None
        # thread_local=False: the lock belongs to the run, whichever thread releases it.
        self._lock = filelock.FileLock(
            self.path, mode=0o600, thread_local=False, fallback_to_soft=False
        )

    def acquire(self) -> None:
        # 0700: the holder files name runs and hosts; only this user's runs need them.
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=0)  # never waits: a second run is refused at once
        except filelock.Timeout:
            holder = self._holder()
            who = (
                holder.describe() if holder else "another run (its holder file is not written yet)"
            )
            raise LockHeld(
                f"cluster {self.cluster} is locked by {who}; wait for it to finish (the lock "
                f"{self.path} is released by the system when that process ends)"
            ) from None
        previous = self._holder()
        if previous is not None and previous.run_id != self.me.run_id:
            self._lock.release()  # the record stays: it is what the refusal names
            raise stale_record_refusal(self.cluster, previous, self.holder_path)
        self.previous = previous  # the run being resumed died holding it: taken over
        descriptor = os.open(self.holder_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as stream:
            json.dump(attrs.asdict(self.me), stream)

    def _holder(self) -> Holder | None:
        return read_holder(self.holder_path)

    def release(self) -> None:
        if not self._lock.is_locked:
            return
        self.holder_path.unlink(missing_ok=True)  # still ours: nobody else can hold the lock
        self._lock.release()

    def __enter__(self) -> ClusterLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
