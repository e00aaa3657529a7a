"""The ARM/Graph client over real HTTP: shapes, error mapping, Retry-After, no token leaks."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from orchestrator.azure.arm import ArmClient, GraphClient
from orchestrator.azure.credentials import StaticTokenCredential, credential_for
from orchestrator.errors import (
    AzureAuthenticationFailed,
    AzureError,
    AzurePermissionDenied,
    AzureProviderNotRegistered,
    AzureTransientError,
    InputError,
)
from orchestrator.lab.ca import make_lab_certificates
from tests.azure.fake_arm import RecordingTransport, ScriptedArm

SUB = "6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90"
TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-payload.sig"


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    return make_lab_certificates(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def arm(certificates):
    with ScriptedArm(certificates) as server:
        yield server


def _client(arm, **kw):
    transport = RecordingTransport(connection_verify=str(arm.certificates.ca_path))
    client = ArmClient(arm.url, StaticTokenCredential(TOKEN), SUB, transport=transport, **kw)
    return client, transport


def test_permissions_follow_next_link_and_send_the_bearer_token(arm):
    path = f"/subscriptions/{SUB}/providers/Microsoft.Authorization/permissions"
    arm.route(
        "GET",
        path,
        (
            200,
            {"value": [{"actions": ["*/read"], "notActions": []}], "nextLink": f"{arm.url}/page2"},
        ),
    )
    arm.route(
        "GET",
        "/page2",
        (200, {"value": [{"actions": ["Microsoft.Authorization/*"], "notActions": []}]}),
    )
    client, _ = _client(arm)
    blocks = client.permissions()
    assert [b.actions for b in blocks] == [("*/read",), ("Microsoft.Authorization/*",)]
    _method, url, headers = arm.calls[0]
    assert url.endswith("api-version=2022-04-01")
    assert headers["Authorization"] == f"Bearer {TOKEN}"


def test_resource_group_scope(arm):
    arm.route(
        "GET",
        f"/subscriptions/{SUB}/resourceGroups/hci01-rg/providers/Microsoft.Authorization/permissions",
        (200, {"value": []}),
    )
    client, _ = _client(arm)
    assert client.permissions("hci01-rg") == []


def test_throttling_honours_retry_after_then_succeeds(arm):
    path = f"/subscriptions/{SUB}/providers/Microsoft.HybridCompute"
    arm.route(
        "GET",
        path,
        (429, {"error": {"code": "TooManyRequests", "message": "slow down"}}, {"Retry-After": "7"}),
        (200, {"namespace": "Microsoft.HybridCompute", "registrationState": "Registered"}),
    )
    client, transport = _client(arm)
    assert client.provider_state("Microsoft.HybridCompute") == "Registered"
    assert transport.slept == [7.0]
    assert arm.hits[f"GET {path}"] == 2


def test_persistent_5xx_becomes_a_transient_error_after_the_pipeline_retries(arm):
    path = f"/subscriptions/{SUB}/resourcegroups/hci01-rg"
    arm.route("GET", path, (503, {"error": {"code": "ServiceUnavailable", "message": "try later"}}))
    client, transport = _client(arm, retry_total=2)
    with pytest.raises(AzureTransientError, match="503 ServiceUnavailable") as caught:
        client.resource_group("hci01-rg")
    assert caught.value.transient is True
    assert arm.hits[f"GET {path}"] == 3  # the first try and retry_total=2 retries
    assert transport.slept  # backed off between them (recorded, not slept)


def test_provider_registration_is_retried_after_a_5xx(arm):
    path = f"/subscriptions/{SUB}/providers/Microsoft.AzureStackHCI/register"
    arm.route(
        "POST",
        path,
        (503, {"error": {"code": "ServiceUnavailable", "message": "busy"}}),
        (200, {"namespace": "Microsoft.AzureStackHCI", "registrationState": "Registered"}),
    )
    client, _ = _client(arm)
    assert client.register_provider("Microsoft.AzureStackHCI") == "Registered"
    assert arm.hits[f"POST {path}"] == 2


def test_permission_denied_keeps_the_arm_code_and_message(arm):
    path = f"/subscriptions/{SUB}/resourceGroups/hci01-rg/providers/Microsoft.HybridCompute/machines/node1"
    message = (
        "The client 'ops@contoso.com' with object id '1' does not have authorization to perform action "
        "'Microsoft.HybridCompute/machines/read' over scope '/subscriptions/x' or the scope is invalid."
    )
    arm.route("GET", path, (403, {"error": {"code": "AuthorizationFailed", "message": message}}))
    client, _ = _client(arm)
    with pytest.raises(AzurePermissionDenied) as caught:
        client.arc_machine("hci01-rg", "node1")
    assert caught.value.code == "AuthorizationFailed"
    assert "Microsoft.HybridCompute/machines/read" in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_missing_provider_registration(arm):
    path = f"/subscriptions/{SUB}/resourceGroups/hci01-rg/providers/Microsoft.AzureStackHCI/clusters/hci01"
    arm.route(
        "GET",
        path,
        (
            409,
            {
                "error": {
                    "code": "MissingSubscriptionRegistration",
                    "message": "The subscription is not registered to use namespace 'Microsoft.AzureStackHCI'.",
                }
            },
        ),
    )
    client, _ = _client(arm)
    with pytest.raises(AzureProviderNotRegistered, match="not registered to use namespace"):
        client.hci_cluster("hci01-rg", "hci01")


def test_401_is_an_authentication_failure(arm):
    arm.route(
        "GET",
        f"/subscriptions/{SUB}/resourcegroups/rg",
        (
            401,
            {
                "error": {
                    "code": "InvalidAuthenticationToken",
                    "message": "The access token is invalid.",
                }
            },
        ),
    )
    client, _ = _client(arm)
    with pytest.raises(AzureAuthenticationFailed, match="InvalidAuthenticationToken"):
        client.resource_group("rg")


def test_missing_resources_read_as_none_and_deletes_are_idempotent(arm):
    client, _ = _client(arm)
    assert client.hci_cluster("hci01-rg", "hci01") is None
    assert client.arc_machine("hci01-rg", "node1") is None
    path = f"/subscriptions/{SUB}/resourceGroups/hci01-rg/providers/Microsoft.HybridCompute/machines/node1"
    arm.route("DELETE", path, (200, None), (204, None))
    assert client.delete_arc_machine("hci01-rg", "node1") is True
    assert client.delete_arc_machine("hci01-rg", "node1") is False


def test_provider_locations_for_the_region_check(arm):
    arm.route(
        "GET",
        f"/subscriptions/{SUB}/providers/Microsoft.AzureStackHCI",
        (
            200,
            {
                "registrationState": "Registered",
                "resourceTypes": [
                    {
                        "resourceType": "clusters",
                        "locations": ["East US", "West Europe", "Southeast Asia"],
                    }
                ],
            },
        ),
    )
    client, _ = _client(arm)
    assert client.provider_locations("Microsoft.AzureStackHCI", "clusters") == [
        "East US",
        "West Europe",
        "Southeast Asia",
    ]


def test_graph_finds_and_deletes_app_registrations(arm):
    arm.route(
        "GET",
        "/v1.0/applications",
        (
            200,
            {
                "value": [
                    {
                        "id": "0b1e6a52-7f35-4c2e-9d0a-3f1c8e2b4a10",
                        "appId": "app-1",
                        "displayName": "hci01.arc",
                    }
                ]
            },
        ),
    )
    arm.route("DELETE", "/v1.0/applications/0b1e6a52-7f35-4c2e-9d0a-3f1c8e2b4a10", (204, None))
    ca = str(arm.certificates.ca_path)
    graph = GraphClient(arm.url, StaticTokenCredential(TOKEN), ca_bundle=ca)
    apps = graph.applications("hci01.arc")
    assert [a["appId"] for a in apps] == ["app-1"]
    query = parse_qs(urlsplit(arm.calls[0][1]).query)
    assert query["$filter"] == ["displayName eq 'hci01.arc'"]
    assert graph.delete_application("0b1e6a52-7f35-4c2e-9d0a-3f1c8e2b4a10") is True


def test_token_credential_never_shows_its_token():
    assert TOKEN not in repr(StaticTokenCredential(TOKEN))


def test_token_env_credential(monkeypatch):
    cred = credential_for("token_env:ARM_TOKEN", "AzureCloud", {"ARM_TOKEN": TOKEN})
    assert cred.get_token("https://management.azure.com/.default").token == TOKEN
    with pytest.raises(InputError, match="token_env: is not set") as caught:
        credential_for("token_env:ARM_TOKEN", "AzureCloud", {})
    assert "ARM_TOKEN" not in str(caught.value)  # a token pasted as the name is never repeated


def test_tls_validation_is_on_a_server_outside_the_bundle_is_refused(arm):
    client = ArmClient(arm.url, StaticTokenCredential(TOKEN), SUB, transport=RecordingTransport())
    with pytest.raises(AzureError, match="TLSValidationFailed") as caught:
        client.resource_group("hci01-rg")
    assert caught.value.transient is False
    assert arm.calls == []


def test_an_untrusted_certificate_is_not_retried(arm):
    transport = RecordingTransport()  # no CA bundle: the lab's certificate is not trusted
    client = ArmClient(arm.url, StaticTokenCredential(TOKEN), SUB, transport=transport)
    with pytest.raises(AzureError, match="TLSValidationFailed"):
        client.resource_group("hci01-rg")
    assert transport.slept == []  # refused at once: no back-off, no second handshake


def test_a_dropped_connection_is_still_retried(arm):
    transport = RecordingTransport(connection_verify=str(arm.certificates.ca_path))
    client = ArmClient("https://127.0.0.1:1", StaticTokenCredential(TOKEN), SUB,
                       transport=transport, retry_total=2)  # fmt: skip
    with pytest.raises(AzureTransientError):
        client.resource_group("hci01-rg")
    assert transport.slept  # backed off and tried again


def test_control_plane_from_an_inventory_target_talks_to_the_configured_endpoint(arm, monkeypatch):
    from orchestrator.azure.control_plane import ArmControlPlane
    from orchestrator.inventory.models import AzureTarget

    monkeypatch.setenv("LAB_ARM_TOKEN", TOKEN)
    target = AzureTarget(
        region="eastus",
        subscription_id=SUB,
        tenant_id=SUB,
        resource_group="hci01-rg",
        credential="token_env:LAB_ARM_TOKEN",
        arm_endpoint=arm.url,
        graph_endpoint=arm.url,
        ca_bundle=str(arm.certificates.ca_path),
    )
    arm.route(
        "GET",
        f"/subscriptions/{SUB}/resourcegroups/hci01-rg",
        (200, {"name": "hci01-rg", "tags": {"env": "lab"}}),
    )
    arm.route("GET", "/v1.0/applications", (200, {"value": []}))
    plane = ArmControlPlane.for_target(target)
    assert plane.resource_group("hci01-rg") == {"name": "hci01-rg", "tags": {"env": "lab"}}
    assert plane.applications("hci01") == []


def test_public_cloud_endpoints_come_from_the_cloud_table():
    from orchestrator.inventory.models import AzureTarget

    gov = AzureTarget(
        region="usgovvirginia",
        cloud="AzureUSGovernment",
        subscription_id=SUB,
        tenant_id=SUB,
        resource_group="rg",
    )
    assert (gov.arm_url, gov.graph_url) == (
        "https://management.usgovcloudapi.net",
        "https://graph.microsoft.us",
    )


def test_plain_http_endpoints_are_refused():
    from orchestrator.inventory.models import AzureTarget, FieldError

    with pytest.raises(FieldError, match="https:// URL"):
        AzureTarget(
            region="eastus",
            subscription_id=SUB,
            tenant_id=SUB,
            resource_group="rg",
            arm_endpoint="http://127.0.0.1:1",
        )
