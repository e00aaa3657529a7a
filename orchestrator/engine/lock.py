"""One run per cluster at a time: `<lock-dir>/<cluster>.lock`, created exclusively.

The lock directory is host-wide for the user (`ORCHESTRATE_LOCK_DIR`, else
`~/.orchestrate/locks`), not inside the state dir: runs keeping their journals in different
state dirs (two working directories, the CLI and the Ansible module) still see each other.

The file names its holder (run id, pid, host, start time). A lock whose holder process is
gone on this host is stale: it is moved aside atomically (only one contender can win the
rename) and the lock is taken again. A holder on another host is never presumed dead.
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


class ClusterLock:
    def __init__(self, cluster: str, run_id: str, lock_dir: Path | None = None) -> None:
        safe = re.sub(r"[^\w.-]", "_", cluster.lower())
        self.path = (lock_dir or default_lock_dir()) / f"{safe}.lock"
        self.cluster = cluster
        self.me = Holder(
            run_id,
            os.getpid(),
            socket.gethostname(),
            datetime.now(UTC).isoformat(timespec="seconds"),
        )
        self.recovered: Holder | None = None

    def acquire(self) -> None:
        # 0700: the holder files name runs and hosts; only this user's runs need them.
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                holder = self._holder()
                if holder is None:
                    continue  # released between our attempts, or half-written: try again
                if holder.host == self.me.host and not alive(holder.pid):
                    self._move_aside(holder)
                    continue
                raise LockHeld(
                    f"cluster {self.cluster} is locked by {holder.describe()}; wait for it to "
                    f"finish, or if that run is gone, remove {self.path}"
                ) from None
            with os.fdopen(fd, "w") as stream:
                json.dump(attrs.asdict(self.me), stream)
                stream.flush()
                os.fsync(stream.fileno())
            return
        raise LockHeld(f"cluster {self.cluster}: could not take {self.path}; try again")

    def _holder(self) -> Holder | None:
        try:
            data = json.loads(self.path.read_text())
            return Holder(
                str(data["run_id"]), int(data["pid"]), str(data["host"]), str(data["started_at"])
            )
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            # Unreadable: a holder that died while writing it. Treat as ours-to-recover on this host.
            return Holder("unknown", -1, self.me.host, "unknown")

    def _move_aside(self, holder: Holder) -> None:
        try:
            os.rename(self.path, self.path.with_name(f"{self.path.name}.stale-{os.getpid()}"))
        except FileNotFoundError:
            return  # another contender recovered it first
        self.path.with_name(f"{self.path.name}.stale-{os.getpid()}").unlink(missing_ok=True)
        self.recovered = holder

    def release(self) -> None:
        holder = self._holder()
        if holder is not None and holder.run_id == self.me.run_id and holder.pid == self.me.pid:
            self.path.unlink(missing_ok=True)

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
