"""One run per cluster at a time: an OS lock on `<lock-dir>/<cluster>.lock`.

The lock is `filelock.FileLock` (on Linux and macOS an exclusive `fcntl.flock` on the open
file; on Windows `msvcrt.locking`): the kernel decides who holds it, atomically, and releases
it when the holding process ends however it ends (exit, exception, SIGKILL, a crash). There is
no stale-lock recovery to get wrong: a dead holder holds nothing.

Who holds it is written for humans only, to `<cluster>.holder` beside the lock file (run id,
pid, host, start time), after the lock is taken. Nothing decides on that file: it names the
holder in a refusal, and one that is still there when the lock is taken tells that the
previous holder died without releasing (`ClusterLock.previous`).

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
        # The holder file of a run that died holding the lock (the kernel released it).
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
        self.previous = self._holder()
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
