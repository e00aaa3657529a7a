"""The lab: one simulated HCI cluster (and, later, Azure) for development, tests and demos."""

from orchestrator.lab.build import world_from_inventory
from orchestrator.lab.clock import VirtualClock
from orchestrator.lab.world import LabNode, LabWorld

__all__ = ["LabNode", "LabWorld", "VirtualClock", "world_from_inventory"]
