"""precheck: read-only readiness checks on every node before any change is made."""

from __future__ import annotations

from orchestrator.checks import ClockSkewCheck, NodeCheck, ReachabilityCheck, ServiceRunningCheck
from orchestrator.engine.spec import Workflow

SUMMARY = "Check every node is reachable, hcisvc runs and its clock is close to ours."


def node_checks(
    *, clock_warn_s: float = 60.0, clock_fail_s: float = 300.0
) -> tuple[NodeCheck, ...]:
    return (
        ReachabilityCheck(),
        ServiceRunningCheck("hcisvc"),
        ClockSkewCheck(warn_after_s=clock_warn_s, fail_after_s=clock_fail_s),
    )


def build(*, clock_warn_s: float = 60.0, clock_fail_s: float = 300.0) -> Workflow:
    """Pre-checks only: no step, nothing changes."""
    return Workflow(
        name="precheck",
        version=1,
        summary=SUMMARY,
        prechecks=node_checks(clock_warn_s=clock_warn_s, clock_fail_s=clock_fail_s),
    )


WORKFLOW = build()
