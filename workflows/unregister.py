"""unregister: Unregister-AzStackHCI once, on the entry node, guarded and cleaned up after.

## Purpose

Unregisters the cluster from Azure with `Unregister-AzStackHCI`, run once on the entry node
(`cluster.cmdlet_host`; scope "cluster", every node pre-checked for reachability first: the
cmdlet opens sessions to every node), and cleans up what the cmdlet leaves behind. Shared Arc
pieces live in `orchestrator/steps/arc.py`. The steps, each checking before it changes:

1. `guard_registration` (B1): the subscription, resource group and name recorded on the
   cluster (`Get-AzureStackHCI`'s `AzureResourceUri`, split as the module splits it) must be
   the inventory's; the node records no cloud and no tenant (nor does `Unregister-AzStackHCI`
   know them: it takes `-EnvironmentName` and its sign-in's tenant), so these are compared by
   reading the recorded resource with the caller's credential in the inventory's cloud and
   tenant: ARM answering `InvalidAuthenticationTokenTenant` (another tenant) or
   `SubscriptionNotFound` (another cloud), or a resource whose `aadTenantId` differs, is a
   mismatch. Any mismatch refuses (exit 5) before any change, naming both values and the
   inventory field to fix: unregistering with other values clears the cluster's local state
   and leaves every Azure resource behind (seeds/000). When Azure cannot answer (a read
   denied, say), the plan line says plainly "cloud and tenant NOT compared" and why.
2. `arc_identity_gone_cleanup` (C2): when the `<cluster>.arc` app registration is gone
   (listed by exact display name), `Unregister-AzStackHCI` cannot disable Arc on any node; on
   each node whose NodesArcStatus is not Disabled and whose agent still holds an identity:
   `azcmagent show -j`, `azcmagent disconnect --force-local-only`, and delete the node's Arc
   resource when this cluster owns it (the B2 path).
3. `unregister`: `Unregister-AzStackHCI -SubscriptionId -ResourceName -ResourceGroupName
   -TenantId -EnvironmentName -ArmAccessToken -AccountId -Confirm:$false` (it always calls
   ShouldProcess, ConfirmImpact High; its `Result` is read from its Format-List output, its
   failures from its host error lines, and a Success the cluster contradicts fails), skipped
   when `Get-AzureStackHCI`
   says the cluster is not registered (`NotYet`, or OutOfPolicy with an empty
   `AzureResourceUri`, which is what a just-unregistered cluster shows), so a resume never
   unregisters twice. The token comes from the
   controller's Azure credential and is masked wherever the command is shown. Retried for
   transient errors (failure catalog). On "Couldn't disable Azure Arc integration on Node X"
   (B2) the remediation, once, cleans Arc up on the nodes still enabled and the unregister
   runs once more.
4. `orphaned_azure_resources` (B1 cleanup): not registered locally, yet the HCI resource at
   the inventory's coordinates or Arc machines of this cluster's nodes exist. Arc machines
   count only when the cmdlet host's Az.StackHCI (`Get-Module -ListAvailable`) removes them
   itself: 2.6.3 and later keep them on unregister on purpose (ChangeLog 2.6.3, PR #28612), so
   they are never listed or deleted then. Without
   `--cleanup-azure`: refuse (exit 5) with the list; with it: delete the owned machines, then
   the HCI resource (its arcSettings go with it).
5. `delete_app_registrations`: once NotYet and the HCI resource is gone, delete the apps named
   exactly `<cluster>` and `<cluster>.arc` (B3: the portal deleted the resource, so the cmdlet
   could not delete them).
6. `update_stackhci_module` (C10): only with `--update-module`, `Install-Module -Name
   Az.StackHCI -Force` on the entry node when it is older than 1.4.2 (1.4.1 and earlier keep
   Arc machines in their own group); without it the plan says what it saw.

Any other failure of the cmdlet is decided by the failure catalog: a retryable one is retried
(backoff, bounded); a known one parks the run for an operator (exit 5) with the catalog's
title, remediation and command (e.g. a node that cannot resolve the ARM endpoint: `Run:
orchestrate precheck -i <inventory>`); an unknown one fails (exit 1) with the cmdlet's text.

## Guards

Nothing is deleted that this cluster does not own:

- An Arc machine (`Microsoft.HybridCompute/machines/<node>`) is deleted only when its
  `parentClusterResourceId` is this cluster's resource
  (`/subscriptions/<azure.subscription_id>/resourceGroups/<azure.resource_group>/providers/Microsoft.AzureStackHCI/clusters/<azure.resource_name or cluster.name>`),
  the property `Register-AzStackHCI` sets and checks (facts §1.2 step 17). A machine with the
  node's name and another parent is left in place and logged.
- The HCI resource is deleted only at the inventory's exact coordinates and only with positive
  proof that it is this cluster's: its `properties.reportedProperties.clusterId` (what the
  cluster reported to Azure; azure-rest-api-specs `ClusterReportedProperties.clusterId`,
  "Unique id generated by the on-prem cluster") equals the cluster's own `Id` read with
  `Get-Cluster` on the entry node. Without it (another cluster's resource, or one that never
  synced) the run parks for an operator and deletes nothing; names and absent arcSettings
  prove nothing (issue 17 defect 12).
- App registrations only by their exact display names, and only when exactly one app has that
  name (more than one: refuse, it cannot tell which one is this cluster's).
- Resource groups are never deleted by this flow. `Unregister-AzStackHCI` itself deletes a
  group only when it carries its `CreatedBy` tag and is empty (facts §1.3); after a
  `--cleanup-azure` such a group, and the HCI resource provider's "Azure Connected Machine
  Resource Manager" assignment on the Arc group, are left for the operator (the control plane
  has no call for them yet).
- The inventory's `azure` section, with `azure.tenant_id`, is required: exit 2 naming it.

## Scenarios handled

Tests: tests/scenarios/test_unregister.py. Every scenario test ends by planning the flow again
and asserting it has no change; all three clouds, with and without `azure.arc_resource_group`,
are covered.

- B1 (guard): the inventory names another subscription / tenant / cloud / group than the one
  recorded: exit 5 before any change, e.g. `azure.subscription_id: recorded '6f2a…',
  inventory '0b0b…'`.
- B1 (already happened): NotYet locally, resources left in Azure: exit 5 listing them;
  `--cleanup-azure` deletes them and both app registrations; a machine owned by another
  cluster stays.
- B2: Unregister fails with `Couldn't disable Azure Arc integration on Node node2`: the
  remediation cleans Arc up on the nodes not Disabled (show, `disconnect --force-local-only`,
  delete the owned machine) and the unregister runs once more; if the cleanup itself fails
  the node parks for an operator (exit 5), no third attempt.
- B3: the HCI resource was deleted in the portal: `Unregister-AzStackHCI` still clears the
  cluster; the two app registrations it could not delete are deleted.
- B4 (= A6): the tenant is always passed (`azure.tenant_id` is required by the inventory:
  missing → exit 2 naming it).
- C2: the `<cluster>.arc` app is gone: detected by listing app registrations; Arc is cleaned up
  on every node first, so the unregister succeeds at once.
- C10: moving Arc machines from `<rg>-arc` (Az.StackHCI 1.4.1) to the cluster's resource group
  (1.4.2 introduced one group for both, facts §1.9) is: unregister, update the module,
  register again naming the common group.
  1. `orchestrate unregister -i INVENTORY --dry-run`: the `update_stackhci_module` line shows
     the installed version and says it keeps Arc machines in a separate group.
  2. `orchestrate unregister -i INVENTORY --update-module`: unregisters, then
     `Install-Module -Name Az.StackHCI -Force` on the entry node.
  3. Set `azure.arc_resource_group` to `azure.resource_group` (or remove it), then register
     again (`orchestrate register -i INVENTORY`, or by hand `Register-AzStackHCI ...
     -ArcServerResourceGroupName <resource group>`; the seeds call it
     `-ArcForServerResourceGroupName`, the module's parameter is `-ArcServerResourceGroupName`,
     facts §1.2).
- Resume: a crash after the cmdlet returned: the resumed run finds NotYet and records
  `reconciled`; the cmdlet never runs twice.
"""

from __future__ import annotations

import logging
from typing import Any

import attrs

from orchestrator.azure.hci_target import HciTarget, compare_in_azure
from orchestrator.checks import ReachabilityCheck
from orchestrator.checks.os_release import ReleaseGuard
from orchestrator.engine.runner import NeedsOperator
from orchestrator.engine.spec import (
    Change,
    RemediationSpec,
    StepContext,
    StepSpec,
    Workflow,
)
from orchestrator.errors import RemoteCommandError
from orchestrator.facts import (
    read_arc_agent,
    read_arc_integration,
    read_registration,
    run_checked,
)
from orchestrator.facts.cluster import read_cluster_id
from orchestrator.facts.modules import (
    IdentityModel,
    installed_module_version,
    module_version,
    version_tuple,
)
from orchestrator.inventory.models import Inventory
from orchestrator.steps.arc import (
    ARC_DISABLE_FAILED,
    clean_up_node,
    find_machine,
    has_local_identity,
    inventory_of,
)
from orchestrator.steps.instructions import known_failure, run_or_instruct
from orchestrator.steps.module_outcome import ModuleOutcome
from orchestrator.steps.one_shot import await_earlier_calls, held
from orchestrator.steps.registration import PLANNED_ACCOUNT, PLANNED_TOKEN
from orchestrator.transport.base import Command

log = logging.getLogger(__name__)

# ChangeLog 1.4.2 (facts §1.9): one resource group for HCI and Arc from this version on.
COMMON_GROUP_MODULE = (1, 4, 2)


@attrs.frozen
class GuardRecordedRegistration:
    """B1 guard: refuse when the request differs from what the cluster recorded."""

    id: str = "guard_registration"
    version: int = 1
    title: str = "request matches the registration recorded on the cluster"

    def check(self, ctx: StepContext) -> Change:
        reg = read_registration(ctx.session)
        if not reg.registered:
            return Change.no_op(f"not registered on the cluster (Get-AzureStackHCI: {reg.status})")
        inventory = inventory_of(ctx)
        target = HciTarget.of(inventory)
        # Unregister-AzStackHCI takes no region. Subscription, group and name come from
        # AzureResourceUri; the cloud and the tenant only Azure can answer for.
        differ = target.mismatches(reg, region=False)
        azure = None if differ else compare_in_azure(ctx.run.azure(), target, reg)
        if azure is not None:
            differ = list(azure.mismatches)
        if not differ:
            assert azure is not None
            if azure.not_compared:
                log.warning("%s: B1 guard: %s", ctx.node, azure.note)
            return Change.no_op(
                f"recorded registration matches the inventory (subscription, resource group and "
                f"name from AzureResourceUri; {azure.note})",
                current=reg.resource_uri,
            )
        detail = "; ".join(
            f"{field}: recorded {recorded!r}, inventory {wanted!r}"
            for field, recorded, wanted in differ
        )
        raise NeedsOperator(
            f"{ctx.node}: refusing to unregister: the cluster is registered as {reg.resource_uri} "
            f"but the request differs ({detail}). Unregistering with other values clears the "
            "cluster's local registration and leaves its resources in Azure (SCENARIOS B1). Fix: "
            f"set {', '.join(f for f, _, _ in differ)} in {inventory.source} to the recorded "
            "values and run again"
        )

    def apply(self, ctx: StepContext, change: Change) -> None:
        raise AssertionError("a guard never changes anything")


def _arc_app_names(inventory: Inventory) -> tuple[str, str]:
    name = HciTarget.of(inventory).resource_name
    return name, f"{name}.arc"


def _apps_named(ctx: StepContext, display_name: str) -> list[dict[str, object]]:
    """Only apps whose display name is exactly `display_name` (Graph's filter is an eq, but say it)."""
    return [
        a
        for a in ctx.run.azure().applications(display_name)
        if a.get("displayName") == display_name
    ]


@attrs.frozen
class CleanUpArcWithoutIdentity:
    """C2: the `<cluster>.arc` app the cluster's Arc integration records (ApplicationId) is gone,
    so Disable-AzureStackHCIArcIntegration cannot sign in on any node; the B2 cleanup runs on
    each node whose agent still holds an identity. A cluster without ApplicationId onboarded Arc
    with its managed identity (module >= 2.2.3): it never had the app, nothing is done."""

    id: str = "arc_identity_gone_cleanup"
    version: int = 1
    title: str = "Arc cleaned up locally where the cluster's Arc identity is gone"

    def _stranded(self, ctx: StepContext) -> list[str]:
        inventory = inventory_of(ctx)
        integration = read_arc_integration(ctx.session)
        enabled = [
            n.name
            for n in inventory.cluster.nodes
            if (integration.node_status(n.name) or "Disabled") != "Disabled"
        ]
        return [n for n in enabled if has_local_identity(read_arc_agent(ctx.open(n)))]

    def check(self, ctx: StepContext) -> Change:
        if not read_registration(ctx.session).registered:
            return Change.no_op("not registered")
        app_id = read_arc_integration(ctx.session).application_id
        if not app_id:
            # Az.StackHCI >= 2.2.3 onboards Arc with the cluster's managed identity: no
            # `<cluster>.arc` app exists, so its absence is no damage (issue 12.3).
            return Change.no_op(
                "Arc uses the cluster's managed identity (Get-AzureStackHCIArcIntegration: no "
                "ApplicationId): there is no <cluster>.arc app to miss"
            )
        _, arc_app = _arc_app_names(inventory_of(ctx))
        if any(str(a.get("appId")) == app_id for a in _apps_named(ctx, arc_app)):
            return Change.no_op(f"app registration {arc_app} ({app_id}) exists")
        stranded = self._stranded(ctx)
        if not stranded:
            return Change.no_op(
                f"app registration {arc_app} ({app_id}) is gone; no node holds an Arc identity"
            )
        return Change.change(
            ",".join(stranded),
            "disconnected locally",
            f"app registration {arc_app} ({app_id}, the ApplicationId the cluster's Arc "
            "integration records) is gone (C2): Unregister-AzStackHCI would fail with "
            '"Couldn\'t disable Azure Arc integration"; azcmagent disconnect --force-local-only '
            "and delete the Arc resources this cluster owns",
        )

    def apply(self, ctx: StepContext, change: Change) -> None:
        for node in self._stranded(ctx):
            clean_up_node(ctx, node)


@attrs.frozen
class CleanUpNodesThatCouldNotDisable:
    """B2 remediation: on every node Get-AzureStackHCIArcIntegration does not show Disabled,
    `azcmagent show`, `disconnect --force-local-only`, delete its Arc resource if this cluster
    owns it; the engine then runs the unregister step again (once: max_uses=1)."""

    id: str = "arc_cleanup_failed_nodes"

    def matches(self, error: BaseException) -> bool:
        return ARC_DISABLE_FAILED.search(str(error)) is not None

    def apply(self, ctx: StepContext) -> None:
        integration = read_arc_integration(ctx.session)
        for node in inventory_of(ctx).cluster.nodes:
            if (integration.node_status(node.name) or "Disabled") != "Disabled":
                clean_up_node(ctx, node.name)


@attrs.frozen
class UnregisterCluster:
    id: str = "unregister"
    version: int = 1
    title: str = "cluster unregistered (Unregister-AzStackHCI)"

    def settle_in_doubt(self, ctx: StepContext) -> list[str]:
        """An interrupted Unregister-AzStackHCI may still run: wait for it (steps/one_shot.py)."""
        return await_earlier_calls(ctx)

    def check(self, ctx: StepContext) -> Change:
        reg = read_registration(ctx.session)
        if not reg.registered:
            return Change.no_op(
                "not registered (Get-AzureStackHCI: NotYet): nothing to unregister",
                current="NotYet",
            )
        shown = self._command(ctx, planned=True).render()
        return Change.change(
            reg.resource_uri or reg.status, "NotYet", f"registered ({reg.status}); runs {shown}"
        )

    @staticmethod
    def _command(ctx: StepContext, *, planned: bool = False) -> Command:
        """-Confirm:$false comes from Command.cmdlet: the cmdlet always calls ShouldProcess
        (ConfirmImpact High, stackhci.ps1 @06618c80), which a remote caller cannot answer."""
        target = HciTarget.of(inventory_of(ctx))
        if planned:
            token, account = PLANNED_TOKEN, PLANNED_ACCOUNT
        else:
            token, account = ctx.run.azure().access_token()
        return Command.cmdlet(
            "Unregister-AzStackHCI",
            SubscriptionId=target.subscription_id,
            ResourceName=target.resource_name,
            ResourceGroupName=target.resource_group,
            TenantId=target.tenant_id,  # SCENARIOS A6/B4: always explicit
            EnvironmentName=target.cloud,
            ArmAccessToken=token,
            AccountId=account,
        )

    def apply(self, ctx: StepContext, change: Change) -> None:
        inventory = inventory_of(ctx)
        command = self._command(ctx)
        # B2's text goes to the remediation unchanged; other known failures become the
        # catalog's instruction; transient ones stay as they are for the engine's retry.
        result = run_or_instruct(held(ctx), command, inventory, keep=ARC_DISABLE_FAILED)
        # The module reports through Format-List and host error lines, never an error record
        # (stackhci.ps1 @06618c80): read them all (steps/module_outcome.py).
        outcome = ModuleOutcome.of("Unregister-AzStackHCI", result)
        if not outcome.succeeded:
            error = RemoteCommandError(ctx.node, command.render(), outcome.describe())
            if ARC_DISABLE_FAILED.search(str(error)):
                raise error  # the B2 remediation is waiting for it
            instruction = known_failure(error, inventory)
            if instruction is not None:
                raise instruction from error
            raise error
        after = read_registration(ctx.session)
        if after.registered:
            raise RemoteCommandError(
                ctx.node,
                command.render(),
                f"Unregister-AzStackHCI reported Result Success, but Get-AzureStackHCI still says "
                f"RegistrationStatus {after.status} ({after.resource_uri})",
            )


def _prove_ours(ctx: StepContext, resource_id: str, cluster: dict[str, Any]) -> None:
    """Positive proof that the HCI resource at the inventory's coordinates is this cluster's,
    or a refusal (issue 17 defect 12). Names prove nothing (another cluster may use them, and
    absent arcSettings say nothing); the proof is the cluster's own unique ID, which hcisvc
    reports to the resource (`reportedProperties.clusterId`) and `Get-Cluster` reads here."""
    reported = (cluster.get("properties") or {}).get("reportedProperties") or {}
    theirs = str(reported.get("clusterId") or "").strip().lower()
    ours = read_cluster_id(ctx.session)
    if theirs and ours and theirs == ours:
        return
    raise NeedsOperator(
        f"{resource_id} cannot be proven to be this cluster's: its reportedProperties.clusterId "
        f"is {theirs or 'absent (it never synced)'}, this cluster's Id (Get-Cluster on "
        f"{ctx.node}) is {ours or 'unknown'}; not deleting anything. Check it in the portal and "
        "delete it by hand if it is this cluster's"
    )


@attrs.frozen
class RemoveOrphanedAzureResources:
    """B1 cleanup: NotYet locally while this cluster's HCI resource or Arc machines remain."""

    id: str = "orphaned_azure_resources"
    version: int = 2
    title: str = "no resources of this cluster left in Azure"

    def _orphans(self, ctx: StepContext) -> tuple[str | None, list[tuple[str, str]]]:
        inventory = inventory_of(ctx)
        target = HciTarget.of(inventory)
        plane = ctx.run.azure()
        cluster = plane.hci_cluster(target.resource_group, target.resource_name)
        if cluster is not None:
            _prove_ours(ctx, target.cluster_id, cluster)
        machines = []
        model = IdentityModel(module_version(ctx.session, "Az.StackHCI"))
        for node in inventory.cluster.nodes:
            machine = find_machine(ctx, node.name, None)
            if machine is not None and machine.owned and not model.keeps_arc_machines:
                machines.append((machine.group, node.name))
            elif machine is not None and machine.owned:
                log.info(
                    "%s: %s stays: %s", ctx.node, machine.id, model.describe()
                )  # the module keeps it on purpose (issue 12.3)
        return (target.cluster_id if cluster else None), machines

    def check(self, ctx: StepContext) -> Change:
        if read_registration(ctx.session).registered:
            return Change.no_op("registered: Unregister-AzStackHCI owns the cleanup")
        cluster, machines = self._orphans(ctx)
        found = ([cluster] if cluster else []) + [
            f"machines/{node} in {group}" for group, node in machines
        ]
        if not found:
            return Change.no_op("no resources of this cluster in Azure")
        if not ctx.option("cleanup_azure"):
            raise NeedsOperator(
                f"{ctx.node}: the cluster is not registered (Get-AzureStackHCI: NotYet) but Azure "
                f"still holds its resources: {'; '.join(found)}. This is what an unregister with "
                "the wrong -EnvironmentName or -SubscriptionId leaves (SCENARIOS B1). Fix: run "
                "`orchestrate unregister --cleanup-azure` to delete exactly these and the app "
                "registrations of this cluster"
            )
        return Change.change("; ".join(found), "deleted", "owned by this cluster (--cleanup-azure)")

    def apply(self, ctx: StepContext, change: Change) -> None:
        inventory = inventory_of(ctx)
        target = HciTarget.of(inventory)
        plane = ctx.run.azure()
        _, machines = self._orphans(ctx)
        for group, node in machines:
            plane.delete_arc_machine(group, node)
        plane.delete_hci_cluster(target.resource_group, target.resource_name)


@attrs.frozen
class DeleteAppRegistrations:
    """`<cluster>` and `<cluster>.arc`, by exact display name, once nothing uses them."""

    id: str = "delete_app_registrations"
    version: int = 1
    title: str = "app registrations <cluster> and <cluster>.arc deleted"

    def _apps(self, ctx: StepContext) -> list[dict[str, object]]:
        found = []
        for display_name in _arc_app_names(inventory_of(ctx)):
            apps = _apps_named(ctx, display_name)
            if len(apps) > 1:
                ids = ", ".join(str(a.get("appId")) for a in apps)
                raise NeedsOperator(
                    f"{len(apps)} app registrations are named {display_name!r} ({ids}); cannot tell "
                    "which one this cluster used. Delete the stale one in the portal"
                )
            found.extend(apps)
        return found

    def check(self, ctx: StepContext) -> Change:
        inventory = inventory_of(ctx)
        target = HciTarget.of(inventory)
        exists = ctx.run.azure().hci_cluster(target.resource_group, target.resource_name)
        if read_registration(ctx.session).registered:
            # Only a plan gets here (the run unregisters first). Say what the run will find
            # after the cmdlet, so the plan and the run agree (issue 15.6): with the HCI
            # resource, the cmdlet deletes the apps; without it (B3) it cannot, and this step
            # deletes what it leaves.
            apps = [] if exists is not None else self._apps(ctx)
            if not apps:
                return Change.no_op(
                    "registered: Unregister-AzStackHCI deletes them with the HCI resource"
                    if exists is not None
                    else "registered; none left"
                )
            names = ", ".join(f"{a.get('displayName')} ({a.get('appId')})" for a in apps)
            return Change.change(
                names,
                "deleted",
                "the HCI resource is gone, so Unregister-AzStackHCI cannot delete them (B3)",
            )
        if exists is not None and not ctx.option("cleanup_azure"):
            # (with --cleanup-azure the step before deletes it; a plan has not run that step)
            return Change.no_op("the HCI resource still exists: its app registrations stay")
        apps = self._apps(ctx)
        if not apps:
            return Change.no_op("none left")
        names = ", ".join(f"{a.get('displayName')} ({a.get('appId')})" for a in apps)
        return Change.change(names, "deleted", "left behind by the unregistration")

    def apply(self, ctx: StepContext, change: Change) -> None:
        for app in self._apps(ctx):
            ctx.run.azure().delete_application(str(app["id"]))


@attrs.frozen
class UpdateStackHciModule:
    """C10: with --update-module, bring Az.StackHCI to a version that registers HCI and Arc in
    one resource group. Without it the check only reports what it sees."""

    id: str = "update_stackhci_module"
    version: int = 1
    title: str = "Az.StackHCI supports a common resource group (>= 1.4.2)"

    def check(self, ctx: StepContext) -> Change:
        version = installed_module_version(ctx.session, "Az.StackHCI")
        if version is not None and version_tuple(version) >= COMMON_GROUP_MODULE:
            return Change.no_op(f"Az.StackHCI {version}", current=version)
        if not ctx.option("update_module"):
            return Change.no_op(
                f"Az.StackHCI {version or 'not installed'} keeps Arc machines in a separate group; "
                "to move to a common group run unregister with --update-module, then register "
                "(docs/workflows/unregister.md, C10)",
                current=version,
            )
        return Change.change(version, "latest", "Install-Module -Name Az.StackHCI (C10)")

    def apply(self, ctx: StepContext, change: Change) -> None:
        run_checked(ctx.session, Command.cmdlet("Install-Module", Name="Az.StackHCI", Force=True))


WORKFLOW = Workflow(
    name="unregister",
    guards=(ReleaseGuard("unregister"),),
    version=3,
    summary="Unregister the cluster (guarded against another subscription, resource group, name, cloud or tenant than recorded) and clean up Arc and Azure leftovers.",
    prechecks=(ReachabilityCheck(),),
    steps=(
        StepSpec(GuardRecordedRegistration()),
        StepSpec(CleanUpArcWithoutIdentity()),
        # One-shot like Register-AzStackHCI: after a lost answer the cmdlet may still be running
        # on the node, so it is never called again blindly; resume re-checks first.
        StepSpec(
            UnregisterCluster(),
            idempotent=False,
            remediations=(RemediationSpec(CleanUpNodesThatCouldNotDisable(), max_uses=1),),
        ),
        StepSpec(RemoveOrphanedAzureResources()),
        StepSpec(DeleteAppRegistrations()),
        StepSpec(UpdateStackHciModule()),
    ),
    scope="cluster",
    needs_azure=True,
)
