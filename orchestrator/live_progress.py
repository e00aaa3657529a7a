"""Live per-node progress of a run (issue 15.9), driven by the engine's state-change events.

At a terminal: a rich Live view with one row per node (its current step, state and elapsed
time), the overall count, and each failure printed in red above the view as it happens; the
view is transient, so the final result table replaces it. In a pipeline: one timestamped line
per node and step on stderr (`2026-12-06T23:41:07Z node2 start_hcisvc`), nothing redrawn.
`ORCHESTRATE_PROGRESS=off` silences both.

The engine calls `on_event(run, event)` on its coordinator thread after every state change
(engine/runner.py `_after_state_change`); nothing here polls or sleeps. Elapsed times come
from an injectable clock, so tests feed a fake event stream and a fake clock and read what a
recording console shows.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import IO, Any, Protocol

import attrs
from rich.console import Console, Group
from rich.live import Live
from rich.logging import RichHandler
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from orchestrator import terminal
from orchestrator.engine.compile import (
    DONE,
    FAILED,
    NEEDS_OPERATOR,
    PENDING,
    PRECHECKS,
    READY,
    REMEDIATING_SUFFIX,
    TERMINAL,
    VERIFYING,
)

Clock = Callable[[], float]
OFF_VALUES = ("off", "0", "false", "no")
_STATE_STYLE = {DONE: "green", FAILED: "bold red", NEEDS_OPERATOR: "bold magenta"}


class RunLike(Protocol):
    """What the view reads of the engine's NodeRun."""

    @property
    def name(self) -> str: ...

    state: str
    error: str | None


def progress_off() -> bool:
    if terminal.quiet():
        return True  # -q: the result only (issue 15.8)
    return os.environ.get("ORCHESTRATE_PROGRESS", "").lower() in OFF_VALUES


@attrs.define
class NodeRow:
    node: str
    state: str = PENDING
    step: str = "-"
    started: float | None = None
    ended: float | None = None
    error: str | None = None

    def elapsed(self, now: float) -> float:
        if self.started is None:
            return 0.0
        return (self.ended if self.ended is not None else now) - self.started


def _phase(state: str) -> tuple[str, str]:
    """(state shown, step shown) for an engine state."""
    if state in (PENDING, READY):
        return ("waiting" if state == READY else PENDING), "-"
    if state == PRECHECKS:
        return "checking", "pre-checks"
    if state == VERIFYING:
        return "verifying", "verification"
    if state.endswith(REMEDIATING_SUFFIX):
        return "fixing", state[: -len(REMEDIATING_SUFFIX)]
    if state in TERMINAL:
        return state, ""
    return "running", state


class RunProgress:
    """The state of every node of a run, from engine events; no I/O of its own."""

    def __init__(
        self, nodes: Sequence[str], *, clock: Clock = time.monotonic, entry: str | None = None
    ) -> None:
        self.clock = clock
        self.rows = {name: NodeRow(name) for name in nodes}
        # A cluster flow walks its steps on the entry node only; the others follow it.
        self.entry = entry

    def update(self, run: RunLike) -> tuple[NodeRow, bool]:
        """Take a node's new state; returns its row and whether the node just failed."""
        row = self.rows.setdefault(run.name, NodeRow(run.name))
        now = self.clock()
        state, step = _phase(run.state)
        if row.started is None and run.state != PENDING:
            row.started = now
        just_failed = run.state in (FAILED, NEEDS_OPERATOR) and row.state not in (
            FAILED,
            NEEDS_OPERATOR,
        )
        row.state = state
        if step:
            row.step = step
        if run.state in TERMINAL:
            row.ended = now
            row.error = run.error
        if self.entry is not None and run.name == self.entry:
            for other in self.rows.values():
                if other.node != self.entry:
                    other.state = f"{state} (through {self.entry})"
                    other.started, other.ended = row.started, row.ended
        return row, just_failed

    def counts(self) -> tuple[int, int, int]:
        """(finished, failed, total)."""
        rows = list(self.rows.values())
        finished = sum(1 for r in rows if r.ended is not None or r.state.endswith(")"))
        if self.entry is not None:
            entry = self.rows.get(self.entry)
            finished = len(rows) if entry and entry.ended is not None else 0
        failed = sum(1 for r in rows if r.state in (FAILED, NEEDS_OPERATOR))
        return finished, failed, len(rows)

    def count_line(self) -> str:
        finished, failed, total = self.counts()
        running = sum(
            1
            for r in self.rows.values()
            if r.state in ("running", "fixing", "verifying", "checking")
        )
        return f"{finished}/{total} nodes finished, {running} running, {failed} failed"

    def table(self, title: str) -> Table:
        now = self.clock()
        table = Table(title=title, title_justify="left", expand=False)
        for column in ("node", "step", "state", "elapsed"):
            table.add_column(column, overflow="fold")
        for row in self.rows.values():
            style = _STATE_STYLE.get(row.state, "")
            state = f"[{style}]{escape(row.state)}[/]" if style else escape(row.state)
            table.add_row(escape(row.node), escape(row.step), state, f"{row.elapsed(now):.0f}s")
        return table


class LiveView:
    """At a terminal: the table redrawn on every event; failures printed above it in red."""

    def __init__(
        self, progress: RunProgress, title: str, console: Console, *, auto_refresh: bool = True
    ) -> None:
        self.progress = progress
        self.title = title
        self.console = console
        self._handlers: list[tuple[RichHandler, Console]] = []
        # rich's own refresh thread redraws twice a second, so elapsed times tick between
        # events; tests turn it off and see exactly one redraw per event.
        self.live = Live(
            console=console,
            get_renderable=self._render,
            auto_refresh=auto_refresh,
            refresh_per_second=2,
            transient=True,
            redirect_stderr=True,
        )

    def _render(self) -> Group:
        return Group(self.progress.table(self.title), Text(self.progress.count_line()))

    def __enter__(self) -> LiveView:
        self.live.__enter__()
        # -v log lines go through the view's console, so rich prints them above the view
        # instead of into it (a handler's own console would bypass the redirection).
        rich_handlers = (
            handler.rich() if isinstance(handler, terminal.RichStderrHandler) else handler
            for handler in logging.getLogger().handlers
        )
        self._handlers = [
            (handler, handler.console)
            for handler in rich_handlers
            if isinstance(handler, RichHandler)
        ]
        for handler, _console in self._handlers:
            handler.console = self.console
        return self

    def __exit__(self, *exc: Any) -> None:
        for handler, console in self._handlers:
            handler.console = console
        self.live.__exit__(*exc)

    def on_event(self, run: RunLike, _event: str) -> None:
        row, just_failed = self.progress.update(run)
        if just_failed:
            self.console.print(
                f"[bold red]✗ {escape(row.node)} {escape(row.state)} at {escape(row.step)}: "
                f"{escape(row.error or '')}[/]"
            )
        self.live.refresh()


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class LineView:
    """In a pipeline: one timestamped line per node and step (and per final state)."""

    def __init__(
        self, progress: RunProgress, stream: IO[str], stamp: Callable[[], str] = _stamp
    ) -> None:
        self.progress = progress
        self.stream = stream
        self.stamp = stamp

    def on_event(self, run: RunLike, _event: str) -> None:
        before = self.progress.rows.get(run.name)
        previous = (before.state, before.step) if before else None
        row, _failed = self.progress.update(run)
        if (row.state, row.step) == previous or row.state in (PENDING, "waiting"):
            return
        if run.state in TERMINAL:
            what = row.state + (f": {row.error}" if row.error and run.state != DONE else "")
        else:
            what = f"{row.step} ({row.state})"
        finished, failed, total = self.progress.counts()
        count = f"[{finished}/{total} finished, {failed} failed]"
        lines = [f"{self.stamp()} {run.name} {what} {count}"]
        if run.state in TERMINAL and run.name == self.progress.entry:
            # a cluster flow's other nodes end with the entry node: one line each
            lines += [
                f"{self.stamp()} {other.node} {other.state} {count}"
                for other in self.progress.rows.values()
                if other.node != run.name
            ]
        self.stream.write("".join(line + "\n" for line in lines))
        self.stream.flush()


EventHook = Callable[[Any, str], None]


@contextmanager
def live_progress(
    title: str,
    nodes: Sequence[str],
    *,
    entry: str | None = None,
    console: Console | None = None,
    stream: IO[str] | None = None,
    clock: Clock = time.monotonic,
) -> Iterator[EventHook | None]:
    """The engine's `on_event` hook for a run: the live view at a terminal, lines in a pipeline,
    None when progress is off."""
    if progress_off():
        yield None
        return
    progress = RunProgress(nodes, clock=clock, entry=entry)
    console = console or Console(stderr=True, **terminal.console_options())  # --no-color
    if console.is_terminal:
        with LiveView(progress, title, console) as view:
            yield view.on_event
        return
    yield LineView(progress, stream or sys.stderr).on_event
