"""Test doubles for the engine: steps over an in-memory store, with scripted failures."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import attrs
import pytest

from orchestrator.engine import journal as journal_module
from orchestrator.engine.runner import Engine
from orchestrator.engine.spec import Change, StepContext
from orchestrator.inventory import load_inventory
from orchestrator.inventory.models import Inventory
from orchestrator.transport.factory import Connector, connect
from tests.conftest import EXAMPLES


def count_units(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every unit of work the engine starts from now on, by name ("prechecks", a step's id,
    "verifying", ...): each unit is a round trip through the coordinator."""
    units: Counter[str] = Counter()
    next_unit = Engine._next_unit

    def counted(engine: Engine, run: Any, *args: Any) -> Any:
        unit = next_unit(engine, run, *args)
        if unit is not None:
            units[unit[0]] += 1
        return unit

    monkeypatch.setattr(Engine, "_next_unit", counted)
    return units


class HeldFsync:
    """The journal's fsync held until `release` is set: a disk still busy with one batch while
    more records are appended. `entered` is set once the first fsync has begun."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        real_fsync = journal_module.os.fsync

        def held_fsync(fd: int) -> None:
            self.entered.set()
            assert self.release.wait(timeout=10)
            real_fsync(fd)

        monkeypatch.setattr(journal_module.os, "fsync", held_fsync)


class Store:
    """Per-node values the fake steps converge, apply counters, and errors to raise on apply."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, str]] = defaultdict(dict)
        self.applies: Counter[tuple[str, str]] = Counter()
        self.errors: dict[tuple[str, str], list[BaseException]] = defaultdict(list)
        self.lock = threading.Lock()

    def fail_next(self, node: str, step: str, *errors: BaseException) -> None:
        self.errors[(node, step)].extend(errors)


@attrs.frozen
class SetValue:
    store: Store
    id: str
    want: str = "on"
    version: int = 1
    converges: bool = True

    @property
    def title(self) -> str:
        return f"{self.id} is {self.want}"

    def check(self, ctx: StepContext) -> Change:
        current = self.store.values[ctx.node].get(self.id, "off")
        if current == self.want:
            return Change.no_op("already set", current=current)
        return Change.change(current, self.want, "differs")

    def apply(self, ctx: StepContext, change: Change) -> None:
        with self.store.lock:
            self.store.applies[(ctx.node, self.id)] += 1
            queued = self.store.errors[(ctx.node, self.id)]
            error = queued.pop(0) if queued else None
        if error is not None:
            raise error
        if self.converges:
            self.store.values[ctx.node][self.id] = self.want


@attrs.frozen
class FixWith:
    """A remediation that clears a value (or not) when the error's text matches."""

    store: Store
    id: str
    matches_text: str
    fixes: bool = True

    def matches(self, error: BaseException) -> bool:
        return self.matches_text in str(error)

    def apply(self, ctx: StepContext) -> None:
        if self.fixes:
            with self.store.lock:
                self.store.errors.pop((ctx.node, "b"), None)


class ScriptedError(Exception):
    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


def lab(name: str = "lab-cluster.yaml") -> tuple[Inventory, Connector]:
    inventory = load_inventory(EXAMPLES / name)
    return inventory, connect(inventory)


def records(state_dir: Path, run_id: str) -> list[dict[str, Any]]:
    from orchestrator.engine.journal import JOURNAL_FILE, read_records, runs_dir

    return list(read_records(runs_dir(state_dir) / run_id / JOURNAL_FILE))
