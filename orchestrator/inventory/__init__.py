"""Inventory: which cluster, how to reach its nodes, which Azure target, and the lab's facts."""

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from orchestrator.inventory.loader import inventory_hash, load_inventory, parse_inventory

_LOADER_NAMES = ("inventory_hash", "load_inventory", "parse_inventory")


def __getattr__(name: str) -> Any:
    """The loader (yaml, the catalog's redaction, the lab's scenario names) loads on first use
    (PEP 562): `orchestrate <verb> --help` imports orchestrator.inventory.patterns, which runs
    this package, and must not pay for it (issue 15 item 16)."""
    if name in _LOADER_NAMES:
        from orchestrator.inventory import loader

        return getattr(loader, name)
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
