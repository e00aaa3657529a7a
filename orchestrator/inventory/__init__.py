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

_HOMES = {
    **dict.fromkeys(("inventory_hash", "load_inventory", "parse_inventory"), "loader"),
    **dict.fromkeys(
        (
            "AzureTarget",
            "Cluster",
            "Connection",
            "FieldError",
            "Inventory",
            "LabNodeSpec",
            "LabSpec",
            "Node",
        ),
        "models",
    ),
}


def __getattr__(name: str) -> Any:
    """The models (attrs classes, the clouds' table) and the loader (yaml, the catalog's
    redaction, the lab's scenario names) load on first use (PEP 562): `orchestrate <verb>
    --help` imports orchestrator.inventory.patterns and .rules, which run this package, and
    must not pay for them (issue 15 item 16)."""
    if name in _HOMES:
        return getattr(importlib.import_module(f"orchestrator.inventory.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
