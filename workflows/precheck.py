"""precheck: read-only readiness checks on every node (and Azure) before any change is made.

## Purpose

Tells, before anything changes, whether the cluster is ready: every node reachable over
PowerShell Remoting and from the entry node (double hop), hcisvc and himds running, clock
close to the controller's UTC, the cloud's endpoints reachable, no Arc conflict; with an
azure section, once: the existing registration, permissions, resource providers and region.
Each result names the node, the check, what was observed and the fix. Other flows reuse
`node_checks` and `azure_checks`, so `orchestrate precheck` shows exactly what would block them.

## Guards

Read-only: no step, nothing changes. Thresholds: `--clock-warn-seconds` and
`--clock-fail-seconds`.

## Scenarios handled

- A1: hcisvc stopped on a node (`sc.exe query hcisvc` equivalent) or the node down.
- A2: node not reachable over PowerShell Remoting: named with the transport error.
- A3 / A11: endpoints of the cloud blocked, or a proxy required.
- A5 / C11: node clock too far from UTC (token signing fails with AADSTS700027 / 80013).
- A7 / A8 / A9: missing permissions, unregistered providers, region not offered.
"""

from __future__ import annotations

from orchestrator.checks import (
    ArcAgentConflictCheck,
    ArcMachineClashCheck,
    ClockSkewCheck,
    ConnectivityCheck,
    DoubleHopCheck,
    NodeCheck,
    ReachabilityCheck,
    RegistrationTargetCheck,
    ServiceRunningCheck,
)
from orchestrator.checks.azure import PermissionsCheck, RegionAvailableCheck
from orchestrator.checks.base import ClusterCheck
from orchestrator.checks.conflicts import Expect
from orchestrator.checks.os_release import OsReleaseCheck
from orchestrator.checks.providers import ProvidersRegistrableCheck
from orchestrator.engine.spec import Workflow

SUMMARY = (
    "Check every node (reachability, double hop, hcisvc/himds, clock, endpoints, Arc conflicts) "
    "and Azure (registration, permissions, providers, region)."
)


def node_checks(
    *, clock_warn_s: float = 60.0, clock_fail_s: float = 300.0, azure: bool = True
) -> tuple[NodeCheck, ...]:
    base: tuple[NodeCheck, ...] = (
        ReachabilityCheck(),
        OsReleaseCheck(),
        ServiceRunningCheck("hcisvc"),
        ServiceRunningCheck("himds"),
        ClockSkewCheck(warn_after_s=clock_warn_s, fail_after_s=clock_fail_s),
        DoubleHopCheck(),
    )
    if not azure:
        return base
    return (*base, ConnectivityCheck(), ArcAgentConflictCheck(), ArcMachineClashCheck())


def azure_checks(expect: Expect = "unregistered-or-same") -> tuple[ClusterCheck, ...]:
    return (
        RegistrationTargetCheck(expect),
        PermissionsCheck(),
        ProvidersRegistrableCheck(),
        RegionAvailableCheck(),
    )


def build(
    *, clock_warn_s: float = 60.0, clock_fail_s: float = 300.0, azure: bool = True
) -> Workflow:
    """Pre-checks only: no step, nothing changes. `azure=False` when the inventory has none."""
    return Workflow(
        name="precheck",
        version=2,
        summary=SUMMARY,
        prechecks=node_checks(clock_warn_s=clock_warn_s, clock_fail_s=clock_fail_s, azure=azure),
        cluster_prechecks=azure_checks() if azure else (),
    )


WORKFLOW = build()
