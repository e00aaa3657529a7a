"""The ARM client's bounded waits, its long-running operations and its refusal of hostile path
segments, against a scripted loopback ARM (no real Azure, no real sleeping: the transport
records each sleep)."""

from __future__ import annotations

import pytest

from orchestrator.azure.arm import ArmClient
from orchestrator.azure.credentials import StaticTokenCredential
from orchestrator.azure.waits import WaitBudget, WaitCaps
from orchestrator.errors import AzureError, AzureNameRefused, AzureWaitExceeded
from orchestrator.exitcodes import ExitCode
from orchestrator.lab.ca import make_lab_certificates
from tests.azure.fake_arm import RecordingTransport, ScriptedArm

SUB = "6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90"
TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-payload.sig"
RG_PATH = f"/subscriptions/{SUB}/resourcegroups/hci01-rg"
CLUSTER = (
    f"/subscriptions/{SUB}/resourceGroups/hci01-rg/providers/Microsoft.AzureStackHCI/clusters/hci01"
)
HCI = "Microsoft.AzureStackHCI"
THROTTLED = {"error": {"code": "SubscriptionRequestsThrottled", "message": "slow down"}}


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return make_lab_certificates(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def arm(certificates):
    with ScriptedArm(certificates) as server:
        yield server


def _client(arm, caps=None, **kw):
    transport = RecordingTransport(connection_verify=str(arm.certificates.ca_path))
    budget = WaitBudget(caps or WaitCaps())
    client = ArmClient(
        arm.url, StaticTokenCredential(TOKEN), SUB, transport=transport, budget=budget, **kw
    )
    return client, transport


# --- 17.8: Retry-After and every other wait is capped, with the cap in the error --------------


def test_a_retry_after_longer_than_the_per_call_cap_is_refused_not_slept(arm):
    arm.route("GET", RG_PATH, (429, THROTTLED, {"Retry-After": "86400"}), (200, {"name": "x"}))
    client, transport = _client(arm)
    with pytest.raises(AzureWaitExceeded, match=r"86400 s.*cap of 120 s per call") as caught:
        client.resource_group("hci01-rg")
    assert transport.slept == []  # azure-core alone would have slept a day, then retried
    assert arm.hits[f"GET {RG_PATH}"] == 1
    assert caught.value.transient is False
    assert caught.value.exit_code == ExitCode.FAILED


def test_retry_afters_add_up_within_one_call(arm):
    arm.route("GET", RG_PATH, (429, THROTTLED, {"Retry-After": "70"}))
    client, transport = _client(arm)
    with pytest.raises(AzureWaitExceeded, match=r"70 s already waited.*120 s per call"):
        client.resource_group("hci01-rg")
    assert transport.slept == [70.0]


def test_the_run_cap_bounds_waits_across_calls(arm):
    arm.route(
        "GET",
        RG_PATH,
        (429, THROTTLED, {"Retry-After": "60"}),
        (200, {"name": "hci01-rg"}),
        (429, THROTTLED, {"Retry-After": "60"}),
        (200, {"name": "hci01-rg"}),
    )
    client, transport = _client(arm, WaitCaps(per_run_s=100))
    assert client.resource_group("hci01-rg") == {"name": "hci01-rg"}
    with pytest.raises(AzureWaitExceeded, match=r"cap of 100 s per run"):
        client.resource_group("hci01-rg")
    assert transport.slept == [60.0]


# --- 12.8: provider registration waits until Registered ---------------------------------------


def _provider(state):
    return (200, {"namespace": HCI, "registrationState": state})


def test_provider_registration_waits_until_registered(arm):
    arm.route("POST", f"/subscriptions/{SUB}/providers/{HCI}/register", _provider("Registering"))
    arm.route(
        "GET",
        f"/subscriptions/{SUB}/providers/{HCI}",
        _provider("Registering"),
        _provider("Registering"),
        _provider("Registered"),
    )
    client, transport = _client(arm)
    assert client.register_provider(HCI) == "Registered"
    assert transport.slept == [10.0, 10.0]
    assert arm.hits[f"GET /subscriptions/{SUB}/providers/{HCI}"] == 3


def test_provider_registration_that_never_ends_stops_at_the_operation_cap(arm):
    arm.route("POST", f"/subscriptions/{SUB}/providers/{HCI}/register", _provider("Registering"))
    arm.route("GET", f"/subscriptions/{SUB}/providers/{HCI}", _provider("Registering"))
    client, transport = _client(arm, WaitCaps(per_operation_s=35))
    with pytest.raises(AzureWaitExceeded, match=r"still Registering after 30 s.*35 s"):
        client.register_provider(HCI)
    assert transport.slept == [10.0, 10.0, 10.0]


# --- 12.8: DELETE answered 202 is polled to the end (azure-core LROPoller) --------------------


def test_a_202_delete_is_polled_through_azure_asyncoperation(arm):
    operation = f"/subscriptions/{SUB}/providers/{HCI}/locations/eastus/operationStatuses/op1"
    arm.route(
        "DELETE",
        CLUSTER,
        (
            202,
            None,
            {
                "Azure-AsyncOperation": f"{arm.url}{operation}?api-version=2023-03-01",
                "Location": f"{arm.url}{operation}?api-version=2023-03-01&result",
                "Retry-After": "5",
            },
        ),
    )
    arm.route(
        "GET",
        operation,
        (200, {"status": "InProgress"}, {"Retry-After": "5"}),
        (200, {"status": "Deleting"}),
        (200, {"status": "Succeeded"}),
    )
    client, transport = _client(arm)
    assert client.delete_hci_cluster("hci01-rg", "hci01") is True
    assert arm.hits[f"GET {operation}"] == 3
    assert transport.slept == [5.0, 10.0]  # the status's Retry-After when given, else the interval


def test_a_202_delete_with_only_a_location_is_polled_until_it_answers(arm):
    result = f"/subscriptions/{SUB}/providers/{HCI}/locations/eastus/operationResults/op2"
    arm.route("DELETE", CLUSTER, (202, None, {"Location": f"{arm.url}{result}"}))
    arm.route("GET", result, (202, None, {"Retry-After": "3"}), (204, None))
    client, transport = _client(arm)
    assert client.delete_hci_cluster("hci01-rg", "hci01") is True
    assert transport.slept == [3.0]


def test_a_failed_long_running_delete_keeps_the_service_error(arm):
    operation = f"/subscriptions/{SUB}/providers/{HCI}/locations/eastus/operationStatuses/op3"
    arm.route("DELETE", CLUSTER, (202, None, {"Azure-AsyncOperation": f"{arm.url}{operation}"}))
    failed = {
        "status": "Failed",
        "error": {"code": "ClusterDeleteFailed", "message": "arcSettings still hold nodes"},
    }
    arm.route("GET", operation, (200, failed))
    client, _ = _client(arm)
    with pytest.raises(AzureError, match="ClusterDeleteFailed") as caught:
        client.delete_hci_cluster("hci01-rg", "hci01")
    assert "arcSettings still hold nodes" in caught.value.message


def test_an_operation_that_asks_for_a_day_between_polls_is_refused(arm):
    operation = f"/subscriptions/{SUB}/providers/{HCI}/locations/eastus/operationStatuses/op4"
    arm.route("DELETE", CLUSTER, (202, None, {"Azure-AsyncOperation": f"{arm.url}{operation}"}))
    arm.route("GET", operation, (200, {"status": "InProgress"}, {"Retry-After": "86400"}))
    client, transport = _client(arm)
    with pytest.raises(AzureWaitExceeded, match="86400 s"):
        client.delete_hci_cluster("hci01-rg", "hci01")
    assert transport.slept == []


def test_an_operation_that_never_ends_stops_at_the_operation_cap(arm):
    operation = f"/subscriptions/{SUB}/providers/{HCI}/locations/eastus/operationStatuses/op5"
    arm.route("DELETE", CLUSTER, (202, None, {"Azure-AsyncOperation": f"{arm.url}{operation}"}))
    arm.route("GET", operation, (200, {"status": "InProgress"}))
    client, transport = _client(arm, WaitCaps(per_operation_s=45))
    with pytest.raises(AzureWaitExceeded, match=r"cap of 45 s per operation"):
        client.delete_hci_cluster("hci01-rg", "hci01")
    assert sum(transport.slept) <= 45


# --- 17.11: node-reported values in ARM paths are validated, never normalised -----------------

HOSTILE_GROUPS = [
    "..",
    ".",
    "hci01-rg/../../other",
    "hci01-rg/..",
    "..%2F..%2Fresourcegroups%2Fother",
    "hci01-rg?api-version=1",
    "hci01-rg#x",
    "hci01-rg.",
    "",
    "x" * 91,
    "rg\r\nHost: evil",
    "rg with space",
]


@pytest.mark.parametrize("group", HOSTILE_GROUPS)
def test_a_hostile_resource_group_is_refused_before_anything_is_sent(arm, group):
    client, _ = _client(arm)
    for call in (
        lambda: client.resource_group(group),
        lambda: client.arc_machine(group, "node1"),
        lambda: client.delete_arc_machine(group, "node1"),
        lambda: client.hci_cluster(group, "hci01"),
        lambda: client.permissions(group),
    ):
        with pytest.raises(AzureNameRefused, match="not a valid Azure resource group name") as e:
            call()
        assert e.value.exit_code == ExitCode.REFUSED
    assert arm.calls == []


@pytest.mark.parametrize("name", ["..", ".", "node1/../node2", "node1%2f..", "node 1", "n" * 55])
def test_a_hostile_machine_name_is_refused(arm, name):
    client, _ = _client(arm)
    with pytest.raises(AzureNameRefused, match="Arc machine"):
        client.delete_arc_machine("hci01-rg", name)
    assert arm.calls == []


@pytest.mark.parametrize("name", ["..", "hci01/arcSettings/default", "hci01?x", "hci01."])
def test_a_hostile_cluster_name_is_refused(arm, name):
    client, _ = _client(arm)
    with pytest.raises(AzureNameRefused, match="HCI cluster"):
        client.delete_hci_cluster("hci01-rg", name)
    assert arm.calls == []


def test_valid_names_the_rules_allow_are_sent_as_they_are(arm):
    client, _ = _client(arm)
    assert client.resource_group("Rg_(prod).été-1") is None  # 404 from the scripted ARM
    assert client.arc_machine("hci01-rg", "node-1.contoso_x") is None
    assert len(arm.calls) == 2
