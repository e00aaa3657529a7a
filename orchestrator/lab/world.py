"""The simulated world: nodes and their facts. One lock guards it, so workers may share it.

The world holds state only; the cmdlet surface (surface.py) reads and changes it the way the
real commands would, and scenarios (scenarios.py) put it into a known fault state.
"""

from __future__ import annotations

import random
import threading
from datetime import datetime, timedelta

import attrs

from orchestrator.lab.clock import VirtualClock

# Service names and display names as Get-Service shows them on an HCI node.
SERVICE_DISPLAY_NAMES = {
    "hcisvc": "Azure Stack HCI Management Service",
    "himds": "Azure Hybrid Instance Metadata Service",
}


@attrs.define
class LabService:
    name: str
    running: bool = True
    start_type: str = "Automatic"

    @property
    def status(self) -> str:
        return "Running" if self.running else "Stopped"


@attrs.define
class LabNode:
    name: str
    host: str
    reachable: bool = True
    clock_offset_s: float = 0.0
    os_build: str = "20348"
    last_boot: datetime | None = None
    services: dict[str, LabService] = attrs.field(factory=dict)
    # The Microsoft-AzureStack-HCI/Debug event channel (added for the engine's prepare flow).
    debug_channel_enabled: bool = False
    # Counts of mutating calls, so tests can prove a step did (not) run twice.
    mutations: dict[str, int] = attrs.field(factory=dict)

    def count(self, what: str) -> None:
        self.mutations[what] = self.mutations.get(what, 0) + 1


class LabWorld:
    def __init__(self, *, seed: int = 0, clock: VirtualClock | None = None) -> None:
        self.seed = seed
        self.random = random.Random(seed)
        self.clock = clock or VirtualClock()
        self.lock = threading.RLock()
        self.nodes: dict[str, LabNode] = {}

    def add_node(self, name: str, host: str | None = None) -> LabNode:
        with self.lock:
            # Boot times are spread deterministically over the last days.
            booted = self.clock.now() - timedelta(hours=24 + self.random.randint(0, 96))
            node = LabNode(
                name=name,
                host=host or name,
                last_boot=booted,
                services={n: LabService(n) for n in SERVICE_DISPLAY_NAMES},
            )
            self.nodes[name.lower()] = node
            return node

    def node(self, name: str) -> LabNode:
        return self.nodes[name.lower()]

    def node_time(self, node: LabNode) -> datetime:
        return self.clock.now() + timedelta(seconds=node.clock_offset_s)
