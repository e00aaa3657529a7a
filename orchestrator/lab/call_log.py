"""What a served lab's nodes received, for anyone to check from outside (`orchestrate lab
calls --dir DIR`): `lab serve` records every command each node ran (rendered, secrets masked,
as plans and logs show them) and the world's mutation counters into `<dir>/calls.json`,
rewritten whole after each command (written, then renamed: a reader never sees half)."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from orchestrator.lab.world import LabWorld
from orchestrator.transport.base import Command

CALLS_FILE = "calls.json"


class CallLog:
    def __init__(self, world: LabWorld, directory: Path) -> None:
        self.world = world
        self.path = directory / CALLS_FILE
        self._lock = threading.Lock()
        self._commands: dict[str, list[str]] = {n.name: [] for n in world.ordered_nodes()}
        self.write()

    def record(self, node: str, command: Command) -> None:
        shown = command.render() + (
            " | Export-Clixml (held while it runs)" if command.marker else ""
        )
        with self._lock:
            self._commands.setdefault(node, []).append(shown)
            self.write()

    def document(self) -> dict[str, Any]:
        with self.world.lock:
            mutations = {n.name: dict(n.mutations) for n in self.world.ordered_nodes()}
            running = [
                {"node": c.node, "command": c.command.render()} for c in self.world.in_flight
            ]
        return {
            "nodes": [
                {"node": name, "commands": list(commands), "mutations": mutations.get(name, {})}
                for name, commands in self._commands.items()
            ],
            "running": running,
        }

    def write(self) -> None:
        partial = self.path.with_suffix(".partial")
        partial.write_text(json.dumps(self.document(), indent=2) + "\n")
        partial.replace(self.path)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def read_calls(directory: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((directory / CALLS_FILE).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
