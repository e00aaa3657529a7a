"""The in-process lab transport, with the world saved to a file after every command.

Opt-in through ORCHESTRATE_LAB_STATE=<file>: the first run builds the world from the inventory
and saves it; later processes (a resumed run, a second apply) load it, so the lab outlives a
crash of the controller exactly as real nodes would.
"""

from __future__ import annotations

import os
from pathlib import Path

from orchestrator.lab.latency import Latency, LatencyInjector
from orchestrator.lab.snapshot import save_world
from orchestrator.lab.world import LabWorld
from orchestrator.transport.base import Command, CommandResult
from orchestrator.transport.lab import CallHook, LabSession, LabTransport

LAB_STATE_ENV = "ORCHESTRATE_LAB_STATE"


def lab_state_path() -> Path | None:
    value = os.environ.get(LAB_STATE_ENV)
    return Path(value) if value else None


class SnapshottingSession(LabSession):
    def __init__(
        self,
        world: LabWorld,
        node: str,
        path: Path,
        hook: CallHook | None,
        latency: LatencyInjector | None = None,
    ) -> None:
        super().__init__(world, node, hook=hook, latency=latency)
        self.path = path

    def run(self, command: Command) -> CommandResult:
        with self.world.lock:
            result = super().run(command)
            save_world(self.world, self.path)
        return result


class SnapshottingLabTransport(LabTransport):
    def __init__(self, world: LabWorld, path: Path, *, latency: Latency | None = None) -> None:
        super().__init__(world, latency=latency)
        self.path = path

    def open(self, node: str) -> SnapshottingSession:
        super().open(node)  # reachability and the session count
        return SnapshottingSession(self.world, node, self.path, self.hook, self.latency)
