"""Where the inventory asks the cluster to be registered, as the Azure resources it implies.

One place for the names and IDs the register/repair flows, their guards and the conflict
checks compare against what a node reports (Get-AzureStackHCI, azcmagent show -j).
"""

from __future__ import annotations

import attrs

from orchestrator.facts.hci import Registration
from orchestrator.inventory.models import AzureTarget, Inventory

HCI_CLUSTERS = "Microsoft.AzureStackHCI/clusters"
ARC_MACHINES = "Microsoft.HybridCompute/machines"


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
        """(inventory field, recorded, wanted) for everything the cluster recorded that differs
        from this target. A value the node does not report cannot be compared."""
        pairs = [
            ("azure.cloud", registration.cloud, self.cloud),
            ("azure.subscription_id", registration.recorded_subscription, self.subscription_id),
            ("azure.tenant_id", registration.tenant_id, self.tenant_id),
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


_LABELS = {
    "azure.cloud": "cloud",
    "azure.subscription_id": "subscription",
    "azure.tenant_id": "tenant",
    "azure.resource_group": "resource group",
    "azure.resource_name": "resource name",
    "azure.region": "region",
}
