"""Read-only pre-checks."""

from orchestrator.checks.base import CheckResult, NodeCheck, NodeCheckContext, Status
from orchestrator.checks.clock import ClockSkewCheck
from orchestrator.checks.conflicts import (
    ArcAgentConflictCheck,
    ArcMachineClashCheck,
    RegistrationTargetCheck,
)
from orchestrator.checks.connectivity import ConnectivityCheck
from orchestrator.checks.double_hop import DoubleHopCheck
from orchestrator.checks.reachability import ReachabilityCheck
from orchestrator.checks.service import ServiceRunningCheck

__all__ = [
    "ArcAgentConflictCheck",
    "ArcMachineClashCheck",
    "CheckResult",
    "ClockSkewCheck",
    "ConnectivityCheck",
    "DoubleHopCheck",
    "NodeCheck",
    "NodeCheckContext",
    "ReachabilityCheck",
    "RegistrationTargetCheck",
    "ServiceRunningCheck",
    "Status",
]
