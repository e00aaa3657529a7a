"""The in-process lab transport, with the world saved to a file after every command.

The file is brought up to date after every command (lab/snapshot.py SnapshotFile): only the
nodes the command could reach are serialised again, and the file is rewritten only when the
world changed (issue 16.6), so a read costs no write and no fsync. After `run` returns the
file holds the world exactly as before this optimisation; the call hooks (lab/transport.py)
run at the same moments relative to the save.

Opt-in through ORCHESTRATE_LAB_STATE=<file>: the first run builds the world from the inventory
and saves it; later processes (a resumed run, a second apply) load it, so the lab outlives a
crash of the controller exactly as real nodes would.
"""

from __future__ import annotations

import os
from pathlib import Path

from orchestrator.lab.latency import Latency, LatencyInjector
from orchestrator.lab.snapshot import SnapshotFile
from orchestrator.lab.transport import CallHook, LabSession, LabTransport
from orchestrator.lab.world import LabWorld
from orchestrator.transport.base import Command, CommandResult

LAB_STATE_ENV = "ORCHESTRATE_LAB_STATE"


def lab_state_path() -> Path | None:
    value = os.environ.get(LAB_STATE_ENV)
    return Path(value) if value else None


class SnapshottingSession(LabSession):
    def __init__(
        self,
        world: LabWorld,
        node: str,
        snapshot: SnapshotFile,
        hook: CallHook | None,
        latency: LatencyInjector | None = None,
    ) -> None:
        super().__init__(world, node, hook=hook, latency=latency)
        self.snapshot = snapshot

    def run(self, command: Command) -> CommandResult:
        # The command changes the world under the world's lock (lab/surface.py dispatch); the
        # save takes it again, so it sees no command half done, and it happens before the
        # answer is returned. Other sessions' commands (and their injected latency) go on
        # meanwhile instead of queuing behind this one.
        picture = None
        if self.snapshot.check:  # ORCHESTRATE_LAB_STATE_CHECK (lab/snapshot.py)
            with self.world.lock.reading():
                picture, began = self.snapshot.picture(), self.world.lock.changes
        else:
            began = self.world.lock.changes
        result = super().run(command)
        if self.snapshot.unchanged_since(began):
            return result  # a read, everything counted before it saved: no lock, no compare
        # LabSession.run looked this node up (noting it for the save) when the command started,
        # outside the lock, and the command changed it later under the lock: a save by another
        # node's session in between took it off the list of nodes to compare, and the change
        # never reached the file (a removed config file "left behind" in the state,
        # arc-onboard D3). The save notes it again, under the lock (`node`). And a change
        # counted while this command ran is compared even when another session's save
        # compared (without this node noted) after it (`since`).
        self.snapshot.save(node=self.node, since=began, picture=picture)
        return result


class SnapshottingLabTransport(LabTransport):
    def __init__(self, world: LabWorld, path: Path, *, latency: Latency | None = None) -> None:
        super().__init__(world, latency=latency)
        self.path = path
        self.snapshot = SnapshotFile(world, path)

    @property
    def saves(self) -> int:
        """How many times the file was rewritten (the benchmark's count)."""
        return self.snapshot.saves

    def open(self, node: str) -> SnapshottingSession:
        super().open(node)  # reachability and the session count
        return SnapshottingSession(self.world, node, self.snapshot, self.hook, self.latency)
