"""repair: repair the cluster's registration (Register-AzStackHCI -RepairRegistration).

Keeps the resource name, group, region and choices recorded on the cluster: the pre-checks
refuse when the inventory differs from what Get-AzureStackHCI recorded, or when the cluster is
not registered at all. One step, on the entry node, guarded by what makes a repair necessary
(SCENARIOS.md C1, C3, C4, C8/591); C8/594 is refused with the manual steps (exit 5), C8/592
is a repair already under way and is left alone.
"""

from __future__ import annotations

from orchestrator.engine.spec import RemediationSpec, StepSpec, Workflow
from orchestrator.steps.registration import RepairRegistration, RetryAfterTransientTokenFetch
from workflows.precheck import azure_checks, node_checks

WORKFLOW = Workflow(
    name="repair",
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
