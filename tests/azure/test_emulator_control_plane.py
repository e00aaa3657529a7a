"""Each AzureControlPlane method through the real ARM/Graph client against the lab's ARM
emulator over HTTPS: the same answers and the same errors as the in-process LabControlPlane,
throttling with Retry-After, denied permissions, missing provider registrations, bad tokens
and injected faults."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from orchestrator.azure.control_plane import ArmControlPlane
from orchestrator.errors import (
    AzureAuthenticationFailed,
    AzureConflict,
    AzureError,
    AzurePermissionDenied,
    AzureProviderNotRegistered,
    AzureTransientError,
)
from orchestrator.lab.arm_emulator import ArmEmulator, ArmFault, ErrorReply, throttled
from orchestrator.lab.ca import make_lab_certificates
from orchestrator.lab.control_plane import LabControlPlane
from orchestrator.lab.texts import ARM_NOT_REGISTERED
from tests.azure.lab_arm import TOKEN_ENV, lab_world, over_https

RG = "hci01-rg"
HCI = "Microsoft.AzureStackHCI"
ARC = "Microsoft.HybridCompute"


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return make_lab_certificates(tmp_path_factory.mktemp("arm-ca"))


# (label, call) pairs: every read the flows make, on things that exist and things that do not.
READS: list[tuple[str, Any]] = [
    ("permissions at the subscription", lambda p: p.permissions()),
    ("permissions at the resource group", lambda p: p.permissions(RG)),
    ("provider registered", lambda p: p.provider_state(HCI)),
    ("provider unknown", lambda p: p.provider_state("Contoso.Nothing")),
    ("provider locations", lambda p: p.provider_locations(HCI, "clusters")),
    ("resource group", lambda p: p.resource_group(RG)),
    ("resource group missing", lambda p: p.resource_group("no-such-rg")),
    ("cluster", lambda p: p.hci_cluster(RG, "hci01")),
    ("cluster missing", lambda p: p.hci_cluster(RG, "hci99")),
    ("arcSettings", lambda p: p.arc_settings(RG, "hci01")),
    ("machine", lambda p: p.arc_machine(RG, "node2")),
    ("machine missing", lambda p: p.arc_machine(RG, "node9")),
    ("applications", lambda p: p.applications("hci01")),
    ("arc application", lambda p: p.applications("HCI01.arc")),
    ("no application", lambda p: p.applications("nothing")),
    ("account of the token", lambda p: p.access_token()[1]),
]


@pytest.mark.parametrize(("label", "call"), READS, ids=[label for label, _ in READS])
def test_reads_over_https_agree_with_the_in_process_lab(label, call, certificates, monkeypatch):
    world = lab_world(is_registered=True)
    with over_https(world, certificates, monkeypatch) as lab:
        over_wire = call(lab.plane)
    assert over_wire == call(LabControlPlane(world))


def test_a_registered_cluster_reads_with_arm_shapes(certificates, monkeypatch):
    with over_https(lab_world(is_registered=True), certificates, monkeypatch) as lab:
        cluster = lab.plane.hci_cluster(RG, "hci01")
        machine = lab.plane.arc_machine(RG, "node1")
        group = lab.plane.resource_group(RG)
        (app,) = lab.plane.applications("hci01")
    assert cluster is not None
    assert machine is not None
    assert group is not None
    assert cluster["type"] == "Microsoft.AzureStackHCI/clusters"
    assert cluster["id"].endswith(f"/resourceGroups/{RG}/providers/{HCI}/clusters/hci01")
    assert machine["type"] == "Microsoft.HybridCompute/machines"
    assert group["type"] == "Microsoft.Resources/resourceGroups"
    assert set(app) >= {"id", "appId", "displayName"}


# (label, call, second call's answer): every change the cleanup makes, twice (idempotent).
CHANGES: list[tuple[str, Any]] = [
    ("register provider", lambda p: p.register_provider(ARC)),
    ("delete cluster", lambda p: p.delete_hci_cluster(RG, "hci01")),
    ("delete machine", lambda p: p.delete_arc_machine(RG, "node3")),
    (
        "delete application",
        lambda p: [p.delete_application(a["id"]) for a in p.applications("hci01")],
    ),
]


def _azure_state(world: Any) -> tuple[object, ...]:
    azure = world.azure
    sub = azure.subscriptions[world.target.subscription_id]
    return (sorted(azure.resources), sorted(azure.apps), dict(sub.providers))


@pytest.mark.parametrize(("label", "change"), CHANGES, ids=[label for label, _ in CHANGES])
def test_changes_over_https_do_what_the_in_process_lab_does(
    label, change, certificates, monkeypatch
):
    served, in_process = lab_world("D6", is_registered=True), lab_world("D6", is_registered=True)
    with over_https(served, certificates, monkeypatch) as lab:
        first, again = change(lab.plane), change(lab.plane)
    lab_plane = LabControlPlane(in_process)
    assert (first, again) == (change(lab_plane), change(lab_plane))
    assert _azure_state(served) == _azure_state(in_process)
    assert _azure_state(served) != _azure_state(lab_world("D6", is_registered=True))


def test_deleting_a_cluster_takes_its_arc_settings_and_is_idempotent(certificates, monkeypatch):
    with over_https(lab_world(is_registered=True), certificates, monkeypatch) as lab:
        assert lab.plane.delete_hci_cluster(RG, "hci01") is True
        assert lab.plane.arc_settings(RG, "hci01") is None
        assert lab.plane.delete_hci_cluster(RG, "hci01") is False


def test_permission_entries_are_paged_with_next_link(certificates, monkeypatch):
    world = lab_world()
    caller = world.target.caller_id
    for role in ("Reader", "User Access Administrator"):
        world.azure.assign_role(caller, role, f"/subscriptions/{world.target.subscription_id}")
    with over_https(world, certificates, monkeypatch, page_size=1) as lab:
        blocks = lab.plane.permissions()
        pages = lab.emulator.requests.count(("GET", "permissions"))
    assert [b.actions for b in blocks] == [
        ("*",),
        ("*/read",),
        ("*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"),
    ]
    assert pages == 3


# --- throttling and transient faults -------------------------------------------------------------


def test_throttling_is_waited_out_as_retry_after_says(certificates, monkeypatch):
    with over_https(lab_world(is_registered=True), certificates, monkeypatch) as lab:
        lab.emulator.faults.add(ArmFault(throttled(retry_after=17), route="machine", times=3))
        machine = lab.plane.arc_machine(RG, "node1")
        assert lab.transport.slept == [17, 17, 17]
        assert lab.emulator.requests.count(("GET", "machine")) == 4
    assert machine is not None
    assert machine["name"] == "node1"


def test_throttling_that_outlasts_the_retries_is_a_transient_error(certificates, monkeypatch):
    with over_https(lab_world(), certificates, monkeypatch, retry_total=2) as lab:
        lab.emulator.faults.add(ArmFault(throttled(retry_after=3), times=10))  # every route
        with pytest.raises(AzureTransientError) as raised:
            lab.plane.applications("hci01")
        assert lab.transport.slept == [3, 3]
    assert raised.value.status == 429
    assert raised.value.code == "TooManyRequests"  # Graph's code; ARM says SubscriptionRequests...


def test_a_server_error_is_retried_after_a_back_off(certificates, monkeypatch):
    with over_https(lab_world(is_registered=True), certificates, monkeypatch) as lab:
        lab.emulator.faults.add(ArmFault(ErrorReply(503), route="cluster", method="GET", times=2))
        cluster = lab.plane.hci_cluster(RG, "hci01")
        # azure-core retries the first failure at once, then backs off (recorded, not slept)
        assert len(lab.transport.slept) == 1
        assert lab.emulator.requests.count(("GET", "cluster")) == 3
    assert cluster is not None


def test_a_delete_whose_answer_is_lost_is_retried_safely(certificates, monkeypatch):
    world = lab_world(is_registered=True)
    with over_https(world, certificates, monkeypatch) as lab:
        # the machine is deleted, then the answer is a 500; the retry finds nothing to delete
        lab.emulator.faults.add(
            ArmFault(ErrorReply(500, phase="after"), route="machine", method="DELETE")
        )
        assert lab.plane.delete_arc_machine(RG, "node2") is False
        assert lab.plane.arc_machine(RG, "node2") is None
    assert lab.emulator.requests.count(("DELETE", "machine")) == 2


# --- denied, unregistered, conflicts ---------------------------------------------------------------


def _same_error(call: Any, plane: ArmControlPlane, lab_plane: LabControlPlane) -> AzureError:
    with pytest.raises(AzureError) as over_wire:
        call(plane)
    with pytest.raises(AzureError) as in_process:
        call(lab_plane)
    assert type(over_wire.value) is type(in_process.value)
    assert (over_wire.value.status, over_wire.value.code, over_wire.value.message) == (
        in_process.value.status,
        in_process.value.code,
        in_process.value.message,
    )
    return over_wire.value


def test_a8_registering_a_provider_without_the_right_is_denied(certificates, monkeypatch):
    world = lab_world("A8")
    with over_https(world, certificates, monkeypatch) as lab:
        error = _same_error(lambda p: p.register_provider(ARC), lab.plane, LabControlPlane(world))
    assert isinstance(error, AzurePermissionDenied)
    assert error.code == "AuthorizationFailed"
    assert "'Microsoft.HybridCompute/register/action'" in error.message
    assert world.azure.provider_state(world.target.subscription_id, ARC) == "NotRegistered"


def test_a_reader_cannot_delete_the_cluster(certificates, monkeypatch):
    world = lab_world(is_registered=True)
    caller, sub = world.target.caller_id, world.target.subscription_id
    world.azure.remove_assignments(caller)
    world.azure.assign_role(caller, "Reader", f"/subscriptions/{sub}")
    with over_https(world, certificates, monkeypatch) as lab:
        error = _same_error(
            lambda p: p.delete_hci_cluster(RG, "hci01"), lab.plane, LabControlPlane(world)
        )
        assert lab.plane.hci_cluster(RG, "hci01") is not None  # reading is allowed
    assert isinstance(error, AzurePermissionDenied)
    assert "'Microsoft.AzureStackHCI/clusters/delete'" in error.message
    assert "hciadmin@contoso.onmicrosoft.com" in error.message


def test_d5_onboarding_principal_without_its_role_is_denied(certificates, monkeypatch):
    world = lab_world("D5", is_registered=True)
    (app,) = world.azure.apps_named(world.target.tenant_id, "arc-onboarding")
    token = world.azure.issue_token(app.sp_object_id, world.target.tenant_id)
    with over_https(world, certificates, monkeypatch, token=token) as lab:
        with pytest.raises(AzurePermissionDenied) as denied:
            lab.plane.arc_machine(RG, "node1")
        assert lab.plane.access_token()[1] == app.app_id  # a service principal's -AccountId
    assert denied.value.code == "AuthorizationFailed"
    assert f"object id '{app.sp_object_id}'" in denied.value.message
    assert "'Microsoft.HybridCompute/machines/read'" in denied.value.message


def test_d6_missing_registration_is_seen_then_registered(certificates, monkeypatch):
    world = lab_world("D6")
    with over_https(world, certificates, monkeypatch) as lab:
        assert lab.plane.provider_state(ARC) == "NotRegistered"
        assert lab.plane.register_provider(ARC) == "Registered"
        assert lab.plane.provider_state(ARC) == "Registered"


def test_missing_subscription_registration_and_conflict_map_to_their_errors(
    certificates, monkeypatch
):
    not_registered = ErrorReply(
        409, "MissingSubscriptionRegistration", ARM_NOT_REGISTERED.format(namespace=HCI)
    )
    with over_https(lab_world(is_registered=True), certificates, monkeypatch) as lab:
        lab.emulator.faults.add(ArmFault(not_registered, route="cluster"))
        lab.emulator.faults.add(ArmFault(ErrorReply(409), route="machine", method="DELETE"))
        with pytest.raises(AzureProviderNotRegistered) as unregistered:
            lab.plane.hci_cluster(RG, "hci01")
        with pytest.raises(AzureConflict) as conflict:
            lab.plane.delete_arc_machine(RG, "node1")
        assert lab.plane.arc_machine(RG, "node1") is not None  # "before": nothing was deleted
    assert "not registered to use namespace 'Microsoft.AzureStackHCI'" in unregistered.value.message
    assert conflict.value.code == "Conflict"


def test_injected_denials_and_not_found_have_the_services_codes(certificates, monkeypatch):
    with over_https(lab_world(is_registered=True), certificates, monkeypatch) as lab:
        faults = lab.emulator.faults
        faults.add(ArmFault(ErrorReply(403), route="applications"))
        faults.add(ArmFault(ErrorReply(403), route="cluster", method="DELETE"))
        faults.add(ArmFault(ErrorReply(404), route="cluster", method="GET"))
        with pytest.raises(AzurePermissionDenied) as graph_denied:
            lab.plane.applications("hci01")
        with pytest.raises(AzurePermissionDenied) as arm_denied:
            lab.plane.delete_hci_cluster(RG, "hci01")
        assert lab.plane.hci_cluster(RG, "hci01") is None  # the injected 404
        assert lab.plane.hci_cluster(RG, "hci01") is not None  # used once
    assert graph_denied.value.code == "Authorization_RequestDenied"
    assert arm_denied.value.code == "AuthorizationFailed"
    assert "'Microsoft.AzureStackHCI/clusters/delete'" in arm_denied.value.message


# --- tokens ---------------------------------------------------------------------------------------


def test_an_expired_token_is_refused_without_retrying(certificates, monkeypatch):
    world = lab_world()
    token = world.caller_token(lifetime_s=60)
    world.azure.clock.advance(61)
    with over_https(world, certificates, monkeypatch, token=token) as lab:
        with pytest.raises(AzureAuthenticationFailed) as refused:
            lab.plane.permissions()
        assert lab.emulator.requests == [("GET", "permissions")]
    assert refused.value.code == "ExpiredAuthenticationToken"
    assert token not in str(refused.value)


def test_a_token_the_world_never_issued_is_invalid(certificates, monkeypatch):
    with over_https(lab_world(), certificates, monkeypatch, token="eyJ.forged.token") as lab:
        with pytest.raises(AzureAuthenticationFailed) as refused:
            lab.plane.provider_state(HCI)
        with pytest.raises(AzureAuthenticationFailed):
            lab.plane.applications("hci01")  # Graph checks the token too
    assert refused.value.code == "InvalidAuthenticationToken"


def test_a_token_from_another_tenant_names_the_right_authority(certificates, monkeypatch):
    world = lab_world("B4")  # the operator is also a guest in a second tenant
    other = next(t for t in world.azure.tenants if t != world.target.tenant_id)
    token = world.azure.issue_token(world.target.caller_id, other)
    with (
        over_https(world, certificates, monkeypatch, token=token) as lab,
        pytest.raises(AzureAuthenticationFailed) as refused,
    ):
        lab.plane.resource_group(RG)
    assert refused.value.code == "InvalidAuthenticationTokenTenant"
    assert f"https://login.windows.net/{world.target.tenant_id}" in refused.value.message


def test_an_injected_401_is_an_authentication_failure(certificates, monkeypatch):
    with over_https(lab_world(), certificates, monkeypatch) as lab:
        lab.emulator.faults.add(ArmFault(ErrorReply(401), route="resourcegroup"))
        with pytest.raises(AzureAuthenticationFailed):
            lab.plane.resource_group(RG)
        assert lab.plane.resource_group(RG) is not None


# --- the wire itself ------------------------------------------------------------------------------


def test_requests_without_api_version_or_token_are_refused_as_arm_does(certificates):
    world = lab_world()
    with ArmEmulator(world, certificates=certificates) as emulator:
        url = f"{emulator.url}/subscriptions/{world.target.subscription_id}/resourcegroups/{RG}"
        verify = str(emulator.ca_path)
        no_version = requests.get(url, verify=verify, timeout=5)
        no_token = requests.get(url, params={"api-version": "2021-04-01"}, verify=verify, timeout=5)
        unknown = requests.get(f"{emulator.url}/nothing", verify=verify, timeout=5)
    assert no_version.status_code == 400
    assert no_version.json()["error"]["code"] == "MissingApiVersionParameter"
    assert no_token.status_code == 401
    assert no_token.json()["error"] == {
        "code": "AuthenticationFailed",
        "message": "Authentication failed. The 'Authorization' header is missing.",
    }
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == "UnsupportedRoute"


def test_the_emulator_certificate_is_not_trusted_without_the_lab_ca(certificates, monkeypatch):
    world = lab_world()
    with ArmEmulator(world, certificates=certificates) as emulator:
        monkeypatch.setenv(TOKEN_ENV, world.caller_token())
        target = emulator.target(TOKEN_ENV)
        untrusting = ArmControlPlane.for_target(target, ca_bundle=None, retry_total=0)
        with pytest.raises(AzureError) as refused:
            untrusting.provider_state(HCI)
        assert ArmControlPlane.for_target(target).provider_state(HCI) == "Registered"
    assert refused.value.code == "TLSValidationFailed"


def test_fault_rules_are_validated():
    with pytest.raises(ValueError, match="route"):
        ArmFault(ErrorReply(500), route="subscriptions")
    with pytest.raises(ValueError, match="400-599"):
        ErrorReply(200)


def test_the_emulator_removes_its_own_ca_when_it_stops(tmp_path):
    with ArmEmulator(lab_world(), state_dir=tmp_path) as emulator:
        ca = emulator.ca_path
        assert ca.exists()
    assert not ca.exists()
    assert list(tmp_path.iterdir()) == []


def test_stopping_is_quick(certificates):
    import time

    emulator = ArmEmulator(lab_world(), certificates=certificates).start()
    started = time.monotonic()
    emulator.stop()
    assert time.monotonic() - started < 1.0


# --- Arc machine extensions (Machine Extensions - List) ------------------------------------------


def test_machine_extensions_are_listed_over_https_like_the_in_process_lab(
    certificates, monkeypatch
):
    """GET .../machines/{name}/extensions (azure-rest-api-specs hybridcompute
    stable/2022-03-10 examples/LISTExtension.json): `value` of MachineExtension resources,
    paged by nextLink; an extension whose install time has passed is reported settled, as the
    in-process plane reports it; a missing machine is ARM's 404."""
    world = lab_world(is_registered=True)
    machine = LabControlPlane(world).arc_machine(RG, "node2")
    assert machine is not None
    node = world.node("node2")
    for name, publisher, kind in (
        ("AzureEdgeLifecycleManager", "Microsoft.AzureStack.Orchestration", "LcmController"),
        ("AzureEdgeRemoteSupport", "Microsoft.AzureStack.Observability", "EdgeRemoteSupport"),
    ):
        rid = f"{machine['id']}/extensions/{name}"
        world.azure.put(
            world.target.caller_id,
            rid,
            location="eastus",
            properties={"publisher": publisher, "type": kind, "provisioningState": "Creating"},
        )
    node.extensions_pending[f"{machine['id']}/extensions/AzureEdgeRemoteSupport".lower()] = (
        world.now()  # installed by now: the next read reports it settled
    )

    with over_https(world, certificates, monkeypatch, page_size=1) as lab:
        listed = lab.plane.arc_machine_extensions(RG, "node2")
        pages = lab.emulator.requests.count(("GET", "extensions"))
        with pytest.raises(AzureError) as missing:
            lab.plane.arc_machine_extensions(RG, "node9")

    assert listed == LabControlPlane(world).arc_machine_extensions(RG, "node2")
    assert pages == 2  # one extension per page, then no nextLink
    states = {e["name"]: e["properties"]["provisioningState"] for e in listed}
    assert states == {
        "AzureEdgeLifecycleManager": "Creating",
        "AzureEdgeRemoteSupport": "Succeeded",
    }
    assert {e["type"] for e in listed} == {"Microsoft.HybridCompute/machines/extensions"}
    assert listed[0]["properties"]["publisher"] == "Microsoft.AzureStack.Orchestration"
    assert missing.value.status == 404


def test_the_arc_gateway_is_read_over_https_like_the_in_process_lab(certificates, monkeypatch):
    """Gateways - Get (azure-rest-api-specs hybridcompute stable/2024-07-10
    examples/gateway/Gateway_Get.json): the F scenarios' gateway, its gatewayEndpoint, and
    None for a gateway that does not exist."""
    world = lab_world("F1")
    with over_https(world, certificates, monkeypatch) as lab:
        gateway = lab.plane.arc_gateway("arcgw-rg", "arcgw")
        missing = lab.plane.arc_gateway("arcgw-rg", "nogw")
    assert gateway == LabControlPlane(world).arc_gateway("arcgw-rg", "arcgw")
    assert gateway is not None
    assert gateway["type"] == "Microsoft.HybridCompute/gateways"
    assert gateway["properties"]["gatewayEndpoint"].endswith(".gw.arc.azure.com")
    assert gateway["properties"]["provisioningState"] == "Succeeded"
    assert missing is None
