"""Inventory: which cluster, how to reach its nodes, which Azure target, and the lab's facts."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from orchestrator.inventory.loader import inventory_hash, load_inventory, parse_inventory
    from orchestrator.inventory.models import (
        AzureTarget,
        Cluster,
        Connection,
        FieldError,
        Inventory,
        LabNodeSpec,
        LabSpec,
        Node,
    )

__all__ = [
    "AzureTarget",
    "Cluster",
    "Connection",
    "FieldError",
    "Inventory",
    "LabNodeSpec",
    "LabSpec",
    "Node",
    "inventory_hash",
    "load_inventory",
    "parse_inventory",
]
_LOADER_NAMES = ("inventory_hash", "load_inventory", "parse_inventory")  # the rest: models


def __getattr__(name: str) -> Any:
    """The models (attrs classes, the clouds' table) and the loader (yaml, the catalog's
    redaction, the lab's scenario names) load on first use (PEP 562): `orchestrate <verb>
    --help` imports orchestrator.inventory.patterns and .rules, which run this package, and
    must not pay for them (issue 15 item 16)."""
    if name in __all__:
        home = "loader" if name in _LOADER_NAMES else "models"
        return getattr(importlib.import_module(f"orchestrator.inventory.{home}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
