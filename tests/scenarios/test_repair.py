"""SCENARIOS.md rows C1, C3, C4 and C8 through the repair flow: the lab fault is detected, the
registration is repaired keeping its resource (or refused with the manual steps), the lab's final
state shows it, and a second plan has nothing to change."""

from __future__ import annotations

import pytest

from orchestrator.exitcodes import ExitCode
from orchestrator.lab import node_ops
from orchestrator.lab.scenarios import registered
from tests.scenarios.support import (
    MODULE_VERSIONS,
    Lab,
    assert_plans_no_change,
    assert_refused_again,
    changes,
    failing,
    inventory_data,
    new_lab,
    steps,
)
from workflows.repair import WORKFLOW


def _repaired(lab: Lab, before_resource: str) -> None:
    """Same resource, every node back in touch with Azure, nothing left to repair."""
    world = lab.world
    reg = world.cluster.registration
    assert reg is not None
    assert reg.resource_id == before_resource
    app = world.azure.apps[reg.app_id]
    for node in world.ordered_nodes():
        assert node.policy_state == "InPolicy"
        assert node.certificate.thumbprint in app.key_thumbprints
        assert node_ops.hcisvc_cloud_call(world, node) is None
        assert world.portal_arc_state(node) == "Connected"
    assert world.portal_connection() == "Connected"
    assert changes(lab.plan(WORKFLOW)) == 0


def _run_repair(lab: Lab) -> None:
    before = lab.registered_id()
    assert before is not None
    assert changes(lab.plan(WORKFLOW)) == 1
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert steps(outcome) == {"repair_registration": "changed"}
    assert lab.node("node1").mutations.get("register") == 2  # the scenario's, then the repair
    _repaired(lab, before)


@pytest.mark.parametrize("module", MODULE_VERSIONS)
def test_c1_deleted_cluster_app_is_recreated_by_a_repair(tmp_path, module):
    """Every played version has the `<cluster>` app (the HCI service's createClusterIdentity):
    C1 applies to all of them; the missing app is the one the resource records (aadClientId)."""
    lab = new_lab(tmp_path, "C1", module_version=module)
    old_app = lab.world.cluster.registration.app_id
    assert lab.world.portal_connection().startswith("Disconnected - Cluster not in connected state")
    plan = lab.plan(WORKFLOW)
    assert f"app registration hci01 ({old_app}) missing" in plan["nodes"][0]["steps"][0]["before"]
    _run_repair(lab)
    assert lab.world.cluster.registration.app_id != old_app
    assert len(lab.world.azure.apps_named(lab.inventory.azure.tenant_id, "hci01")) == 1


@pytest.mark.parametrize("cloud", ["AzureCloud", "AzureUSGovernment", "AzureChinaCloud"])
def test_c3_certificates_that_cannot_rotate_are_replaced_by_a_repair(tmp_path, cloud):
    lab = new_lab(tmp_path, "C3", cloud=cloud)
    plan = lab.plan(WORKFLOW)
    assert "node1: Disconnected since" in plan["nodes"][0]["steps"][0]["before"]
    _run_repair(lab)
    assert not any(n.faults.cert_rotation_fails for n in lab.world.ordered_nodes())
    assert lab.world.cluster.registration.cloud == cloud


def test_c4_removed_resource_manager_role_is_restored_by_a_repair_with_the_tenant(tmp_path):
    lab = new_lab(tmp_path, "C4")
    assert {lab.world.portal_arc_state(n) for n in lab.world.ordered_nodes()} == {"Not Installed"}
    plan = lab.plan(WORKFLOW)
    assert plan["nodes"][0]["steps"][0]["before"] == (
        "portal Arc Not Installed: node1, node2, node3, node4"
    )
    _run_repair(lab)
    reg = lab.world.cluster.registration
    rp = lab.world.azure.hci_rp_principal(reg.tenant_id)
    assert lab.world.azure.has_assignment(
        rp.object_id,
        "Azure Connected Machine Resource Manager",
        f"/subscriptions/{reg.subscription_id}/resourceGroups/{reg.arc_resource_group}",
    )


def test_c8_event_591_is_repaired(tmp_path):
    lab = new_lab(tmp_path, "C8")
    plan = lab.plan(WORKFLOW)
    assert plan["nodes"][0]["steps"][0]["before"] == "node2: OutOfPolicy (event 591)"
    _run_repair(lab)


def _out_of_policy(lab: Lab, event_id: int, *names: str) -> None:
    registered(lab.world)
    lab.world.clock.advance(3600)
    for name in names:
        lab.world.out_of_policy(lab.node(name), event_id)


@pytest.mark.parametrize(
    ("nodes", "out_of_policy", "instructions"),
    [
        pytest.param(
            2,
            ("node1", "node2"),
            (
                "event 594 on every node",
                "unregister the cluster (`orchestrate unregister`), restart every node",
                "then register it again (`orchestrate register`)",
            ),
            id="whole-cluster",
        ),
        pytest.param(
            4,
            ("node3",),
            (
                "event 594 on node3 only",
                "remove node3 from the cluster (Remove-ClusterNode)",
                "rejoin it (Add-ClusterNode)",
            ),
            id="one-node",
        ),
    ],
)
def test_c8_event_594_is_refused_with_the_manual_steps(
    tmp_path, nodes, out_of_policy, instructions
):
    lab = new_lab(tmp_path, nodes=nodes)
    _out_of_policy(lab, 594, *out_of_policy)
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.REFUSED
    for text in instructions:
        assert text in outcome.nodes[0].error
    assert lab.node("node1").mutations.get("register") == 1  # the scenario's own: nothing ran
    assert {lab.node(n).policy_state for n in out_of_policy} == {"OutOfPolicy"}
    assert_refused_again(lab, WORKFLOW, ExitCode.REFUSED, instructions[0])


def test_c8_event_592_is_a_repair_under_way_and_is_left_alone(tmp_path):
    lab = new_lab(tmp_path)
    _out_of_policy(lab, 592, "node2")
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.OK
    assert steps(outcome) == {"repair_registration": "no-op"}
    assert lab.node("node1").mutations.get("register") == 1
    assert lab.node("node2").policy_state == "OutOfPolicy"  # waiting for the repair under way
    assert_plans_no_change(lab, WORKFLOW)


def test_repairing_an_unregistered_cluster_is_blocked_before_any_change(tmp_path):
    lab = new_lab(tmp_path)
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.FAILED
    result = failing(outcome)[("node1", "registration-target")]
    assert result.observed == "not registered (NotYet)"
    assert "orchestrate register" in result.remediation
    assert lab.node("node1").mutations.get("register", 0) == 0
    assert_refused_again(lab, WORKFLOW, ExitCode.FAILED, "not registered (NotYet)")


def test_repair_through_the_cli_on_a_healthy_cluster_changes_nothing(orchestrate, write_inventory):
    path = str(write_inventory(inventory_data("E3")))  # E3: a registered, healthy cluster
    result = orchestrate("repair", "-i", path, "--dry-run", "--detailed-exitcode")
    assert result.code == 0, result.out + result.err
    assert "0 to change, 1 no-op, 0 unknown, 0 node(s) blocked" in result.out
