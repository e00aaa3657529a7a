"""Stale cluster locks (issue 15.12): found, reported with their run, and `orchestrate unlock
CLUSTER` to clear one, only when it is provably stale.

The lock itself cannot go stale: it is a kernel lock (orchestrator/engine/lock.py) that the
system releases when the holding process ends, however it ends. What a crash leaves behind is
the holder record beside it (`<cluster>.holder`: run id, pid, host, start time), which still
names a run that no longer runs. A record is stale when the lock is free and the record's
process is gone from this host; `orchestrate runs` reports each one with its run id, and
`unlock` removes it then and only then. It refuses (exit 5, nothing removed) while the lock is
held (a run is going on), when the record names a process that is alive on this host, or one
on another host (a shared home directory: that process cannot be checked from here), the
cases where Terraform's `force-unlock` would risk two runs at once.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import click

from orchestrator import echo
from orchestrator.cli.completion import complete_locked_cluster
from orchestrator.cli.flowrun import ask_consent, yes_option
from orchestrator.cli.support import output_option
from orchestrator.errors import InputError, RefusedError
from orchestrator.inventory import rules

# The lock (filelock) and the output load where they are used, not for --help (15.16).
if TYPE_CHECKING:
    from orchestrator.engine.lock import Holder

FREE, HELD, STALE, ALIVE, ELSEWHERE = "free", "held", "stale", "alive", "other-host"


@contextmanager
def probed(lock_path: Path) -> Iterator[bool]:
    """Whether the lock is free, holding it meanwhile when it is (so that no run starts while
    the record is inspected or removed)."""
    import filelock

    if not lock_path.exists():
        yield True
        return
    probe = filelock.FileLock(lock_path, mode=0o600, thread_local=False, fallback_to_soft=False)
    try:
        probe.acquire(timeout=0)
    except filelock.Timeout:
        yield False
        return
    try:
        yield True
    finally:
        probe.release()


def record_state(holder: Holder | None, lock_free: bool) -> str:
    from orchestrator.engine.lock import alive

    if not lock_free:
        return HELD
    if holder is None:
        return FREE
    if holder.host != socket.gethostname():
        return ELSEWHERE
    return ALIVE if alive(holder.pid) else STALE


@attrs.frozen
class LockRecord:
    cluster: str  # as the lock file names it (lower case, unsafe characters replaced)
    holder: Holder
    state: str

    def to_json(self) -> dict[str, Any]:
        return {"cluster": self.cluster, **attrs.asdict(self.holder), "state": self.state}

    def describe(self) -> str:
        return f"cluster {self.cluster}: {self.holder.describe()}"


def lock_records(lock_dir: Path | None = None) -> list[LockRecord]:
    """Every holder record in the lock directory, with what it is (held, stale, ...)."""
    from orchestrator.engine.lock import default_lock_dir, read_holder

    directory = lock_dir or default_lock_dir()
    records = []
    for path in sorted(directory.glob("*.holder")) if directory.is_dir() else []:
        holder = read_holder(path)
        if holder is None:
            continue
        with probed(path.with_suffix(".lock")) as lock_free:
            records.append(LockRecord(path.stem, holder, record_state(holder, lock_free)))
    return records


def stale_lock_lines(records: list[LockRecord]) -> list[str]:
    from orchestrator.engine.lock import stale_record_line

    return [stale_record_line(r.cluster, r.holder) for r in records if r.state == STALE]


class UnlockRefused(RefusedError):
    """The lock is held, or its record cannot be proved stale."""


@click.command("unlock")
@click.argument("cluster", shell_complete=complete_locked_cluster)
@output_option
@yes_option
@click.pass_context
def unlock(ctx: click.Context, cluster: str, output: str) -> None:
    """Remove a stale lock record left by a run that died.

    Only when the lock is free and the run's process is gone from this host; refused (exit 5)
    while a run holds the lock, or when the process is alive or on another host. A free lock
    with no record: nothing to do (exit 0). Removing a record asks first at a terminal (like
    `terraform force-unlock`) and needs --yes where stdin is not one."""
    problem = rules.netbios_name(cluster)
    if problem:
        # the cluster's name as the inventory has it (cluster.name), never anything else
        raise InputError("CLUSTER", f"{echo.prefix(cluster)}{problem}")
    from orchestrator.engine.lock import ClusterLock, read_holder
    from orchestrator.output import FORMAT_VERSION, write_json

    lock = ClusterLock(cluster, run_id="-")
    with probed(lock.path) as lock_free:
        holder = read_holder(lock.holder_path)
        stale = record_state(holder, lock_free) == STALE
    if stale and holder:
        # asked without holding the lock (a run starting meanwhile is not kept waiting on a
        # prompt); the record is checked again, under the lock, before it is removed
        ask_consent(
            ctx,
            f"Remove the lock record of cluster {cluster}: {holder.describe()}, a process that "
            "is gone?",
            undone="nothing was removed",
        )
    with probed(lock.path) as lock_free:
        holder = read_holder(lock.holder_path)
        state = record_state(holder, lock_free)
        who = holder.describe() if holder else "a run whose record is not written yet"
        if state == HELD:
            raise UnlockRefused(
                f"cluster {cluster} is locked by {who}, which is running; nothing was removed. "
                "Wait for it to finish or stop it (the lock is released when it ends)"
            )
        if state == ALIVE:
            raise UnlockRefused(
                f"cluster {cluster}: the lock is free but its record names {who}, and that "
                "process is alive on this host; nothing was removed. Check what that process is, "
                f"then remove {lock.holder_path} by hand if it is not orchestrate"
            )
        if state == ELSEWHERE:
            raise UnlockRefused(
                f"cluster {cluster}: the lock record names {who}, on another host than this one "
                f"({socket.gethostname()}); its process cannot be checked from here, nothing was "
                f"removed. Once it has ended, remove {lock.holder_path} there or by hand"
            )
        if state == STALE:
            lock.holder_path.unlink(missing_ok=True)  # we hold the lock: no run can start now
    removed = state == STALE
    document = {
        "format_version": FORMAT_VERSION,
        "command": "unlock",
        "cluster": cluster,
        "removed": removed,
        "holder": attrs.asdict(holder) if holder and removed else None,
        "exit_code": 0,
    }
    if output == "json":
        write_json(document, sys.stdout)
    elif removed and holder:
        click.echo(
            f"removed the stale lock record of cluster {cluster}: {holder.describe()}, a process "
            f"that is gone. Its journal: `orchestrate runs show {holder.run_id}`; "
            f"`orchestrate resume {holder.run_id}` continues it"
        )
    else:
        click.echo(f"cluster {cluster} is not locked and has no lock record; nothing to remove")
