"""arc-cleanup: the safe Arc cleanup ladder on every targeted node (facts §7, seeds/000 B2).

## Purpose

Clears Arc off a node that cannot leave it by itself (B2: `Couldn't disable Azure Arc
integration on Node <node>`), or off nodes before they are removed. Scope "node": every
targeted node (`--limit`) walks the ladder, in parallel up to `--parallel`:

1. `disable_arc_integration`: `Disable-AzureStackHCIArcIntegration` unless this node's
   NodesArcStatus already says Disabled; the engine's re-check proves it does afterwards. When
   it fails with the B2 text, the remediation `force_local_disconnect` drops the agent's
   identity locally (`azcmagent disconnect --force-local-only`) and Disable runs once more.
2. `agent_disconnected`: `azcmagent disconnect --force-local-only` when `azcmagent show -j`
   says the agent still holds an identity (Connected or Expired). It changes nothing in Azure
   and is the only form allowed on Arc VMs of Azure Local (facts §0).
3. `delete_arc_resource`: only with `--delete-azure-resources`, delete the node's
   `Microsoft.HybridCompute/machines/<node>`, looked up in the group the agent reported, the
   Arc group recorded in arcSettings, `azure.arc_resource_group` or `azure.resource_group`.

## Guards

- Each rung is idempotent through its check, so a second run plans no change.
- Azure is untouched unless `--delete-azure-resources` is given (which needs the inventory's
  `azure` section: exit 2 before anything otherwise).
- The Arc resource is deleted only when its `parentClusterResourceId` is this cluster's
  resource; a machine owned by anyone else is left alone (a no-op naming the owner).

## Scenarios handled

Tests: tests/scenarios/test_arc_cleanup.py.

- B2 (one node): `--limit node2`: Disable fails, the agent is disconnected locally, Disable
  succeeds; Azure is untouched unless asked.
- B1 leftovers: agents disconnected locally, machines left in Azure: with
  `--delete-azure-resources` only the third rung acts; a machine owned by another cluster
  stays.
- C6 (first half): `orchestrate arc-cleanup --limit NODE` is the seeds' `azcmagent disconnect
  --force-local-only`; then `orchestrate repair` (registration repair), or use `orchestrate
  arc-repair` for the node (workflows/arc_repair.py).
"""

from __future__ import annotations

from orchestrator.checks import ReachabilityCheck
from orchestrator.checks.os_release import ReleaseGuard
from orchestrator.engine.spec import TRANSIENT, RemediationSpec, StepSpec, Workflow
from orchestrator.steps.arc import (
    AgentDisconnectedLocally,
    DeleteOwnedArcMachine,
    DisableArcIntegration,
    ForceLocalDisconnect,
)

WORKFLOW = Workflow(
    name="arc-cleanup",
    guards=(ReleaseGuard("arc-cleanup"),),
    version=1,
    summary="Safe Arc cleanup per node: disable Arc integration, disconnect the agent locally, "
    "optionally delete the node's Arc resource when this cluster owns it.",
    prechecks=(ReachabilityCheck(),),
    steps=(
        StepSpec(
            DisableArcIntegration(),
            retry=TRANSIENT,
            remediations=(RemediationSpec(ForceLocalDisconnect(), max_uses=1),),
        ),
        StepSpec(AgentDisconnectedLocally(), retry=TRANSIENT),
        StepSpec(DeleteOwnedArcMachine(opt_in="delete_azure_resources"), retry=TRANSIENT),
    ),
)
