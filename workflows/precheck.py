"""precheck: read-only readiness checks on every node (and Azure) before any change is made.

The node checks are the full set a registration needs; with an azure section in the inventory
the Azure-side checks (existing registration, permissions, providers, region) run once too.
Other flows reuse `node_checks` and `azure_checks` so that `orchestrate precheck` shows exactly
what would block them.
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
