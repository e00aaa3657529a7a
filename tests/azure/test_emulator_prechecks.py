"""Every Azure pre-check through the real ARM client and the lab's ARM emulator (HTTPS), and
the same answers as the in-process LabControlPlane gives for the same world."""

from __future__ import annotations

import pytest

from orchestrator.checks.azure import PermissionsCheck, RegionAvailableCheck, ResourceProvidersCheck
from orchestrator.checks.base import CheckResult, Status
from orchestrator.lab.arm_emulator import ArmFault, throttled
from orchestrator.lab.ca import make_lab_certificates
from orchestrator.transport.factory import Connector
from tests.azure.lab_arm import lab_world, over_https

CHECKS = (PermissionsCheck(), ResourceProvidersCheck(), RegionAvailableCheck())


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return make_lab_certificates(tmp_path_factory.mktemp("arm-ca"))


def _run(connector: Connector) -> dict[str, CheckResult]:
    return {r.check: r for check in CHECKS for r in check.evaluate(connector)}


@pytest.mark.parametrize("scenario", [None, "A7", "A8", "D5", "D6", "B3"])
def test_prechecks_over_https_agree_with_the_in_process_lab(scenario, certificates, monkeypatch):
    world = lab_world(scenario, is_registered=scenario == "B3")
    with over_https(world, certificates, monkeypatch) as lab:
        over_wire = _run(lab.connector())
        in_process = _run(lab.lab_connector())
    assert over_wire == in_process


def test_a_healthy_subscription_passes_every_azure_precheck(certificates, monkeypatch):
    with over_https(lab_world(), certificates, monkeypatch) as lab:
        results = _run(lab.connector())
        requests = list(lab.emulator.requests)
    assert {name: r.status for name, r in results.items()} == {
        "azure-permissions": Status.PASS,
        "resource-providers": Status.PASS,
        "region": Status.PASS,
    }
    # over the wire: resource group, permissions, four providers (HybridConnectivity too in
    # AzureCloud), region
    assert requests == [
        ("GET", "resourcegroup"),
        ("GET", "permissions"),
        ("GET", "provider"),
        ("GET", "provider"),
        ("GET", "provider"),
        ("GET", "provider"),
        ("GET", "provider"),
    ]


def test_a7_contributor_lacks_the_role_assignment_right(certificates, monkeypatch):
    with over_https(lab_world("A7"), certificates, monkeypatch) as lab:
        result = _run(lab.connector())["azure-permissions"]
    assert result.status is Status.FAIL
    assert "Microsoft.Authorization/roleAssignments/write" in result.observed
    assert "Owner" in (result.remediation or "")


def test_a8_unregistered_providers_are_named_with_the_command_to_register(
    certificates, monkeypatch
):
    with over_https(lab_world("A8"), certificates, monkeypatch) as lab:
        result = _run(lab.connector())["resource-providers"]
    assert result.status is Status.FAIL
    assert result.observed == (
        "not registered: Microsoft.HybridCompute (NotRegistered), "
        "Microsoft.GuestConfiguration (NotRegistered)"
    )
    assert "Register-AzResourceProvider -ProviderNamespace Microsoft.HybridCompute" in (
        result.remediation or ""
    )


def test_throttled_checks_wait_as_told_and_still_pass(certificates, monkeypatch):
    with over_https(lab_world(), certificates, monkeypatch) as lab:
        lab.emulator.faults.add(ArmFault(throttled(retry_after=9), route="provider", times=2))
        results = _run(lab.connector())
        slept = list(lab.transport.slept)
    assert results["resource-providers"].status is Status.PASS
    assert slept == [9, 9]  # Retry-After honoured, no real sleeping


def test_a_check_whose_call_keeps_failing_reports_the_service_error(certificates, monkeypatch):
    with over_https(lab_world(), certificates, monkeypatch, retry_total=1) as lab:
        lab.emulator.faults.add(ArmFault(throttled(retry_after=1), route="permissions", times=5))
        result = _run(lab.connector())["azure-permissions"]
    assert result.status is Status.FAIL
    assert result.observed.startswith("SubscriptionRequestsThrottled: Number of 'read' requests")


def test_a_caller_with_no_role_at_all_is_told_so_not_that_providers_are_unregistered(
    certificates, monkeypatch
):
    world = lab_world()
    world.azure.remove_assignments(world.target.caller_id)
    with over_https(world, certificates, monkeypatch) as lab:
        over_wire = _run(lab.connector())
        in_process = _run(lab.lab_connector())
    assert over_wire == in_process
    assert over_wire["azure-permissions"].observed.startswith("AuthorizationFailed: ")
    assert over_wire["resource-providers"].status is Status.FAIL
    assert over_wire["resource-providers"].observed.startswith("SubscriptionNotFound: ")
