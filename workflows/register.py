"""register: register the cluster with Azure and Arc-enable every node, safely.

Scope "cluster": the pre-checks run on every node (and once against Azure), then the steps run
once on the entry node (cluster.cmdlet_host), which reaches the others as Register-AzStackHCI
does. Nothing changes anywhere until every pre-check passed.

Steps, each checking before it changes:
1. machine_proxy: with cluster.https_proxy in the inventory, set the machine proxy on every node
   and restart himds (A11).
2. resource_providers: register the providers the caller may register (A8).
3. registration: Register-AzStackHCI unless Get-AzureStackHCI already shows this resource;
   PendingForAdminConsent parks the run for an administrator (A10, exit 5); a token service
   that stayed unavailable through hcisvc's own retries is waited out and retried (A4).
4. arc_integration: every node Enabled in Get-AzureStackHCIArcIntegration (otherwise the cmdlet
   is run again, which redoes only the Arc part); a node the portal still shows "Not Installed"
   is reported with the time to look again (C5), not failed.

Steps 3 and 4 call a cmdlet that is not idempotent; they carry no retry policy and are guarded
by their postcondition (the check after a crash sees a landed registration and does nothing).
"""

from __future__ import annotations

from orchestrator.engine.spec import TRANSIENT, RemediationSpec, StepSpec, Workflow
from orchestrator.steps.providers import EnsureResourceProviders
from orchestrator.steps.proxy import EnsureMachineProxy
from orchestrator.steps.registration import (
    EnsureArcIntegration,
    EnsureRegistered,
    RetryAfterTransientTokenFetch,
)
from workflows.precheck import azure_checks, node_checks

WORKFLOW = Workflow(
    name="register",
    version=1,
    summary="Register the cluster with Azure and Arc-enable every node (all three clouds).",
    prechecks=node_checks(),
    cluster_prechecks=azure_checks("unregistered-or-same"),
    steps=(
        StepSpec(EnsureMachineProxy(), retry=TRANSIENT),
        StepSpec(EnsureResourceProviders(), retry=TRANSIENT),
        StepSpec(
            EnsureRegistered(),
            idempotent=False,
            remediations=(RemediationSpec(RetryAfterTransientTokenFetch(), max_uses=2),),
        ),
        StepSpec(EnsureArcIntegration(), idempotent=False),
    ),
    scope="cluster",
)
