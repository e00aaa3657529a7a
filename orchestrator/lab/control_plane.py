"""The lab's Azure as an AzureControlPlane: what ArmControlPlane does over HTTP, in-process.

The caller is the operator account the world was built with (world.target); every read and
change goes through LabAzure's authorization, so permission scenarios (A7, A8, D5) bite here
exactly as they would through ARM. Lab errors become the project's Azure errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from orchestrator.azure.arm import azure_error, is_absent
from orchestrator.azure.rbac import PermissionBlock
from orchestrator.errors import AzureError
from orchestrator.lab.azure import ArmError, resource_id
from orchestrator.lab.world import LabWorld

T = TypeVar("T")


class LabControlPlane:
    def __init__(self, world: LabWorld) -> None:
        self.world = world

    @contextmanager
    def _call(self, label: str) -> Iterator[None]:
        with self.world.lock:
            try:
                yield
            except ArmError as error:
                raise azure_error(error.status, error.code, error.message, label) from None

    def _or_none(self, label: str, read: Callable[[], T]) -> T | None:
        try:
            with self._call(label):
                return read()
        except AzureError as error:
            if is_absent(error):
                return None
            raise

    @property
    def _caller(self) -> str:
        return self.world.target.caller_id

    @property
    def _sub(self) -> str:
        return self.world.target.subscription_id

    def access_token(self) -> tuple[str, str]:
        """(ARM token, account id) for -ArmAccessToken/-AccountId; never logged."""
        return self.world.caller_token(), self.world.target.caller_upn

    def permissions(self, resource_group: str | None = None) -> list[PermissionBlock]:
        scope = f"/subscriptions/{self._sub}" + (
            f"/resourceGroups/{resource_group}" if resource_group else ""
        )
        with self._call("GET permissions"):
            return [
                PermissionBlock.from_arm(b)
                for b in self.world.azure.permissions(self._caller, scope)
            ]

    def provider_state(self, namespace: str) -> str:
        with self._call(f"GET providers/{namespace}"):
            self.world.azure.subscription(self._caller, self._sub)
            return self.world.azure.provider_state(self._sub, namespace)

    def register_provider(self, namespace: str) -> str:
        with self._call(f"POST providers/{namespace}/register"):
            self.world.azure.register_provider(self._caller, self._sub, namespace)
            return self.world.azure.provider_state(self._sub, namespace)

    def provider_locations(self, namespace: str, resource_type: str) -> list[str]:
        from orchestrator.clouds import clouds

        with self._call(f"GET providers/{namespace}"):
            self.world.azure.subscription(self._caller, self._sub)  # the same GET as the state
            regions = clouds()[self.world.target.cloud].regions
            return [
                regions[r] for r in self.world.azure.provider_locations(self.world.target.cloud)
            ]

    def resource_group(self, name: str) -> dict[str, Any] | None:
        return self._or_none(
            f"GET resourcegroups/{name}",
            lambda: self.world.azure.get_group(self._caller, self._sub, name).to_arm(),
        )

    def _get(self, rid: str) -> dict[str, Any] | None:
        return self._or_none(f"GET {rid}", lambda: self.world.azure.get(self._caller, rid).to_arm())

    def _delete(self, rid: str) -> bool:
        with self._call(f"DELETE {rid}"):
            return self.world.azure.delete(self._caller, rid)

    def _cluster_id(self, resource_group: str, name: str) -> str:
        return resource_id(self._sub, resource_group, "Microsoft.AzureStackHCI/clusters", name)

    def hci_cluster(self, resource_group: str, name: str) -> dict[str, Any] | None:
        return self._get(self._cluster_id(resource_group, name))

    def arc_settings(self, resource_group: str, cluster: str) -> dict[str, Any] | None:
        return self._get(self._cluster_id(resource_group, cluster) + "/arcSettings/default")

    def delete_hci_cluster(self, resource_group: str, name: str) -> bool:
        return self._delete(self._cluster_id(resource_group, name))

    def _machine_id(self, resource_group: str, name: str) -> str:
        return resource_id(self._sub, resource_group, "Microsoft.HybridCompute/machines", name)

    def arc_machine(self, resource_group: str, name: str) -> dict[str, Any] | None:
        return self._get(self._machine_id(resource_group, name))

    def delete_arc_machine(self, resource_group: str, name: str) -> bool:
        return self._delete(self._machine_id(resource_group, name))

    def applications(self, display_name: str) -> list[dict[str, Any]]:
        with self._call("GET applications"):
            apps = self.world.azure.apps_named(self.world.target.tenant_id, display_name)
            return [a.to_graph() for a in apps]

    def delete_application(self, object_id: str) -> bool:
        with self._call(f"DELETE applications/{object_id}"):
            for app in list(self.world.azure.apps.values()):
                if app.object_id == object_id:
                    return self.world.azure.delete_app(app.app_id)
            return False
