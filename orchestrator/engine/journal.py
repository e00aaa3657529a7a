"""The run journal: `<state-dir>/runs/<run_id>/journal.jsonl`, the source of truth for resume.

Append-only JSON lines; a record on disk means the thing it records happened (or, for
`step_started`, was about to). One `Journal` object owns the file for the whole run; one writer
thread writes the records in order and fsyncs them in batches (group commit): `write` returns
once its record is durable, `append` queues it (the coordinator's bookkeeping, made durable
before any remote I/O that follows it).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

from orchestrator import echo
from orchestrator.errors import InputError

FORMAT_VERSION = 1
JOURNAL_FILE = "journal.jsonl"

# Flags whose value is a secret; `--flag value` and `--flag=value` are both scrubbed.
_SECRET_FLAG = re.compile(r"^--?[\w-]*(passw(or)?d|secret|token|api[-_]?key|credential)", re.I)
SCRUBBED = "***"


class JournalClosed(BaseException):
    """Raised to a writer after the journal was closed (a crash); not an Exception, so no step
    or retry loop can swallow it."""


def scrub_argv(argv: Sequence[str]) -> list[str]:
    out: list[str] = []
    hide_next = False
    for arg in argv:
        if hide_next:
            out.append(SCRUBBED)
            hide_next = False
        elif _SECRET_FLAG.match(arg):
            if "=" in arg:
                out.append(arg.split("=", 1)[0] + "=" + SCRUBBED)
            else:
                out.append(arg)
                hide_next = True
        else:
            out.append(arg)
    return out


def new_run_id(now: datetime | None = None) -> str:
    moment = now or datetime.now(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def runs_dir(state_dir: Path) -> Path:
    return state_dir / "runs"


RecordHook = Callable[[dict[str, Any]], None]


class Journal:
    """The single writer of one run's journal, with group commit (issue 16.2).

    Records are numbered under one condition and written to the file at once, in that order
    (one `os.write` on an O_APPEND descriptor, under the condition): a process that dies (a
    kill, SIGKILL, the OOM killer) leaves every record it appended in the file, the kernel
    holding what was not yet synced. One writer thread makes them durable (power loss) with
    one `fsync` for all written since its last (group commit). `write` returns only once its
    record is durable (a record is acknowledged only once durable); `append` does not wait,
    for records that must only be durable before the next remote I/O (the engine waits with
    `wait_durable` in the worker, before the unit's first call). Concurrent writers (the
    workers) share fsyncs. Issue 16: a record queued for the writer thread was lost with the
    process whenever that thread was busy in an fsync, so a resume redid work it had done.

    With an `after_record` hook (the crash tests), records are queued instead and each is
    written as its own batch, the hook running right after that record's fsync: a crash can be
    simulated after any record, exactly (the states a kill can leave are those prefixes).
    When the hook raises (or the disk fails), the journal is dead: the writer stops, and every
    waiting or later writer gets the same exception (JournalClosed after `close`).
    """

    def __init__(self, path: Path, *, after_record: RecordHook | None = None) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        _drop_torn_tail(path)
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._seq = sum(1 for _ in read_records(path)) if path.stat().st_size else 0
        self._durable = self._seq  # the highest record number on disk
        self._written = self._seq  # the highest record number in the file (write-through)
        self._queue: list[tuple[dict[str, Any], bytes]] = []
        self._closed = False
        self._failure: BaseException | None = None
        # One lock, two conditions: the writer thread waits on `_work` (a record to sync, or
        # close), the writers waiting for durability on `_synced`. An append wakes only the
        # writer thread and an fsync only the waiters: with one condition every append woke
        # every worker waiting for the disk (up to --parallel), which then fought the
        # coordinator for the lock (issue 16: at 1000 servers, 64 at a time, the coordinator
        # spent more time acquiring the journal's lock than writing records). A plain lock:
        # nothing here takes it twice.
        self._lock = threading.Lock()
        self._work = threading.Condition(self._lock)
        self._synced = threading.Condition(self._lock)
        self.fsyncs = 0  # batches made durable (the benchmarks and tests read it)
        # Tests use this to crash the run right after a given record.
        self._after_record = after_record
        self._writer = threading.Thread(target=self._write_batches, name="journal", daemon=True)
        self._writer.start()

    @classmethod
    def for_run(cls, state_dir: Path, run_id: str, **kwargs: Any) -> Journal:
        return cls(runs_dir(state_dir) / run_id / JOURNAL_FILE, **kwargs)

    @property
    def run_id(self) -> str:
        return self.path.parent.name

    @property
    def last_seq(self) -> int:
        with self._lock:
            return self._seq

    def append(self, kind: str, **fields: Any) -> dict[str, Any]:
        """Queue a record; durable soon, but not yet when this returns."""
        # The fields are encoded before the lock is taken: under it only the number, the time
        # and the write (every worker and the coordinator append; issue 16). The line is the
        # one json.dumps of the whole record gives, byte for byte.
        body = json.dumps(fields, default=str)
        kind_json = json.dumps(kind)
        with self._lock:
            self._raise_if_dead()
            self._seq += 1
            ts = datetime.now(UTC).isoformat(timespec="milliseconds")
            record = {"seq": self._seq, "ts": ts, "type": kind, **fields}
            rest = ", " + body[1:] if fields else "}"
            line = f'{{"seq": {self._seq}, "ts": "{ts}", "type": {kind_json}{rest}\n'
            if self._after_record is None:
                try:
                    os.write(self._fd, line.encode())
                except OSError as error:  # the disk's: the journal is dead for everyone
                    self._failure = error
                    self._wake_all()
                    raise
                self._written = self._seq
            else:
                self._queue.append((record, line.encode()))
            self._work.notify()  # the writer thread only: nothing became durable
            return record

    def write(self, kind: str, **fields: Any) -> dict[str, Any]:
        """Queue a record and return once it (and every record before it) is on disk."""
        record = self.append(kind, **fields)
        self.wait_durable(record["seq"])
        return record

    def wait_durable(self, seq: int | None = None) -> None:
        """Block until record `seq` (default: the last one queued) is on disk."""
        if seq is not None and self._durable >= seq and self._failure is None:
            return  # on disk already (an int read needs no lock): the usual first-step wait
        with self._lock:
            target = self._seq if seq is None else seq
            while self._durable < target:
                self._raise_if_dead()
                self._synced.wait()

    def _wake_all(self) -> None:
        """(Under the lock.) The journal died or closed: everyone looks again."""
        self._work.notify_all()
        self._synced.notify_all()

    def _raise_if_dead(self) -> None:
        if self._failure is not None:
            raise self._failure
        if self._closed:
            raise JournalClosed(self.path)

    def _write_batches(self) -> None:
        if self._after_record is None:
            self._sync_written()
            return
        while True:
            with self._lock:
                while not self._queue and not self._closed:
                    self._work.wait()
                if not self._queue:
                    return  # closed, everything written
                size = 1 if self._after_record is not None else len(self._queue)
                batch, self._queue = self._queue[:size], self._queue[size:]
            try:
                os.write(self._fd, b"".join(line for _, line in batch))
                os.fsync(self._fd)
                if self._after_record is not None:
                    self._after_record(batch[0][0])
            except BaseException as error:  # the hook's crash, or the disk's
                with self._lock:
                    self._failure = error
                    self._queue.clear()
                    self._wake_all()
                self._close_fd()
                return
            with self._lock:
                self.fsyncs += 1
                self._durable = batch[-1][0]["seq"]
                self._synced.notify_all()

    def _sync_written(self) -> None:
        """Write-through mode: fsync whatever was written since the last fsync, repeatedly."""
        while True:
            with self._lock:
                while self._written == self._durable and not self._closed:
                    self._work.wait()
                if self._written == self._durable:
                    return  # closed, everything durable
                target, fd = self._written, self._fd
            try:
                os.fsync(fd)
            except BaseException as error:  # the disk's
                with self._lock:
                    self._failure = error
                    self._wake_all()
                self._close_fd()
                return
            with self._lock:
                self.fsyncs += 1
                self._durable = target
                self._synced.notify_all()

    def close(self) -> None:
        """Write what is queued, then stop (idempotent)."""
        with self._lock:
            self._closed = True
            self._wake_all()
        if threading.current_thread() is not self._writer:
            self._writer.join()
        self._close_fd()

    def _close_fd(self) -> None:
        with self._lock:
            fd, self._fd = self._fd, -1
        if fd >= 0:
            os.close(fd)


def _drop_torn_tail(path: Path) -> None:
    """A crash mid-write leaves a line without its newline; appending after it would glue the
    next record onto it, so it is cut off before a resumed run appends."""
    if not path.exists():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with path.open("r+b") as stream:
            stream.truncate(data.rfind(b"\n") + 1)
            os.fsync(stream.fileno())


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Every complete record; a torn last line (crash mid-write) is ignored, never fatal."""
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if not line.endswith("\n"):
                return
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                return


# --- folding a journal into what resume needs ---------------------------------------------------


@attrs.define
class NodeHistory:
    node: str
    state: str = "pending"
    last_step_state: str | None = (
        None  # the step the node was last in (for failed / needs_operator)
    )
    finished: dict[str, str] = attrs.field(factory=dict)  # step -> outcome
    in_doubt: set[str] = attrs.field(factory=set)  # started, never finished
    applied: dict[str, int] = attrs.field(factory=dict)  # step -> apply attempts started
    remediation_uses: dict[str, int] = attrs.field(factory=dict)
    error: str | None = None


@attrs.define
class RunHistory:
    run_id: str
    started: dict[str, Any]
    nodes: dict[str, NodeHistory]
    status: str  # finished | interrupted | incomplete
    exit_code: int | None
    records: int
    attempts: int  # failed attempts that were retried
    # A cluster flow's nodes pre-checked since the run last finished: node -> results as
    # journaled (`prechecks_done`); a resume after a crash reuses the passing ones.
    prechecked: dict[str, list[dict[str, Any]]] = attrs.field(factory=dict)
    # What the run guards saw of each of those nodes in the run (or resume) that checked it
    # (`guard_seen` of its run_started / run_resumed); a resume reuses the results only when
    # the guards see the same now.
    prechecked_seen: dict[str, Any] = attrs.field(factory=dict)
    # Single checks of a cluster flow's nodes journaled since the run last finished
    # (`node_precheck`): node -> check -> {"result": its `precheck` fields, "guard_seen": what
    # the guards saw of the node in that run or resume}; a resume reuses the passing ones of a
    # node whose checks did not all finish.
    prechecked_checks: dict[str, dict[str, dict[str, Any]]] = attrs.field(factory=dict)
    # Per targeted node, what happened to it, as the last run_finished accounted for it
    # (engine/accounting.py); None while the run is not finished, or for older journals.
    accounts: list[dict[str, Any]] | None = None


def load_run(state_dir: Path, run_id: str) -> RunHistory:
    path = runs_dir(state_dir) / run_id / JOURNAL_FILE
    if not re.fullmatch(r"[\w.-]+", run_id) or not path.is_file():
        raise InputError(
            "run id",
            f"{echo.quoted(run_id)}: no such run in {runs_dir(state_dir)}; `orchestrate runs` lists them",
        )
    return fold(run_id, list(read_records(path)))


def fold(run_id: str, records: Sequence[Mapping[str, Any]]) -> RunHistory:
    if not records or records[0].get("type") != "run_started":
        raise InputError("journal", f"run {run_id}: the journal does not start with run_started")
    started = dict(records[0])
    nodes = {name: NodeHistory(name) for name in started.get("nodes", [])}
    status, exit_code, attempts = "incomplete", None, 0
    prechecked: dict[str, list[dict[str, Any]]] = {}
    prechecked_seen: dict[str, Any] = {}
    prechecked_checks: dict[str, dict[str, dict[str, Any]]] = {}
    guard_seen: dict[str, Any] = dict(started.get("guard_seen") or {})
    accounts: list[dict[str, Any]] | None = None
    for record in records[1:]:
        kind = record["type"]
        node = nodes.get(record.get("node", ""))
        if kind == "node_state" and node is not None:
            node.state = record["state"]
            if record.get("step_state"):
                node.last_step_state = record["state"]
            if record.get("error"):
                node.error = record["error"]
        elif kind == "step_started" and node is not None:
            node.in_doubt.add(record["step"])
            node.applied[record["step"]] = node.applied.get(record["step"], 0) + 1
        elif kind == "step_finished" and node is not None:
            node.in_doubt.discard(record["step"])
            node.finished[record["step"]] = record["outcome"]
        elif kind == "step_failed" and node is not None:
            # A failure is an ending: whether the change landed is re-checked on resume.
            node.error = record.get("error")
        elif kind == "step_retry":
            attempts += 1
        elif kind == "remediation_started" and node is not None:
            rid = record["remediation"]
            node.remediation_uses[rid] = node.remediation_uses.get(rid, 0) + 1
        elif kind == "run_resumed":
            status, exit_code, accounts = "incomplete", None, None
            guard_seen = dict(record.get("guard_seen") or {})
        elif kind == "node_precheck":
            result = {
                k: record.get(k) for k in ("node", "check", "status", "observed", "remediation")
            }
            seen = guard_seen.get(record["node"])
            checks = prechecked_checks.setdefault(record["node"], {})
            checks[record["check"]] = {"result": result, "guard_seen": seen}
        elif kind == "prechecks_done":
            prechecked[record["node"]] = list(record["results"])
            prechecked_seen[record["node"]] = guard_seen.get(record["node"])
        elif kind == "run_finished":
            status, exit_code = "finished", record.get("exit_code")
            accounts = record.get("accounts")
            prechecked.clear()  # a resume of a finished run checks every node again
            prechecked_seen.clear()
            prechecked_checks.clear()
        elif kind == "run_interrupted":
            status, exit_code = "interrupted", record.get("exit_code")
    return RunHistory(
        run_id,
        started,
        nodes,
        status,
        exit_code,
        len(records),
        attempts,
        prechecked,
        prechecked_seen=prechecked_seen,
        prechecked_checks=prechecked_checks,
        accounts=accounts,
    )


def list_runs(state_dir: Path) -> list[RunHistory]:
    base = runs_dir(state_dir)
    if not base.is_dir():
        return []
    found = []
    for entry in sorted(base.iterdir()):
        path = entry / JOURNAL_FILE
        if path.is_file():
            try:
                found.append(fold(entry.name, list(read_records(path))))
            except InputError:
                continue  # an empty journal from a run that died before its first record
    return found
