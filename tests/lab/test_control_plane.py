"""The lab's Azure through the AzureControlPlane protocol, as flows and pre-checks see it."""

from __future__ import annotations

import pytest

from orchestrator.azure.rbac import missing, required_actions
from orchestrator.checks.azure import PermissionsCheck, ResourceProvidersCheck
from orchestrator.errors import AzurePermissionDenied
from orchestrator.inventory import parse_inventory
from orchestrator.transport.factory import connect
from tests.conftest import base_inventory


def _connector(scenario: str | None = None):
    data = base_inventory()
    if scenario:
        data["lab"]["scenario"] = scenario
    return connect(parse_inventory(data, "lab.yaml"))


def test_operator_is_owner_in_a_healthy_lab():
    plane = _connector().azure()
    blocks = plane.permissions("hci01-rg")
    assert missing(blocks, required_actions(create_resource_group=True)) == []
    assert plane.resource_group("hci01-rg")["name"] == "hci01-rg"
    assert plane.resource_group("nope-rg") is None
    assert plane.hci_cluster("hci01-rg", "hci01") is None


def test_contributor_operator_misses_role_assignment_write_a7():
    connector = _connector("A7")
    [result] = PermissionsCheck().evaluate(connector)
    assert result.status.value == "fail"
    assert "Microsoft.Authorization/roleAssignments/write" in result.observed


def test_unregistered_providers_a8():
    [result] = ResourceProvidersCheck().evaluate(_connector("A8"))
    assert result.status.value == "fail"
    assert "Microsoft.HybridCompute" in result.observed


def test_registering_a_provider_without_the_right_is_denied_a8():
    plane = _connector("A8").azure()
    with pytest.raises(AzurePermissionDenied, match="AuthorizationFailed"):
        plane.register_provider("Microsoft.HybridCompute")


def test_access_token_is_for_the_operator_and_absent_from_reprs():
    plane = _connector().azure()
    token, account = plane.access_token()
    assert account == "hciadmin@contoso.onmicrosoft.com"
    assert token not in repr(plane)
