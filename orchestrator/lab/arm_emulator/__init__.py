"""A loopback Azure Resource Manager + Microsoft Graph emulator over the lab world, so the real
ARM/Graph client (orchestrator/azure/arm.py) is tested over HTTPS (see server.py, docs/lab.md)."""

from orchestrator.lab.arm_emulator.faults import ArmFault, ArmFaultPlan, ErrorReply, throttled
from orchestrator.lab.arm_emulator.server import ArmEmulator

__all__ = ["ArmEmulator", "ArmFault", "ArmFaultPlan", "ErrorReply", "throttled"]
