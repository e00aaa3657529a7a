"""unregister: Unregister-AzStackHCI once, on the entry node, guarded and cleaned up after.

Steps (scope "cluster"; every node is pre-checked first):

1. guard (B1): the cloud, subscription, tenant, group and name recorded on the cluster
   (Get-AzureStackHCI) must be the ones in the inventory, else refuse before any change:
   unregistering with other values clears the cluster's local state and leaves every Azure
   resource behind (seeds/000).
2. C2: when the `<cluster>.arc` app registration is gone, Unregister-AzStackHCI cannot disable
   Arc on any node; clean Arc up on those nodes first (the B2 path).
3. Unregister-AzStackHCI (skipped when Get-AzureStackHCI already says NotYet, so a resume never
   unregisters twice). On "Couldn't disable Azure Arc integration on Node X" (B2) the remediation
   cleans Arc up on the nodes still enabled and the unregister is retried once.
4. B1 cleanup: the cluster is NotYet locally but its resources remain in Azure: delete the HCI
   resource and the Arc machines it owns, only with --cleanup-azure (else refuse with the list).
5. app registrations `<cluster>` and `<cluster>.arc` (exact names, one each) once nothing uses them
   (B3: the portal deleted the resource, so the cmdlet could not delete them).
6. C10, with --update-module: update Az.StackHCI on the entry node (1.4.1 and earlier keep Arc
   machines in their own group), so the next registration can use a common group.
"""

from __future__ import annotations

import attrs

from orchestrator.checks import ReachabilityCheck
from orchestrator.engine.runner import NeedsOperator
from orchestrator.engine.spec import (
    TRANSIENT,
    Change,
    RemediationSpec,
    StepContext,
    StepSpec,
    Workflow,
)
from orchestrator.errors import RemoteCommandError
from orchestrator.facts import (
    Registration,
    read_arc_agent,
    read_arc_integration,
    read_registration,
    run_checked,
)
from orchestrator.facts.modules import installed_module_version, version_tuple
from orchestrator.inventory.models import Inventory
from orchestrator.steps.arc import (
    ARC_DISABLE_FAILED,
    azure_target,
    clean_up_node,
    cluster_resource_id,
    find_machine,
    has_local_identity,
    inventory_of,
    resource_name,
)
from orchestrator.steps.instructions import run_or_instruct
from orchestrator.transport.base import Command

# ChangeLog 1.4.2 (facts §1.9): one resource group for HCI and Arc from this version on.
COMMON_GROUP_MODULE = (1, 4, 2)


def _recorded_group_and_name(reg: Registration) -> tuple[str | None, str | None]:
    name = reg.resource_name
    if reg.resource_uri and not name:
        name = reg.resource_uri.rstrip("/").split("/")[-1]
    return reg.resource_group, name


def _recorded_subscription(reg: Registration) -> str | None:
    if reg.subscription_id:
        return reg.subscription_id
    parts = (reg.resource_uri or "").split("/")
    lowered = [p.lower() for p in parts]
    return parts[lowered.index("subscriptions") + 1] if "subscriptions" in lowered else None


@attrs.frozen
class GuardRecordedRegistration:
    """B1 guard: refuse when the request differs from what the cluster recorded."""

    id: str = "guard_registration"
    version: int = 1
    title: str = "request matches the registration recorded on the cluster"

    def check(self, ctx: StepContext) -> Change:
        reg = read_registration(ctx.session)
        if not reg.registered:
            return Change.no_op("not registered on the cluster (Get-AzureStackHCI: NotYet)")
        inventory = inventory_of(ctx)
        target = azure_target(inventory)
        group, name = _recorded_group_and_name(reg)
        pairs = [
            ("azure.cloud", reg.cloud, target.cloud),
            ("azure.subscription_id", _recorded_subscription(reg), target.subscription_id),
            ("azure.tenant_id", reg.tenant_id, target.tenant_id),
            ("azure.resource_group", group, target.resource_group),
            ("azure.resource_name", name, resource_name(inventory)),
        ]
        # A value the node does not report cannot be compared; everything it reports must match.
        differ = [
            (field, recorded, wanted)
            for field, recorded, wanted in pairs
            if recorded is not None and recorded.lower() != wanted.lower()
        ]
        if not differ:
            return Change.no_op(
                "recorded registration matches the inventory", current=reg.resource_uri
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
    name = resource_name(inventory)
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
    """C2: the `<cluster>.arc` app is gone, so Disable-AzureStackHCIArcIntegration cannot sign in
    on any node; the B2 cleanup runs on each node whose agent still holds an identity."""

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
        _, arc_app = _arc_app_names(inventory_of(ctx))
        if _apps_named(ctx, arc_app):
            return Change.no_op(f"app registration {arc_app} exists")
        stranded = self._stranded(ctx)
        if not stranded:
            return Change.no_op(
                f"app registration {arc_app} is gone; no node holds an Arc identity"
            )
        return Change.change(
            ",".join(stranded),
            "disconnected locally",
            f"app registration {arc_app} is gone (C2): Unregister-AzStackHCI would fail with "
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

    def check(self, ctx: StepContext) -> Change:
        reg = read_registration(ctx.session)
        if not reg.registered:
            return Change.no_op("Get-AzureStackHCI: NotYet", current="NotYet")
        return Change.change(reg.resource_uri or reg.status, "NotYet", f"registered ({reg.status})")

    def apply(self, ctx: StepContext, change: Change) -> None:
        inventory = inventory_of(ctx)
        target = azure_target(inventory)
        token, account = ctx.run.azure().access_token()
        command = Command.cmdlet(
            "Unregister-AzStackHCI",
            SubscriptionId=target.subscription_id,
            ResourceName=resource_name(inventory),
            ResourceGroupName=target.resource_group,
            TenantId=target.tenant_id,  # SCENARIOS A6/B4: always explicit
            EnvironmentName=target.cloud,
            ArmAccessToken=token,
            AccountId=account,
        )
        # B2's text goes to the remediation unchanged; other known failures become the
        # catalog's instruction; transient ones stay as they are for the engine's retry.
        result = run_or_instruct(ctx.session, command, inventory, keep=ARC_DISABLE_FAILED)
        outcome = result.first.get("Result") if isinstance(result.first, dict) else None
        if outcome != "Success":
            raise RemoteCommandError(ctx.node, command.render(), f"Result: {outcome}")


@attrs.frozen
class RemoveOrphanedAzureResources:
    """B1 cleanup: NotYet locally while this cluster's HCI resource or Arc machines remain."""

    id: str = "orphaned_azure_resources"
    version: int = 1
    title: str = "no resources of this cluster left in Azure"

    def _orphans(self, ctx: StepContext) -> tuple[str | None, list[tuple[str, str]]]:
        inventory = inventory_of(ctx)
        target = azure_target(inventory)
        plane = ctx.run.azure()
        name = resource_name(inventory)
        cluster = plane.hci_cluster(target.resource_group, name)
        settings = plane.arc_settings(target.resource_group, name) if cluster else None
        listed = {
            str(d.get("name", "")).lower()
            for d in ((settings or {}).get("properties") or {}).get("perNodeDetails") or []
        }
        ours = {n.name.lower() for n in inventory.cluster.nodes}
        if listed - ours:
            raise NeedsOperator(
                f"{cluster_resource_id(inventory)} lists nodes {', '.join(sorted(listed - ours))} "
                f"that are not in {inventory.source}: it may belong to another cluster; not deleting "
                "anything. Check it in the portal"
            )
        machines = []
        for node in inventory.cluster.nodes:
            machine = find_machine(ctx, node.name, None)
            if machine is not None and machine.owned:
                machines.append((machine.group, node.name))
        return (cluster_resource_id(inventory) if cluster else None), machines

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
        target = azure_target(inventory)
        plane = ctx.run.azure()
        _, machines = self._orphans(ctx)
        for group, node in machines:
            plane.delete_arc_machine(group, node)
        plane.delete_hci_cluster(target.resource_group, resource_name(inventory))


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
        if read_registration(ctx.session).registered:
            return Change.no_op("registered: the app registrations are in use")
        inventory = inventory_of(ctx)
        target = azure_target(inventory)
        exists = ctx.run.azure().hci_cluster(target.resource_group, resource_name(inventory))
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
    version=1,
    summary="Unregister the cluster (guarded against the wrong cloud/subscription/tenant) and clean up Arc and Azure leftovers.",
    prechecks=(ReachabilityCheck(),),
    steps=(
        StepSpec(GuardRecordedRegistration()),
        StepSpec(CleanUpArcWithoutIdentity()),
        StepSpec(
            UnregisterCluster(),
            retry=TRANSIENT,
            remediations=(RemediationSpec(CleanUpNodesThatCouldNotDisable(), max_uses=1),),
        ),
        StepSpec(RemoveOrphanedAzureResources()),
        StepSpec(DeleteAppRegistrations()),
        StepSpec(UpdateStackHciModule()),
    ),
    scope="cluster",
)
