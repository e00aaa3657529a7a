"""repair: repair the cluster's registration (Register-AzStackHCI -RepairRegistration).

## Purpose

Repairs the registration with `Register-AzStackHCI ... -RepairRegistration`, keeping the
resource name, group, region and Arc choices recorded on the cluster: the cmdlet creates a new
`<cluster>` app identity and new certificates on every node, and restores the HCI resource
provider's role on the Arc resource group. One step, `repair_registration`, run once on the
entry node (scope "cluster") with the inventory's coordinates (equal to the recorded ones: the
pre-check made sure) and the tenant.

The step repairs only when something needs it: on some node `Get-AzureStackHCI` shows
OutOfPolicy (event 591, C8) or Disconnected (C1, C3), or in Azure the `<cluster>` app
registration is missing (C1) or the portal shows Arc "Not Installed" (C4). A healthy
registration plans no change.

## Guards

- The node and Azure pre-checks of register (`workflows/register.py`), with
  `registration-target` expecting the cluster to be registered to the inventory's target: an
  unregistered cluster (repairing it would fail with 9101) or one registered elsewhere is
  refused before any change.
- The cmdlet is not idempotent: the step has no retry policy and is guarded by its check,
  which finds nothing to repair once the repair landed (so a re-run or a resume does not
  repair twice). A transient token failure is waited out and tried again, at most twice, as in
  register (A4).
- Event 594 is never repaired automatically: the node parks for an operator (exit 5) with the
  manual steps, nothing changed. Event 592 is a repair already under way: left alone.
- Reading app registrations may be denied (Graph): the other findings still stand.

## Scenarios handled

Tests: tests/scenarios/test_repair.py.

- C1: the `<cluster>` app deleted, Disconnected for 9 hours: repaired, a new app, every node
  connects again, the portal shows Connected.
- C3: certificates that cannot rotate (all three clouds): repaired, the new certificates are in
  the app, every node connects.
- C4: the RP role removed, the portal shows Not Installed: repaired with the tenant, the role
  is back, the portal shows Connected.
- C8 / 591: the node is back InPolicy.
- C8 / 594: exit 5 with the manual steps: on every node, unregister, restart, register; on
  some nodes only, remove the node from the cluster, restart it, wait for the repair (592,
  then InPolicy), rejoin it.
- C8 / 592: no change: a repair is already under way.
"""

from __future__ import annotations

from orchestrator.checks.os_release import ReleaseGuard
from orchestrator.engine.spec import RemediationSpec, StepSpec, Workflow
from orchestrator.steps.registration import RepairRegistration, RetryAfterTransientTokenFetch
from workflows.precheck import azure_checks, node_checks

WORKFLOW = Workflow(
    name="repair",
    guards=(ReleaseGuard("repair", through_entry_node=True),),
    version=1,
    summary="Repair the registration (new app identity and certificates), keeping its resource.",
    prechecks=node_checks(),
    cluster_prechecks=azure_checks("same"),
    steps=(
        StepSpec(
            RepairRegistration(),
            idempotent=False,
            remediations=(RemediationSpec(RetryAfterTransientTokenFetch(), max_uses=2),),
        ),
    ),
    scope="cluster",
)
