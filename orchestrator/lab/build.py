"""Build a lab world from an inventory: its Azure target and nodes, then the scenario, then
per-node facts (which therefore win over the scenario)."""

from __future__ import annotations

from orchestrator.inventory.models import Inventory, LabSpec
from orchestrator.lab.origin import lab_origin
from orchestrator.lab.scenarios import SCENARIOS
from orchestrator.lab.world import LabWorld


def world_from_inventory(inventory: Inventory) -> LabWorld:
    spec = inventory.lab or LabSpec()
    world = LabWorld(seed=spec.seed)
    azure = inventory.azure
    if azure is not None:
        world.configure_target(
            cluster=inventory.cluster.name,
            cloud=azure.cloud,
            tenant_id=azure.tenant_id,
            subscription_id=azure.subscription_id,
            region=azure.region,
            resource_group=azure.resource_group,
        )
    else:
        world.configure_target(cluster=inventory.cluster.name)
    for node in inventory.cluster.nodes:
        lab_node = world.add_node(node.name, node.host)
        if spec.module_version:
            lab_node.modules["Az.StackHCI"] = spec.module_version
    if spec.scenario:
        SCENARIOS[spec.scenario].apply(world)
    for name, facts in spec.nodes.items():
        lab_node = world.node(name)
        lab_node.reachable = facts.reachable
        lab_node.clock_offset_s = facts.clock_offset_s
        lab_node.services["hcisvc"].running = facts.hcisvc == "running"
        lab_node.services["himds"].running = facts.himds == "running"
        if facts.release is not None:
            lab_node.set_release(facts.release)
    world.origin = lab_origin(inventory)
    return world
