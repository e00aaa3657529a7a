"""precheck: read-only readiness checks on every node before any change is made.

## Purpose

Tells, before anything changes, whether every node is ready: reachable over PowerShell
Remoting, hcisvc running, clock close to the controller's UTC. Each result names the node,
the check, what was observed and the fix.

## Guards

Read-only: no step, nothing changes. Thresholds: `--clock-warn-seconds` and
`--clock-fail-seconds`.

## Scenarios handled

- A1: hcisvc stopped on a node (`sc.exe query hcisvc` equivalent) or the node down.
- A2: node not reachable over PowerShell Remoting: named with the transport error.
- A5 / C11: node clock too far from UTC (token signing fails with AADSTS700027 / 80013).
"""

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
