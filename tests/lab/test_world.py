"""The world model on its own: determinism, virtual time, thread safety, snapshots, RBAC."""

from __future__ import annotations

import json
import threading
import time

import pytest

from orchestrator.lab import LabWorld, VirtualClock
from orchestrator.lab.azure import (
    CONTRIBUTOR,
    HCI_REGISTRATION_ROLE_ACTIONS,
    OWNER,
    USER_ACCESS_ADMINISTRATOR,
    ArmError,
    RoleDefinition,
    action_matches,
    role_allows,
)
from orchestrator.lab.snapshot import load_world, save_world
from tests.lab.helpers import error_text, hci, make_world, register, run


def test_same_seed_same_world_different_seed_different_ids():
    one, two, other = make_world(seed=11), make_world(seed=11), make_world(seed=12)
    register(one)
    register(two)
    register(other)
    assert one.to_json(tokens=False) == two.to_json(tokens=False)
    assert "tokens" not in one.to_json(tokens=False)["azure"]
    assert one.target.subscription_id != other.target.subscription_id


def test_virtual_time_never_sleeps():
    clock = VirtualClock()
    start = clock.now()
    before = time.monotonic()
    clock.sleep(12 * 3600)
    assert time.monotonic() - before < 0.5
    assert (clock.now() - start).total_seconds() == 12 * 3600
    with pytest.raises(ValueError, match="forward"):
        clock.advance(-1)


def test_public_node_interface_still_works():
    world = LabWorld(seed=1, clock=VirtualClock())
    node = world.add_node("Node1", "node1.contoso.local")
    assert world.node("NODE1") is node
    assert node.services["hcisvc"].running
    assert node.services["himds"].running
    assert node.reachable
    assert node.clock_offset_s == 0.0
    assert node.os_build == "20348"
    assert node.last_boot is not None
    assert node.debug_channel_enabled is False
    node.count("x")
    assert node.mutations == {"x": 1}


def test_parallel_workers_share_the_world_safely():
    world = make_world(4)
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            for _ in range(50):
                run(world, name, "Start-Service", Name="hcisvc")
                run(world, name, "Get-AzureStackHCI")
                world.node(name).count("loop")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(f"node{i}",)) for i in range(1, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(world.node(f"node{i}").mutations["loop"] == 50 for i in range(1, 5))


def test_snapshot_round_trip_through_a_file_keeps_behaviour(tmp_path):
    world = make_world(3)
    assert register(world).first["Result"] == "Success"
    path = tmp_path / "world.json"
    save_world(world, path)
    restored = load_world(path)
    assert restored.to_json() == world.to_json()
    assert hci(restored)["RegistrationStatus"] == "Registered"
    # The restored world goes on generating the same IDs as the original.
    assert restored.new_guid() == world.new_guid()


def test_snapshot_never_contains_a_token_or_secret():
    world = make_world(2, "D4")
    token = world.caller_token()
    app = world.azure.apps_named(world.target.tenant_id, "arc-onboarding")[0]
    secret = world.azure.reset_credential(app.app_id)
    assert register(world, ArmAccessToken=token).first["Result"] == "Success"
    text = json.dumps(world.to_json())
    assert token not in text
    assert secret not in text
    logs = " ".join(f.content for n in world.ordered_nodes() for f in n.files.values())
    assert token not in logs


def test_snapshot_rejects_unknown_format():
    with pytest.raises(ValueError, match="format_version"):
        LabWorld.from_json({"format_version": 99})


def test_expired_token_is_refused_with_arm_text():
    world = make_world(2)
    token = world.caller_token(lifetime_s=60)
    world.clock.advance(61)
    with pytest.raises(ArmError) as caught:
        world.azure.resolve_token(token)
    assert caught.value.code == "ExpiredAuthenticationToken"
    assert error_text(register(world, ArmAccessToken=token)).startswith(
        "The access token expiry UTC time"
    )


@pytest.mark.parametrize(
    ("granted", "action", "expected"),
    [
        ("*", "Microsoft.AzureStackHCI/clusters/write", True),
        ("*/read", "Microsoft.HybridCompute/machines/read", True),
        ("*/read", "Microsoft.HybridCompute/machines/write", False),
        (
            "Microsoft.AzureStackHCI/clusters/*",
            "microsoft.azurestackhci/Clusters/arcSettings/write",
            True,
        ),
        ("Microsoft.Authorization/*/Write", "Microsoft.Authorization/roleAssignments/write", True),
        (
            "Microsoft.HybridCompute/register/action",
            "Microsoft.GuestConfiguration/register/action",
            False,
        ),
    ],
)
def test_action_wildcards(granted, action, expected):
    assert action_matches(granted, action) is expected


def test_not_actions_take_rights_away():
    assert role_allows(OWNER, "Microsoft.Authorization/roleAssignments/write")
    assert not role_allows(CONTRIBUTOR, "Microsoft.Authorization/roleAssignments/write")
    assert role_allows(CONTRIBUTOR, "Microsoft.Resources/subscriptions/resourceGroups/write")
    assert role_allows(USER_ACCESS_ADMINISTRATOR, "Microsoft.Authorization/roleAssignments/write")
    custom = RoleDefinition("x", "Azure Stack HCI registration role", HCI_REGISTRATION_ROLE_ACTIONS)
    assert role_allows(custom, "Microsoft.AzureStackHCI/clusters/write")
    assert not role_allows(custom, "Microsoft.Resources/subscriptions/resourceGroups/write")


def test_scope_inheritance_and_denial_text():
    world = make_world(2)
    azure = world.azure
    user = azure.add_user("reader@contoso.onmicrosoft.com", [world.target.tenant_id])
    scope = f"/subscriptions/{world.target.subscription_id}/resourceGroups/{world.target.resource_group}"
    azure.assign_role(user.object_id, "Reader", scope)
    assert azure.allowed(
        user.object_id,
        "Microsoft.HybridCompute/machines/read",
        scope + "/providers/Microsoft.HybridCompute/machines/n1",
    )
    assert not azure.allowed(
        user.object_id,
        "Microsoft.HybridCompute/machines/read",
        f"/subscriptions/{world.target.subscription_id}",
    )
    with pytest.raises(ArmError) as caught:
        azure.create_group(user.object_id, world.target.subscription_id, "new-rg", "eastus")
    assert caught.value.status == 403
    assert caught.value.message.startswith(
        "The client 'reader@contoso.onmicrosoft.com' with object id"
    )
    assert "'Microsoft.Resources/subscriptions/resourceGroups/write'" in caught.value.message


def test_egress_states_and_proxy():
    world = make_world(2)
    node = world.node("node1")
    node.endpoints = {
        "a.example": "dns_failure",
        "b.example": "firewall_drop",
        "c.example": "proxy_required",
        "d.example": "tls_inspection",
    }
    assert world.egress(node, "a.example").failure == "dns"
    assert world.egress(node, "b.example", proxy="http://p:3128").failure == "drop"
    assert world.egress(node, "c.example").failure == "forbidden"
    assert world.egress(node, "c.example", proxy="http://p:3128").ok
    assert world.egress(node, "d.example", proxy="http://p:3128").failure == "tls"
    assert world.egress(node, "e.example").ok


def test_effective_permissions_per_scope():
    world = make_world(2, "A7")
    scope = f"/subscriptions/{world.target.subscription_id}/resourceGroups/hci01-rg"
    entries = world.azure.permissions(world.target.caller_id, scope)
    assert entries == [{"actions": ["*"], "notActions": CONTRIBUTOR.not_actions}]


def test_register_needs_the_arm_endpoint_from_the_node_it_runs_on():
    world = make_world(2)
    world.node("node1").endpoints["management.azure.com"] = "dns_failure"
    message = error_text(register(world))
    assert "management.azure.com" in message
    assert "could not be resolved" in message
    # From another node the cluster registers, but node1's agent cannot reach ARM either.
    result = register(world, node="node2")
    assert result.first["Result"] == "RegisterSucceededButArcFailed"
    # Details is the module's success text whatever Arc did; the why is in the host lines.
    why = " ".join(result.host_errors)
    assert "node1: " in why
    assert "node2: " not in why


def test_background_sync_keeps_a_healthy_cluster_connected_over_virtual_days():
    world = make_world(3)
    register(world)
    world.clock.advance(12 * 3600)
    view = hci(world, "node2")
    assert view["ConnectionStatus"] == "Connected"
    assert view["LastConnected"] == world.now().isoformat()
    assert world.portal_connection() == "Connected"
    world.node("node2").endpoints["dp.stackhci.azure.com"] = "firewall_drop"
    world.clock.advance(3600)
    assert hci(world, "node2")["ConnectionStatus"] == "Disconnected"
    events = run(world, "node2", "Get-WinEvent", LogName="Microsoft-AzureStack-HCI/Admin").output
    assert events[0]["Id"] == 585
