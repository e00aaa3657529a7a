"""Where the inventory asks the cluster to be registered, as the Azure resources it implies.

One place for the names and IDs the register/repair flows, their guards and the conflict
checks compare against what a node reports (Get-AzureStackHCI, azcmagent show -j).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from orchestrator.errors import AzureError
from orchestrator.facts.hci import Registration
from orchestrator.inventory.models import AzureTarget, Inventory

HCI_CLUSTERS = "Microsoft.AzureStackHCI/clusters"
ARC_MACHINES = "Microsoft.HybridCompute/machines"

if TYPE_CHECKING:
    from orchestrator.azure.control_plane import AzureControlPlane


@attrs.frozen
class HciTarget:
    cloud: str
    subscription_id: str
    tenant_id: str
    region: str
    resource_group: str
    resource_name: str
    arc_resource_group: str
    explicit_arc_group: (
        bool  # the inventory names a separate Arc group (-ArcServerResourceGroupName)
    )

    @classmethod
    def of(cls, inventory: Inventory) -> HciTarget:
        azure: AzureTarget = inventory.require_azure()
        return cls(
            cloud=azure.cloud,
            subscription_id=azure.subscription_id,
            tenant_id=azure.tenant_id,
            region=azure.region,
            resource_group=azure.resource_group,
            resource_name=azure.resource_name or inventory.cluster.name,
            # One group for cluster and machines since Az.StackHCI 1.4.2 (facts §1.9).
            arc_resource_group=azure.arc_resource_group or azure.resource_group,
            explicit_arc_group=azure.arc_resource_group is not None,
        )

    def _id(self, group: str, kind: str, name: str) -> str:
        return (
            f"/subscriptions/{self.subscription_id}/resourceGroups/{group}/providers/{kind}/{name}"
        )

    @property
    def cluster_id(self) -> str:
        return self._id(self.resource_group, HCI_CLUSTERS, self.resource_name)

    def machine_id(self, node: str) -> str:
        return self._id(self.arc_resource_group, ARC_MACHINES, node)

    def mismatches(
        self, registration: Registration, *, region: bool = True
    ) -> list[tuple[str, str, str]]:
        """(inventory field, recorded, wanted) for everything the node records that differs from
        this target: subscription, resource group and name from AzureResourceUri, and the region
        where Get-AzureStackHCI reports one (22H2+). The node records no cloud and no tenant;
        `compare_in_azure` covers those."""
        pairs = [
            ("azure.subscription_id", registration.subscription_id, self.subscription_id),
            ("azure.resource_group", registration.resource_group, self.resource_group),
            ("azure.resource_name", registration.recorded_name, self.resource_name),
        ]
        if region:
            pairs.append(("azure.region", registration.region, self.region))
        return [
            (field, recorded, wanted)
            for field, recorded, wanted in pairs
            if recorded is not None and recorded.lower() != wanted.lower()
        ]

    def differences(self, registration: Registration) -> list[str]:
        """What the registration recorded on the cluster differs in from this target."""
        return [
            f"{_LABELS[field]} {recorded} (inventory: {wanted})"
            for field, recorded, wanted in self.mismatches(registration)
        ]


@attrs.frozen
class AzureComparison:
    """Cloud and tenant of the recorded registration, as Azure answers for them.

    Neither Get-AzureStackHCI nor Unregister-AzStackHCI knows them: the module takes the cloud
    from -EnvironmentName and the tenant from its sign-in (stackhci.ps1 @06618c80,
    Unregister-AzStackHCI: `$TenantId = Azure-Login ... -EnvironmentName $EnvironmentName`). So
    they are compared the only way there is: the recorded resource is read with the caller's
    credential in the inventory's cloud and tenant. ARM answers a subscription of another tenant
    with 401 InvalidAuthenticationTokenTenant and one unknown to this cloud with 404
    SubscriptionNotFound; any other answer about the subscription (the resource, or a plain
    ResourceNotFound / ResourceGroupNotFound) places it in this cloud and tenant."""

    mismatches: tuple[tuple[str, str, str], ...] = ()
    not_compared: str | None = None  # why cloud and tenant could not be compared
    resource: dict[str, Any] | None = None

    @property
    def note(self) -> str:
        if self.not_compared:
            return f"cloud and tenant NOT compared: {self.not_compared}"
        return "cloud and tenant confirmed by Azure (the recorded subscription answers there)"


# ARM's answers that place a subscription outside the caller's cloud or tenant.
_OTHER_TENANT = ("InvalidAuthenticationTokenTenant",)
_OTHER_CLOUD = ("SubscriptionNotFound",)


def compare_in_azure(
    plane: AzureControlPlane, target: HciTarget, registration: Registration
) -> AzureComparison:
    """Read the recorded resource (same subscription as the target: `mismatches` ran first)."""
    group = registration.resource_group or target.resource_group
    name = registration.recorded_name or target.resource_name
    try:
        resource = plane.hci_cluster(group, name)
    except AzureError as error:
        if error.code in _OTHER_TENANT:
            return AzureComparison(
                mismatches=(
                    ("azure.tenant_id", f"another tenant (ARM: {error.code})", target.tenant_id),
                ),
            )
        if error.code in _OTHER_CLOUD:
            return AzureComparison(
                mismatches=(
                    (
                        "azure.cloud",
                        f"not {target.cloud} (ARM there: {error.code})",
                        target.cloud,
                    ),
                ),
            )
        return AzureComparison(not_compared=f"{error.code}: {error.message}")
    found: list[tuple[str, str, str]] = []
    tenant = str(((resource or {}).get("properties") or {}).get("aadTenantId") or "")
    if tenant and tenant.lower() != target.tenant_id.lower():
        found.append(("azure.tenant_id", tenant, target.tenant_id))
    return AzureComparison(mismatches=tuple(found), resource=resource)


_LABELS = {
    "azure.cloud": "cloud",
    "azure.subscription_id": "subscription",
    "azure.tenant_id": "tenant",
    "azure.resource_group": "resource group",
    "azure.resource_name": "resource name",
    "azure.region": "region",
}
