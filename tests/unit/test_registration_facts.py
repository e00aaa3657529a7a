"""Get-AzureStackHCI as Az.StackHCI reads it: one "registered" decision, the coordinates from
AzureResourceUri, and the cloud/tenant comparison that only Azure can answer (issue 12.1, 12.2)."""

from __future__ import annotations

from typing import Any

import pytest

from orchestrator.azure.hci_target import HciTarget, compare_in_azure
from orchestrator.errors import AzureError
from orchestrator.facts.hci import Registration
from orchestrator.facts.modules import IdentityModel, module_version

URI = (
    "/subscriptions/6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90/resourceGroups/hci01-rg"
    "/providers/Microsoft.AzureStackHCI/clusters/hci01"
)
TARGET = HciTarget(
    cloud="AzureCloud",
    subscription_id="6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90",
    tenant_id="11111111-2222-4333-8444-555555555555",
    region="eastus",
    resource_group="hci01-rg",
    resource_name="hci01",
    arc_resource_group="hci01-rg",
    explicit_arc_group=False,
)


@pytest.mark.parametrize(
    ("status", "uri", "next_sync", "registered"),
    [
        ("NotYet", None, None, False),
        ("Registered", URI, "2026-12-06T21:00:00+00:00", True),
        # never registered within 30 days of installation, or just unregistered
        ("OutOfPolicy", None, None, False),
        # registered, out of policy (C8): the resource is still recorded
        ("OutOfPolicy", URI, "2026-12-06T21:00:00+00:00", True),
    ],
)
def test_registered_is_decided_from_status_uri_and_next_sync(
    status: str, uri: str | None, next_sync: str | None, registered: bool
) -> None:
    reg = Registration(status=status, connection="NotYet", resource_uri=uri, next_sync=next_sync)
    assert reg.registered is registered


def test_the_coordinates_come_from_azure_resource_uri_as_the_module_splits_it() -> None:
    reg = Registration(status="Registered", connection="Connected", resource_uri=URI)
    assert (reg.subscription_id, reg.resource_group, reg.recorded_name) == (
        "6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90",
        "hci01-rg",
        "hci01",
    )
    assert Registration(status="OutOfPolicy", connection="NotYet").subscription_id is None


class _Plane:
    def __init__(self, answer: Any) -> None:
        self.answer = answer

    def hci_cluster(self, resource_group: str, name: str) -> Any:
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


REG = Registration(status="Registered", connection="Connected", resource_uri=URI)


@pytest.mark.parametrize(
    ("error", "field"),
    [
        (AzureError(401, "InvalidAuthenticationTokenTenant", "wrong issuer"), "azure.tenant_id"),
        (AzureError(404, "SubscriptionNotFound", "could not be found"), "azure.cloud"),
    ],
)
def test_arm_placing_the_subscription_elsewhere_is_a_mismatch(
    error: AzureError, field: str
) -> None:
    found = compare_in_azure(_Plane(error), TARGET, REG)  # type: ignore[arg-type]
    assert [m[0] for m in found.mismatches] == [field]
    assert found.not_compared is None


def test_a_read_azure_refuses_leaves_cloud_and_tenant_uncompared_and_says_so() -> None:
    denied = AzureError(403, "AuthorizationFailed", "no read on the cluster")
    found = compare_in_azure(_Plane(denied), TARGET, REG)  # type: ignore[arg-type]
    assert found.mismatches == ()
    assert (
        found.note == "cloud and tenant NOT compared: AuthorizationFailed: no read on the cluster"
    )


def test_a_resource_gone_still_places_the_subscription_and_a_recorded_tenant_is_compared() -> None:
    gone = compare_in_azure(_Plane(None), TARGET, REG)  # type: ignore[arg-type]
    assert (gone.mismatches, gone.not_compared) == ((), None)
    other = {"properties": {"aadTenantId": "99999999-2222-4333-8444-555555555555"}}
    found = compare_in_azure(_Plane(other), TARGET, REG)  # type: ignore[arg-type]
    assert found.mismatches == (
        ("azure.tenant_id", "99999999-2222-4333-8444-555555555555", TARGET.tenant_id),
    )


@pytest.mark.parametrize(
    ("version", "arc_app", "cluster_app", "keeps"),
    [
        ("1.4.3", True, True, False),
        ("2.1.2", True, True, False),
        ("2.2.3", False, True, False),
        ("2.6.0", False, True, False),
        ("2.6.3", False, False, True),
    ],
)
def test_the_identity_model_follows_the_changelog(
    version: str, arc_app: bool, cluster_app: bool, keeps: bool
) -> None:
    model = IdentityModel(version)
    assert (model.arc_app, model.cluster_app, model.keeps_arc_machines) == (
        arc_app,
        cluster_app,
        keeps,
    )


def test_the_module_version_is_the_highest_on_the_module_path() -> None:
    from orchestrator.lab.transport import LabTransport
    from orchestrator.lab.world import LabWorld

    world = LabWorld(seed=1)
    world.configure_target(cluster="hci01")
    world.add_node("node1").modules["Az.StackHCI"] = "2.1.2"
    session = LabTransport(world).open("node1")
    assert module_version(session, "Az.StackHCI") == "2.1.2"
    assert module_version(session, "Az.Nothing") is None


def test_a_bad_lab_module_version_is_an_input_error_naming_the_field() -> None:
    from orchestrator.inventory.models import FieldError, LabSpec

    with pytest.raises(FieldError) as raised:
        LabSpec(module_version="2.x")
    assert "MAJOR.MINOR.PATCH" in str(raised.value)
