"""The in-process transport: sessions that call the lab world's cmdlet surface directly."""

from __future__ import annotations

import threading

from orchestrator.errors import NodeUnreachable
from orchestrator.lab.surface import dispatch
from orchestrator.lab.world import LabWorld
from orchestrator.transport.base import Command, CommandResult


def _unreachable(host: str) -> str:
    # The text New-PSSession / WinRM prints when the node does not answer.
    return (
        f"Connecting to remote server {host} failed with the following error message : "
        "WinRM cannot complete the operation. Verify that the specified computer name is valid, "
        "that the computer is accessible over the network, and that a firewall exception for "
        "the WinRM service is enabled and allows access from this computer."
    )


class LabSession:
    def __init__(self, world: LabWorld, node: str) -> None:
        self.world = world
        self.node = node

    def run(self, command: Command) -> CommandResult:
        lab_node = self.world.node(self.node)
        if not lab_node.reachable:
            raise NodeUnreachable(self.node, _unreachable(lab_node.host))
        return dispatch(self.world, lab_node, command)

    def close(self) -> None:
        return None


class LabTransport:
    def __init__(self, world: LabWorld) -> None:
        self.world = world
        self.sessions_opened = 0
        self._lock = threading.Lock()

    def open(self, node: str) -> LabSession:
        lab_node = self.world.node(node)
        if not lab_node.reachable:
            raise NodeUnreachable(node, _unreachable(lab_node.host))
        with self._lock:
            self.sessions_opened += 1
        return LabSession(self.world, node)
