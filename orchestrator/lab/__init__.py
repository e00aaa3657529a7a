"""The lab: one simulated HCI cluster and the Azure it registers with, for development, tests
and demos (see docs/lab.md)."""

from orchestrator.lab.build import world_from_inventory
from orchestrator.lab.clock import VirtualClock
from orchestrator.lab.world import LabNode, LabWorld

__all__ = ["LabNode", "LabWorld", "VirtualClock", "world_from_inventory"]
