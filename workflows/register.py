"""register: register the cluster with Azure and Arc-enable every node, safely.

## Purpose

`Register-AzStackHCI` for the cluster, in AzureCloud, AzureUSGovernment or AzureChinaCloud,
with every node Arc-enabled; the Arc machines go into the cluster's resource group or into
their own (`azure.arc_resource_group`, passed as `-ArcServerResourceGroupName`). Success is
reported only once every node is Arc-enabled.

Scope "cluster": the pre-checks run on every node (and once against Azure), then the steps run
once on the entry node (`cluster.cmdlet_host`, default the first node), which reaches the
other nodes as the cmdlet does (the double hop). Nothing changes anywhere until every pre-check
passed. The steps, each checking before it changes:

1. `machine_proxy`: with `cluster.https_proxy` in the inventory, every node's machine
   `https_proxy` and the proxy himds uses (`azcmagent show -j`) are set (`setx.exe https_proxy
   URL /M`, `Restart-Service himds`; seeds/001) (A11).
2. `resource_providers`: Microsoft.AzureStackHCI, HybridCompute and GuestConfiguration
   registered; the flow registers those the caller may register (A8).
3. `registration`: `Register-AzStackHCI -SubscriptionId -Region -TenantId -ResourceGroupName
   [-ResourceName] [-ArcServerResourceGroupName] -EnvironmentName -ArmAccessToken -AccountId
   -Confirm:$false` unless `Get-AzureStackHCI` already shows this resource (the plan shows the
   call). The token comes from the controller's Azure credential and is never shown. The
   outcome is read from all the evidence (docs/psrp.md "The host, prompts and streams"): the
   formatted `Result`, the host error lines, the error stream, the attempt's log, then
   `Get-AzureStackHCI` must agree; a prompt nobody expects stops the call and fails the step.
4. `arc_integration`: every node `Enabled` in `Get-AzureStackHCIArcIntegration`, then the
   portal's per-node state (arcSettings). Otherwise the cmdlet runs again, which on a
   registered cluster redoes only the Arc part; anything but `Success` (or a Success that
   `Get-AzureStackHCIArcIntegration` contradicts) fails with the cmdlet's host error lines,
   the recognised log lines and the catalog's diagnosis.

## Guards

Pre-checks, each naming the fix in its output:

- `registration-target` (entry node, once): `Get-AzureStackHCI` shows a registration whose
  subscription, resource group or name (all three from `AzureResourceUri`) or region (reported
  on 22H2 and later only) differ from the inventory; fix: put the recorded values in the
  inventory, or unregister with them first. The node records no cloud and no tenant; a
  registration in another cloud or tenant fails inside `Register-AzStackHCI` (9128 / sign-in).
  "Registered" is decided once (`Registration.registered`): `RegistrationStatus` Registered, or
  OutOfPolicy with a recorded resource; OutOfPolicy with an empty `AzureResourceUri` (never
  registered within 30 days, or just unregistered) is registered like `NotYet`.
- `azure-permissions` (Azure, once): the caller's effective actions (wildcards, NotActions)
  miss one of seeds/001's list; a resource group to create also needs write and delete (A7).
- `resource-providers` (Azure, once): a provider is not registered and the caller may not
  register it (A8); one the caller may register is a warning, the flow registers it.
- `region` (Azure, once): the HCI provider does not offer the region (the inventory already
  refuses regions outside the cloud's list, A9).
- `reachability`, `service:hcisvc`, `service:himds`, `clock-skew` (more than 300 s off the
  controller's UTC), on every node.
- `double-hop`: `New-PSSession -ComputerName <node>` inside the entry node's session is
  refused (no CredSSP / Kerberos delegation) or cannot connect; fix: RBCD or CredSSP steps.
- `connectivity`: an endpoint of the cloud (`orchestrator/data/clouds.json`) fails over HTTPS,
  through `cluster.https_proxy` or the node's machine proxy; classified as DNS, firewall,
  proxy required (403) or TLS inspection, with the hosts named (A3, A11).
- `arc-agent`: `azcmagent show -j` says the agent is connected to another machine resource;
  fix: `orchestrate arc-cleanup --limit NODE` if stale.
- `arc-machine-name`: an Arc machine named like the node in the Arc resource group belongs to
  another cluster (`parentClusterResourceId`).

The tenant is always explicit: the inventory requires `azure.tenant_id` as a GUID (A6).
Steps 3 and 4 call a cmdlet that is not idempotent: they carry no retry policy and are guarded
by their postcondition (after a crash, the check sees a landed registration and does nothing).

## Scenarios handled

Tests: tests/scenarios/test_register.py and test_conflicts.py; every test plans again after
the run and finds nothing to change.

- A1: blocked by `service:hcisvc` on the node; nothing changed in Azure.
- A2: blocked by `reachability`, naming the node and the WinRM error.
- A3: blocked by `connectivity`, e.g. `firewall: login.microsoftonline.com,
  dp.stackhci.azure.com` on the node.
- A4: the cmdlet fails after hcisvc's own retries with `AADTokenFetch failed after all
  retries` and a transient cause: the remediation waits (on the injected clock) and the step
  calls it again, at most twice; a token service that stays down parks the run for an
  operator (exit 5) with that line and its AAD exception. A permanent cause (AADSTS700027,
  80013) is never waited out.
- A5 / C11: blocked by `clock-skew`; fix `orchestrate prepare`.
- A6: input error (exit 2) without `azure.tenant_id`; with it, an account in two tenants
  registers.
- A7: blocked by `azure-permissions`, listing e.g. `Microsoft.Authorization/roleAssignments/write`.
- A8: blocked by `resource-providers` when the caller may not register them; registered by the
  flow when it may.
- A9: input error (exit 2) naming the cloud's regions.
- A10: `PendingForAdminConsent` parks the run for an administrator (exit 5) with the app ID and
  the consent URL; after consent, the same command (or `orchestrate resume`) finishes with the
  same resource and app.
- A11: blocked by `connectivity` (proxy required, the Arc hosts named); with
  `cluster.https_proxy` the proxy is set on every node, himds restarted, and Arc connects.
- C5: a node Enabled while the portal still shows Arc "Not Installed" is a success with a
  warning and the time to look again (up to 12 hours, counted from the registration, so plan
  and apply agree; `orchestrate status` then), not a failure; 12 hours later the portal shows
  Connected.
- Conflicts: registered elsewhere, an Arc machine of another cluster, an agent connected
  elsewhere: blocked before any change.
"""

from __future__ import annotations

from orchestrator.checks.os_release import ReleaseGuard
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
    guards=(ReleaseGuard("register", through_entry_node=True),),
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
