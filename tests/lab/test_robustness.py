"""Any sequence of operator actions leaves a consistent world: no handler crashes, a snapshot
restores it exactly, and the views agree with each other."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestrator.lab import LabWorld
from tests.lab.helpers import agent, make_world, register, run, tool, unregister

NODES = ("node1", "node2", "node3")


def _apply(world: LabWorld, step: tuple[str, int]) -> None:
    action, index = step
    node = NODES[index]
    if action == "register":
        register(world, node=node)
    elif action == "repair":
        register(world, node=node, RepairRegistration=True)
    elif action == "unregister":
        unregister(world, node=node)
    elif action == "sync":
        run(world, node, "Sync-AzureStackHCI")
    elif action == "reboot":
        run(world, node, "Restart-Computer", Force=True)
    elif action == "stop":
        world.node(node).services["hcisvc"].running = False
    elif action == "start":
        run(world, node, "Start-Service", Name="hcisvc")
    elif action == "force-disconnect":
        tool(world, node, "azcmagent", "disconnect", "--force-local-only")
    elif action == "enable":
        run(world, node, "Enable-AzureStackHCIArcIntegration")
    elif action == "disable":
        run(world, node, "Disable-AzureStackHCIArcIntegration")
    elif action == "wait":
        world.clock.advance(3600 * (index + 1))
    elif action == "delete-machine":
        shown = agent(world, node)
        if shown["resourceId"]:
            world.azure.remove(shown["resourceId"])
    elif action == "delete-apps":
        for app_id in list(world.azure.apps):
            if world.azure.apps[app_id].display_name.endswith(".arc") == bool(index % 2):
                world.azure.delete_app(app_id)


ACTIONS = st.sampled_from(
    [
        "register",
        "repair",
        "unregister",
        "sync",
        "reboot",
        "stop",
        "start",
        "force-disconnect",
        "enable",
        "disable",
        "wait",
        "delete-machine",
        "delete-apps",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(ACTIONS, st.integers(0, 2)), min_size=1, max_size=12))
def test_random_operator_sessions_keep_the_world_consistent(steps):
    world = make_world(3)
    for step in steps:
        _apply(world, step)
        for name in NODES:
            view = run(world, name, "Get-AzureStackHCI").first
            registered = world.cluster.registration is not None
            assert bool(view["AzureResourceUri"]) == registered
            shown = agent(world, name)
            if shown["status"] == "Disconnected":
                assert shown["resourceId"] == ""
    document = json.loads(json.dumps(world.to_json()))
    assert LabWorld.from_json(document).to_json() == document
