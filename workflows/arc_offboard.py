"""arc-offboard: disconnect servers from Azure Arc (azcmagent disconnect), the counterpart of
arc-onboard.

## Purpose

`azcmagent disconnect` on every node of the inventory, which deletes the machine resource in
Azure and removes the agent's local connection. It signs in as the service principal given
with `--service-principal-id` (secret from `--secret-env`, handed over in a `--config` file
removed right after; leftovers of a killed run are swept at the start and the end of each
node's work in every run and resume), or else with the operator's own ARM access token, in the
same file.

## Guards

- An agent that is not connected is left alone (no AZCM0063).
- An agent connected to a subscription or resource group other than the inventory's is
  refused (exit 5): the same rule as unregister's guard (SCENARIOS.md B1).
- `--force-local-only` is used only when the machine resource is already gone in Azure
  (seeds/002 AZCM0043); otherwise the resource is deleted by the agent itself.

## Scenarios handled

- D1: AZCM0043 with the resource gone ends with `--force-local-only`; every other AZCM code is
  explained from the failure catalog; himds is started or restarted on AZCM0061/0064/0070.
- D3/D4/D5: network, credential and permission failures are classified as for arc-onboard.
"""

from __future__ import annotations

from orchestrator.checks import ReachabilityCheck
from orchestrator.checks.arc_agent import ArcAgentInstalledCheck, ArcAgentStatusCheck
from orchestrator.checks.os_release import ReleaseGuard
from orchestrator.engine.spec import TRANSIENT, RemediationSpec, StepSpec, Workflow
from orchestrator.steps.arc_agent import (
    DisconnectArcAgent,
    StartAgentService,
    SweepAgentConfigFiles,
)

WORKFLOW = Workflow(
    name="arc-offboard",
    guards=(ReleaseGuard("arc-offboard"),),
    version=2,
    summary="Disconnect servers from Azure Arc (azcmagent disconnect), deleting their resources.",
    prechecks=(ReachabilityCheck(), ArcAgentInstalledCheck()),
    steps=(
        StepSpec(
            DisconnectArcAgent(),
            retry=TRANSIENT,
            remediations=(RemediationSpec(StartAgentService(), max_uses=1),),
        ),
    ),
    # leftover config files (a secret) removed at the start and end of each node's work
    sweeps=(SweepAgentConfigFiles(),),
    verification=(ArcAgentStatusCheck("Disconnected"),),
    needs_azure=True,
)
