"""Inventory: which cluster, how to reach its nodes, which Azure target, and the lab's facts."""

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
