"""Read-only pre-checks."""

from orchestrator.checks.base import CheckResult, NodeCheck, NodeCheckContext, Status
from orchestrator.checks.clock import ClockSkewCheck
from orchestrator.checks.reachability import ReachabilityCheck
from orchestrator.checks.service import ServiceRunningCheck

__all__ = [
    "CheckResult",
    "ClockSkewCheck",
    "NodeCheck",
    "NodeCheckContext",
    "ReachabilityCheck",
    "ServiceRunningCheck",
    "Status",
]
