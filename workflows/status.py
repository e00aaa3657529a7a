"""status: how the cluster stands with Azure, read-only (`orchestrate status`).

## Purpose

Shows, node by node, how the cluster stands with Azure, each finding with the command that
fixes it. Per node: reachability; registration and connection with the time since the last
sync (C9); OutOfPolicy with its event (C8: 591 repair, 592 wait, 594 manual steps); and Arc as
the node (`Get-AzureStackHCIArcIntegration`), its agent (`azcmagent show -j`) and the portal
(the cluster's arcSettings in Azure) see it (C4, C5, C7).

Why a flow of checks only: status is a set of read-only probes per node, each with a verdict
and a fix, which is exactly what a pre-check is. The engine runs them in plan mode, so nothing
is journaled, locked or changed, and the output is the same table / JSON document as
`orchestrate precheck` (`"command": "status"`, `results`, `summary`), so scripts read both
the same way.

On Azure Local 23H2 and later (the `os` row says which), `registration` and `arc` are skipped
and the `azure-local` row shows the machine instead: its Arc agent (`azcmagent show -j`), the
mandatory extensions and their states (Machine Extensions - List), and the cluster resource's
state once the system is deployed.

## Guards

Read-only: no step, no lock, no journal; running it changes nothing. Verdicts:

- `registration`: pass when Registered and Connected (with the age of the last sync). Warn
  when Disconnected (for more than 8 hours: seeds/000's portal text) → `orchestrate repair`,
  or OutOfPolicy with 592 (a repair is running: wait). Fail when not registered (C9) →
  `orchestrate register`; no sync for more than 30 days (C9: no new VMs, seeds/001) → restore
  connectivity, then register / repair; OutOfPolicy 591 → `orchestrate repair`; 594 → the
  manual steps.
- `arc`: pass when Enabled, the agent Connected and the portal Connected. Warn when the portal
  shows Not Installed within 12 hours of the registration (C5), with the time to look again.
  Fail when the integration is not Enabled → `orchestrate register` / `arc-repair`; the agent
  Expired or Disconnected (C7) → `orchestrate arc-repair --limit NODE`; the portal Not
  Installed after 12 hours (C4) → `orchestrate repair`.
- An Azure read that is denied or fails shows the portal state as unknown, with the error
  code; the node's own view is still reported.
- `azure-local` (23H2+ only): warn when the machine is not registered with Arc yet →
  `orchestrate arc-initialize`, or while extensions are still installing; fail when a mandatory
  extension Failed, with its name; pass when the agent is Connected and every mandatory
  extension Succeeded.

## Scenarios handled

Tests: tests/scenarios/test_status.py.

- C9: never registered: fail, fix `orchestrate register`; status changes nothing, and after
  register everything passes. 31 days without a sync: fail with the days shown.
- C8: 591 on one node: fail with repair, passes after `orchestrate repair`; 592: warn; 594:
  fail with the manual steps.
- C5: warn with the re-check time; pass 12 hours later.
- C4: portal Not Installed 13 hours after registration: fail with repair.
- C1: Disconnected for 9 hours: warn with repair.
- F1 / F5 (Azure Local): before arc-initialize warn with arc-initialize; after it pass with the
  four extensions Succeeded; a Failed extension fails naming it.
"""

from __future__ import annotations

from orchestrator.checks import ReachabilityCheck
from orchestrator.checks.azure_local import AzureLocalMachineCheck
from orchestrator.checks.os_release import OsReleaseCheck
from orchestrator.checks.status import ArcNodeStateCheck, RegistrationStateCheck
from orchestrator.engine.spec import Workflow

WORKFLOW = Workflow(
    name="status",
    version=1,
    summary="Registration, connection, days since last sync, policy state and Arc per node.",
    prechecks=(
        ReachabilityCheck(),
        OsReleaseCheck(),
        RegistrationStateCheck(),
        ArcNodeStateCheck(),
        AzureLocalMachineCheck(),
    ),
)
