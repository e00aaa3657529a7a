"""The lab: one simulated HCI cluster and the Azure it registers with, for development, tests
and demos (see docs/lab.md).

The package's names load on first use (PEP 562): `orchestrate lab serve --help` reads the fault
names (lab/fault_names.py) without building a world (issue 15.16)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from orchestrator.lab.build import world_from_inventory
    from orchestrator.lab.clock import VirtualClock
    from orchestrator.lab.world import LabNode, LabWorld

__all__ = ["LabNode", "LabWorld", "VirtualClock", "world_from_inventory"]

_HOMES = {
    "world_from_inventory": "orchestrator.lab.build",
    "VirtualClock": "orchestrator.lab.clock",
    "LabNode": "orchestrator.lab.world",
    "LabWorld": "orchestrator.lab.world",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
