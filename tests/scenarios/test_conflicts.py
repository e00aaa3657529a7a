"""Conflicts with existing state block register before any change (issue 5, pre-check set):
registered elsewhere, an Arc machine name owned by another cluster, an agent connected to
another resource."""

from __future__ import annotations

from orchestrator.exitcodes import ExitCode
from orchestrator.lab import node_ops
from orchestrator.lab.azure import resource_id
from orchestrator.lab.scenarios import registered
from tests.scenarios.support import failing, new_lab
from workflows.register import WORKFLOW


def test_registered_elsewhere_blocks_naming_what_differs(tmp_path):
    lab = new_lab(tmp_path)
    registered(lab.world, ResourceGroupName="old-rg")
    before = lab.node("node1").mutations.get("register", 0)
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.FAILED
    result = failing(outcome)[("node1", "registration-target")]
    assert result.observed == "registered elsewhere: resource group old-rg (inventory: hci01-rg)"
    assert "/resourceGroups/old-rg/" in result.remediation
    assert lab.node("node1").mutations.get("register", 0) == before
    assert lab.world.cluster.registration.resource_group == "old-rg"


def test_arc_machine_of_another_cluster_with_a_nodes_name_blocks(tmp_path):
    lab = new_lab(tmp_path)
    world = lab.world
    target = lab.inventory.azure
    caller = world.target.caller_id
    world.azure.create_group(
        caller, target.subscription_id, target.resource_group, target.region, {}
    )
    other = resource_id(
        target.subscription_id, "other-rg", "Microsoft.AzureStackHCI/clusters", "hci99"
    )
    world.azure.put(
        caller,
        resource_id(
            target.subscription_id,
            target.resource_group,
            "Microsoft.HybridCompute/machines",
            "node2",
        ),
        location=target.region,
        properties={"status": "Connected", "parentClusterResourceId": other},
    )
    outcome = lab.run(WORKFLOW)
    assert outcome.exit_code is ExitCode.FAILED
    result = failing(outcome)[("node2", "arc-machine-name")]
    assert result.observed == f"hci01-rg/node2 belongs to {other}"
    assert "azure.arc_resource_group" in result.remediation
    assert world.cluster.registration is None


def test_agent_connected_to_another_resource_blocks(tmp_path):
    lab = new_lab(tmp_path)
    world = lab.world
    target = lab.inventory.azure
    world.azure.create_group(
        world.target.caller_id, target.subscription_id, "legacy-rg", target.region, {}
    )
    outcome = node_ops.agent_connect(
        world,
        lab.node("node3"),
        node_ops.AgentAuth(principal_id=world.target.caller_id),
        node_ops.AgentTarget(
            subscription_id=target.subscription_id,
            resource_group="legacy-rg",
            location=target.region,
            cloud=target.cloud,
            resource_name="node3",
            tenant_id=target.tenant_id,
        ),
    )
    assert outcome.ok
    run = lab.run(WORKFLOW)
    assert run.exit_code is ExitCode.FAILED
    result = failing(run)[("node3", "arc-agent")]
    assert "/resourceGroups/legacy-rg/" in result.observed
    assert "orchestrate arc-cleanup --limit node3" in result.remediation
    assert world.cluster.registration is None
