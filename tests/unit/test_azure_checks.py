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
from orchestrator.errors import AzureError, AzurePermissionDenied, AzureTransientError
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
    assert result.observed == (
        "not registered: Microsoft.HybridCompute (Registering), "
        "Microsoft.GuestConfiguration (NotRegistered), Microsoft.HybridConnectivity (NotRegistered)"
    )
    assert (
        "Register-AzResourceProvider -ProviderNamespace Microsoft.GuestConfiguration"
        in result.remediation
    )


def test_all_providers_registered_pass():
    plane = FakePlane(
        providers=dict.fromkeys(
            (
                "Microsoft.AzureStackHCI",
                "Microsoft.HybridCompute",
                "Microsoft.GuestConfiguration",
                "Microsoft.HybridConnectivity",
            ),
            "Registered",
        )
    )
    assert ResourceProvidersCheck().assess(_ctx(plane)).status.value == "pass"


@pytest.mark.parametrize(
    ("cloud", "region", "needs_hybrid_connectivity"),
    [("AzureCloud", "eastus", True), ("AzureUSGovernment", "usgovvirginia", False)],
)
def test_hybrid_connectivity_is_required_where_the_module_registers_it(
    cloud, region, needs_hybrid_connectivity
):
    # Register-ArcForServers registers Microsoft.HybridConnectivity only in AzureCloud
    three = ("Microsoft.AzureStackHCI", "Microsoft.HybridCompute", "Microsoft.GuestConfiguration")
    plane = FakePlane(providers=dict.fromkeys(three, "Registered"))
    result = ResourceProvidersCheck().assess(_ctx(plane, cloud=cloud, region=region))
    assert (result.status.value == "fail") is needs_hybrid_connectivity
    if needs_hybrid_connectivity:
        assert result.observed == "not registered: Microsoft.HybridConnectivity (NotRegistered)"


@pytest.mark.parametrize(
    ("locations", "status"), [(["East US"], "pass"), (["West Europe"], "fail")]
)
def test_region_must_be_offered_by_the_provider(locations, status):
    result = RegionAvailableCheck().assess(_ctx(FakePlane(locations=locations)))
    assert result.status.value == status
    if status == "fail":
        assert result.observed == "East US not offered (Azure offers: West Europe)"


def test_a_region_azure_offers_beyond_the_offline_list_passes():
    # northeurope is in no offline list: Azure's answer is what counts
    plane = FakePlane(locations=["North Europe", "East US"])
    result = RegionAvailableCheck().assess(_ctx(plane, region="North Europe"))
    assert (result.status.value, result.observed) == ("pass", "northeurope offered")


def test_a_region_in_the_offline_list_that_azure_no_longer_offers_fails():
    plane = FakePlane(locations=["West Europe"])
    result = RegionAvailableCheck().assess(_ctx(plane, region="southeastasia"))
    assert result.status.value == "fail"


@pytest.mark.parametrize(
    ("plane", "why"),
    [
        (FakePlane(locations=[]), "the provider lists no locations for clusters"),
        (
            FakePlane(fail_with=AzureTransientError(503, "ServiceUnavailable", "try later")),
            "ServiceUnavailable: try later",
        ),
    ],
)
def test_the_offline_list_is_only_a_fallback_and_says_so(plane, why):
    offered = RegionAvailableCheck().assess(_ctx(plane, region="japaneast"))
    assert offered.status.value == "warn"
    assert offered.observed == (
        "Japan East offered by the offline list as of 2024-11-25 (orchestrator/data/clouds.json); "
        f"Azure's own list could not be read ({why})"
    )
    unknown = RegionAvailableCheck().assess(_ctx(plane, region="northeurope"))
    assert unknown.status.value == "fail"
    assert unknown.observed.startswith("northeurope not in the offline list as of 2024-11-25")


def test_a_permanent_failure_reading_the_provider_is_a_failed_check():
    plane = FakePlane(fail_with=AzurePermissionDenied(403, "AuthorizationFailed", "no read"))
    result = RegionAvailableCheck().assess(_ctx(plane))
    assert (result.status.value, result.observed) == ("fail", "AuthorizationFailed: no read")
