"""AzureControlPlane: what flows and pre-checks ask of Azure, whoever answers.

Two implementations: `ArmControlPlane` (real HTTP to ARM and Graph; also what talks to the
lab's ARM emulator) and the lab's in-process one. Flows depend only on this protocol.
"""

from __future__ import annotations

from typing import Any, Protocol

from orchestrator.azure.arm import ArmClient, GraphClient
from orchestrator.azure.credentials import credential_for
from orchestrator.azure.rbac import PermissionBlock
from orchestrator.azure.waits import WaitBudget
from orchestrator.inventory.models import AzureTarget


class AzureControlPlane(Protocol):
    def access_token(self) -> tuple[str, str]: ...
    def permissions(self, resource_group: str | None = None) -> list[PermissionBlock]: ...
    def provider_state(self, namespace: str) -> str: ...
    def register_provider(self, namespace: str) -> str: ...
    def provider_locations(self, namespace: str, resource_type: str) -> list[str]: ...
    def resource_group(self, name: str) -> dict[str, Any] | None: ...
    def hci_cluster(self, resource_group: str, name: str) -> dict[str, Any] | None: ...
    def arc_settings(self, resource_group: str, cluster: str) -> dict[str, Any] | None: ...
    def delete_hci_cluster(self, resource_group: str, name: str) -> bool: ...
    def arc_machine(self, resource_group: str, name: str) -> dict[str, Any] | None: ...
    def delete_arc_machine(self, resource_group: str, name: str) -> bool: ...
    def arc_machine_extensions(self, resource_group: str, name: str) -> list[dict[str, Any]]: ...
    def arc_gateway(self, resource_group: str, name: str) -> dict[str, Any] | None: ...
    def applications(self, display_name: str) -> list[dict[str, Any]]: ...
    def delete_application(self, object_id: str) -> bool: ...


class ArmControlPlane:
    """ARM for resources and permissions, Graph for app registrations."""

    def __init__(self, arm: ArmClient, graph: GraphClient) -> None:
        self.arm = arm
        self.graph = graph

    @classmethod
    def for_target(cls, target: AzureTarget, **options: Any) -> ArmControlPlane:
        """One WaitBudget for the run's ARM and Graph calls together (the per-run cap)."""
        credential = credential_for(target.credential, target.cloud)
        options.setdefault("ca_bundle", target.ca_bundle)
        options.setdefault("budget", WaitBudget())
        return cls(
            ArmClient(target.arm_url, credential, target.subscription_id, **options),
            GraphClient(target.graph_url, credential, **options),
        )

    def access_token(self) -> tuple[str, str]:
        """(ARM token, account id) for the cluster cmdlets' -ArmAccessToken/-AccountId."""
        return self.arm.access_token()

    def permissions(self, resource_group: str | None = None) -> list[PermissionBlock]:
        return self.arm.permissions(resource_group)

    def provider_state(self, namespace: str) -> str:
        return self.arm.provider_state(namespace)

    def register_provider(self, namespace: str) -> str:
        """Register and wait (bounded) until the provider reads Registered."""
        return self.arm.register_provider(namespace)

    def provider_locations(self, namespace: str, resource_type: str) -> list[str]:
        return self.arm.provider_locations(namespace, resource_type)

    def resource_group(self, name: str) -> dict[str, Any] | None:
        return self.arm.resource_group(name)

    def hci_cluster(self, resource_group: str, name: str) -> dict[str, Any] | None:
        return self.arm.hci_cluster(resource_group, name)

    def arc_settings(self, resource_group: str, cluster: str) -> dict[str, Any] | None:
        return self.arm.arc_settings(resource_group, cluster)

    def delete_hci_cluster(self, resource_group: str, name: str) -> bool:
        return self.arm.delete_hci_cluster(resource_group, name)

    def arc_machine(self, resource_group: str, name: str) -> dict[str, Any] | None:
        return self.arm.arc_machine(resource_group, name)

    def delete_arc_machine(self, resource_group: str, name: str) -> bool:
        return self.arm.delete_arc_machine(resource_group, name)

    def arc_machine_extensions(self, resource_group: str, name: str) -> list[dict[str, Any]]:
        return self.arm.arc_machine_extensions(resource_group, name)

    def arc_gateway(self, resource_group: str, name: str) -> dict[str, Any] | None:
        return self.arm.arc_gateway(resource_group, name)

    def applications(self, display_name: str) -> list[dict[str, Any]]:
        return self.graph.applications(display_name)

    def delete_application(self, object_id: str) -> bool:
        return self.graph.delete_application(object_id)


def _conforms(plane: ArmControlPlane) -> AzureControlPlane:
    return plane  # mypy proves ArmControlPlane satisfies the protocol
