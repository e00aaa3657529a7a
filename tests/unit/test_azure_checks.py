"""Azure pre-checks: permissions (A7), providers (A8), region (A9), read through a control plane."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from orchestrator.azure.rbac import PermissionBlock
from orchestrator.checks.azure import (
    AzureCheckContext,
    PermissionsCheck,
    RegionAvailableCheck,
    ResourceProvidersCheck,
)
from orchestrator.errors import AzureError, AzurePermissionDenied
from orchestrator.inventory.models import AzureTarget

SUB = "6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90"


@attrs.define
class FakePlane:
    """Just enough AzureControlPlane for the checks; every read can be made to fail."""

    blocks: dict[str | None, list[PermissionBlock]] = attrs.Factory(dict)
    groups: dict[str, dict[str, Any]] = attrs.Factory(dict)
    providers: dict[str, str] = attrs.Factory(dict)
    locations: list[str] = attrs.Factory(lambda: ["East US", "West Europe", "Southeast Asia"])
    fail_with: AzureError | None = None

    def _maybe_fail(self) -> None:
        if self.fail_with:
            raise self.fail_with

    def permissions(self, resource_group=None):
        self._maybe_fail()
        return self.blocks.get(resource_group, [])

    def resource_group(self, name):
        self._maybe_fail()
        return self.groups.get(name)

    def provider_state(self, namespace):
        self._maybe_fail()
        return self.providers.get(namespace, "NotRegistered")

    def provider_locations(self, namespace, resource_type):
        self._maybe_fail()
        return self.locations


def _ctx(plane, **target):
    defaults = {
        "region": "eastus",
        "subscription_id": SUB,
        "tenant_id": SUB,
        "resource_group": "hci01-rg",
    }
    return AzureCheckContext(AzureTarget(**{**defaults, **target}), plane)


def test_owner_passes_at_resource_group_scope():
    plane = FakePlane(blocks={"hci01-rg": [PermissionBlock(["*"])]}, groups={"hci01-rg": {}})
    result = PermissionsCheck().assess(_ctx(plane))
    assert (result.status.value, result.observed) == ("pass", "all required actions allowed")


def test_custom_role_without_group_write_fails_when_the_group_must_be_created():
    from orchestrator.azure.rbac import required_actions

    plane = FakePlane(
        blocks={None: [PermissionBlock(required_actions(create_resource_group=False))]}
    )
    result = PermissionsCheck().assess(_ctx(plane))
    assert result.status.value == "fail"
    assert result.observed == (
        "missing: Microsoft.Resources/subscriptions/resourceGroups/write, "
        "Microsoft.Resources/subscriptions/resourceGroups/delete"
    )
    assert "does not exist yet" in result.remediation


def test_contributor_only_misses_role_assignment_write():
    contributor = PermissionBlock(
        ["*"], ["Microsoft.Authorization/*/Write", "Microsoft.Authorization/*/Delete"]
    )
    plane = FakePlane(blocks={"hci01-rg": [contributor]}, groups={"hci01-rg": {}})
    result = PermissionsCheck().assess(_ctx(plane))
    assert result.observed == "missing: Microsoft.Authorization/roleAssignments/write"
    assert "User Access Administrator" in result.remediation


def test_a_failing_azure_call_is_a_failed_check_not_a_crash():
    plane = FakePlane(
        fail_with=AzurePermissionDenied(403, "AuthorizationFailed", "no read on the subscription")
    )
    result = PermissionsCheck().assess(_ctx(plane))
    assert (result.status.value, result.observed) == (
        "fail",
        "AuthorizationFailed: no read on the subscription",
    )


def test_unregistered_providers_are_named_with_the_command_to_fix():
    plane = FakePlane(
        providers={
            "Microsoft.AzureStackHCI": "Registered",
            "Microsoft.HybridCompute": "Registering",
        }
    )
    result = ResourceProvidersCheck().assess(_ctx(plane))
    assert (
        result.observed
        == "not registered: Microsoft.HybridCompute (Registering), Microsoft.GuestConfiguration (NotRegistered)"
    )
    assert (
        "Register-AzResourceProvider -ProviderNamespace Microsoft.GuestConfiguration"
        in result.remediation
    )


def test_all_providers_registered_pass():
    plane = FakePlane(
        providers=dict.fromkeys(
            ("Microsoft.AzureStackHCI", "Microsoft.HybridCompute", "Microsoft.GuestConfiguration"),
            "Registered",
        )
    )
    assert ResourceProvidersCheck().assess(_ctx(plane)).status.value == "pass"


@pytest.mark.parametrize(
    ("locations", "status"), [(["East US"], "pass"), (["West Europe"], "fail"), ([], "fail")]
)
def test_region_must_be_offered_by_the_provider(locations, status):
    result = RegionAvailableCheck().assess(_ctx(FakePlane(locations=locations)))
    assert result.status.value == status
    if status == "fail":
        assert result.observed.startswith("East US not offered")
