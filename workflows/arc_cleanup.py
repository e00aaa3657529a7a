"""arc-cleanup: the safe ladder on every targeted node (facts notes §7, seeds/000 B2).

1. Disable-AzureStackHCIArcIntegration; when it fails with "Couldn't disable Azure Arc
   integration on Node" the remediation drops the agent's identity locally and Disable runs again.
2. `azcmagent disconnect --force-local-only` if the agent still holds an identity
   (idempotent through `azcmagent show -j`).
3. Only with --delete-azure-resources: delete the node's `Microsoft.HybridCompute/machines`
   resource, and only when its parentClusterResourceId is this cluster's resource.
"""

from __future__ import annotations

from orchestrator.checks import ReachabilityCheck
from orchestrator.engine.spec import TRANSIENT, RemediationSpec, StepSpec, Workflow
from orchestrator.steps.arc import (
    AgentDisconnectedLocally,
    DeleteOwnedArcMachine,
    DisableArcIntegration,
    ForceLocalDisconnect,
)

WORKFLOW = Workflow(
    name="arc-cleanup",
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
