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
from orchestrator.azure.names import checked
from orchestrator.azure.rbac import PermissionBlock
from orchestrator.azure.waits import WaitBudget, wait_for, wait_until_registered
from orchestrator.errors import AzureError
from orchestrator.inventory.models import AzureTarget
from orchestrator.lab import texts
from orchestrator.lab.arm_emulator.routes import WRONG_TENANT
from orchestrator.lab.azure import LRO_DELETE_TYPES, ArmError, ResourceId, resource_id
from orchestrator.lab.world import LabWorld

T = TypeVar("T")


class LabControlPlane:
    """Requests go where the inventory sends them (`target`: its cloud, tenant and subscription),
    as ArmControlPlane's would; the world's own target when there is none."""

    def __init__(
        self,
        world: LabWorld,
        target: AzureTarget | None = None,
        budget: WaitBudget | None = None,
    ) -> None:
        self.world = world
        self.budget = budget or WaitBudget()  # one per run, like ArmControlPlane's
        self.cloud = target.cloud if target else world.target.cloud
        self.tenant = target.tenant_id if target else world.target.tenant_id
        self.subscription = target.subscription_id if target else world.target.subscription_id

    def _placed(self) -> None:
        """ARM places the subscription before anything else: unknown to this cloud's ARM is 404
        SubscriptionNotFound; held by another tenant than the token's is 401
        InvalidAuthenticationTokenTenant (the ARM emulator's `_authenticate` does the same)."""
        azure = self.world.azure
        sub = azure.subscriptions.get(self.subscription)
        if sub is None or azure.tenants[sub.tenant_id].cloud != self.cloud:
            raise ArmError(
                404,
                "SubscriptionNotFound",
                texts.ARM_SUBSCRIPTION_NOT_FOUND.format(subscription=self.subscription),
            )
        if sub.tenant_id != self.tenant:
            raise ArmError(
                401,
                "InvalidAuthenticationTokenTenant",
                WRONG_TENANT.format(token_tenant=self.tenant, tenant=sub.tenant_id),
            )

    @contextmanager
    def _call(self, label: str, *, arm: bool = True) -> Iterator[None]:
        with self.world.lock:
            try:
                if arm:
                    self._placed()
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
        return self.subscription

    def access_token(self) -> tuple[str, str]:
        """(ARM token, account id) for -ArmAccessToken/-AccountId; never logged."""
        return self.world.caller_token(), self.world.target.caller_upn

    def permissions(self, resource_group: str | None = None) -> list[PermissionBlock]:
        scope = f"/subscriptions/{self._sub}" + (
            f"/resourceGroups/{checked('resource group', resource_group)}"
            if resource_group is not None
            else ""
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
        """Register, then wait (bounded, on the world's virtual clock) until Registered, as
        ArmControlPlane does over HTTP."""
        with self._call(f"POST providers/{namespace}/register"):
            state = self.world.azure.register_provider(self._caller, self._sub, namespace)
        if state == "Registered":
            return state
        return wait_until_registered(
            lambda: self.provider_state(namespace), namespace, self.budget, self._sleep
        )

    def _sleep(self, seconds: float) -> None:
        with self.world.lock:
            self.world.clock.advance(seconds)

    def provider_locations(self, namespace: str, resource_type: str) -> list[str]:
        with self._call(f"GET providers/{namespace}"):
            self.world.azure.subscription(self._caller, self._sub)  # the same GET as the state
            known = {"microsoft.azurestackhci": ("clusters", "clusters/arcsettings")}
            if resource_type.lower() not in known.get(namespace.lower(), ()):
                return []
            return self.world.azure.provider_locations(self._sub)

    def resource_group(self, name: str) -> dict[str, Any] | None:
        checked("resource group", name)  # the same refusal as ArmClient's, before any call
        return self._or_none(
            f"GET resourcegroups/{name}",
            lambda: self.world.azure.get_group(self._caller, self._sub, name).to_arm(),
        )

    def _get(self, rid: str) -> dict[str, Any] | None:
        return self._or_none(f"GET {rid}", lambda: self.world.azure.get(self._caller, rid).to_arm())

    def _delete(self, rid: str) -> bool:
        """DELETE; a long-running one (202: the HCI cluster, LRO_DELETE_TYPES) is waited for
        to its end, bounded, as ArmControlPlane's LROPoller does over HTTP."""
        label = f"DELETE {rid}"
        with self._call(label):
            if ResourceId.parse(rid).type.lower() not in LRO_DELETE_TYPES:
                return self.world.azure.delete(self._caller, rid)
            operation = self.world.azure.begin_delete(self._caller, rid)
        if operation is None:
            return False

        def status() -> str:
            with self._call(label):
                return self.world.azure.operation(operation.id).status

        final = wait_for(status, lambda s: s != "InProgress", label, self.budget, self._sleep)
        if final != "Succeeded":
            raise azure_error(409, "OperationFailed", f"{label} ended {final}", label)
        return True

    def _cluster_id(self, resource_group: str, name: str) -> str:
        group, cluster = checked("resource group", resource_group), checked("HCI cluster", name)
        return resource_id(self._sub, group, "Microsoft.AzureStackHCI/clusters", cluster)

    def hci_cluster(self, resource_group: str, name: str) -> dict[str, Any] | None:
        return self._get(self._cluster_id(resource_group, name))

    def arc_settings(self, resource_group: str, cluster: str) -> dict[str, Any] | None:
        return self._get(self._cluster_id(resource_group, cluster) + "/arcSettings/default")

    def delete_hci_cluster(self, resource_group: str, name: str) -> bool:
        return self._delete(self._cluster_id(resource_group, name))

    def _machine_id(self, resource_group: str, name: str) -> str:
        group, machine = checked("resource group", resource_group), checked("Arc machine", name)
        return resource_id(self._sub, group, "Microsoft.HybridCompute/machines", machine)

    def arc_machine(self, resource_group: str, name: str) -> dict[str, Any] | None:
        return self._get(self._machine_id(resource_group, name))

    def delete_arc_machine(self, resource_group: str, name: str) -> bool:
        return self._delete(self._machine_id(resource_group, name))

    def arc_gateway(self, resource_group: str, name: str) -> dict[str, Any] | None:
        group, gateway = checked("resource group", resource_group), checked("Arc gateway", name)
        return self._get(resource_id(self._sub, group, "Microsoft.HybridCompute/gateways", gateway))

    def arc_machine_extensions(self, resource_group: str, name: str) -> list[dict[str, Any]]:
        """The machine's extensions as ARM lists them, states as of the world's time."""
        machine = self._machine_id(resource_group, name)
        with self._call(f"GET {machine}/extensions"):
            self.world.settle_extensions()
            self.world.azure.get(self._caller, machine)  # 404 / 403 as ARM would answer
            prefix = machine.lower() + "/extensions/"
            return [
                r.to_arm()
                for key, r in sorted(self.world.azure.resources.items())
                if key.startswith(prefix)
            ]

    def applications(self, display_name: str) -> list[dict[str, Any]]:
        with self._call("GET applications", arm=False):
            apps = self.world.azure.apps_named(self.world.target.tenant_id, display_name)
            return [a.to_graph() for a in apps]

    def delete_application(self, object_id: str) -> bool:
        with self._call(f"DELETE applications/{object_id}", arm=False):
            for app in list(self.world.azure.apps.values()):
                if app.object_id == object_id:
                    return self.world.azure.delete_app(app.app_id)
            return False
