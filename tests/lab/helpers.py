"""Build lab worlds and talk to them only through the cmdlet surface, as a flow would."""

from __future__ import annotations

import json
from typing import Any

from orchestrator.lab import LabWorld
from orchestrator.lab.scenarios import SCENARIOS
from orchestrator.lab.surface import dispatch
from orchestrator.transport.base import Command, CommandResult

REGISTRATION_DIR = "C:\\ProgramData\\AzureStackHCI\\Registration"
AGENT_LOG = "C:\\ProgramData\\AzureConnectedMachineAgent\\Log\\azcmagent.log"
DEBUG = "Microsoft-AzureStack-HCI/Debug"


def make_world(nodes: int = 3, scenario: str | None = None, seed: int = 7) -> LabWorld:
    world = LabWorld(seed=seed)
    world.configure_target(cluster="hci01")
    for i in range(1, nodes + 1):
        world.add_node(f"node{i}", f"node{i}.contoso.local")
    if scenario:
        SCENARIOS[scenario].apply(world)
    return world


def run(world: LabWorld, node: str, name: str, **parameters: Any) -> CommandResult:
    return dispatch(world, world.node(node), Command.cmdlet(name, **parameters))


def tool(world: LabWorld, node: str, executable: str, *arguments: str) -> CommandResult:
    return dispatch(world, world.node(node), Command.tool(executable, *arguments))


def credentials(world: LabWorld, **extra: Any) -> dict[str, Any]:
    target = world.target
    values = {
        "SubscriptionId": target.subscription_id,
        "TenantId": target.tenant_id,
        "ArmAccessToken": world.caller_token(),
        "AccountId": target.caller_upn,
        "EnvironmentName": target.cloud,
    }
    values.update(extra)
    return {k: v for k, v in values.items() if v is not None}


def register(world: LabWorld, node: str = "node1", **extra: Any) -> CommandResult:
    params = credentials(
        world, Region=world.target.region, ResourceGroupName=world.target.resource_group
    )
    params.update(extra)
    return run(
        world, node, "Register-AzStackHCI", **{k: v for k, v in params.items() if v is not None}
    )


def unregister(world: LabWorld, node: str = "node1", **extra: Any) -> CommandResult:
    params = credentials(world)
    params.update(extra)
    return run(
        world, node, "Unregister-AzStackHCI", **{k: v for k, v in params.items() if v is not None}
    )


def hci(world: LabWorld, node: str = "node1") -> dict[str, Any]:
    result = run(world, node, "Get-AzureStackHCI")
    assert not result.failed
    return dict(result.first)


def arc_integration(world: LabWorld, node: str = "node1") -> dict[str, Any]:
    return dict(run(world, node, "Get-AzureStackHCIArcIntegration").first)


def agent(world: LabWorld, node: str) -> dict[str, Any]:
    result = tool(world, node, "azcmagent", "show", "-j")
    assert result.exit_code == 0
    return dict(json.loads("".join(result.output)))


def debug_lines(world: LabWorld, node: str) -> list[str]:
    result = run(world, node, "Get-WinEvent", LogName=DEBUG, Oldest=True)
    return [e["Message"] for e in result.output]


def file_text(world: LabWorld, node: str, path: str) -> str:
    result = run(world, node, "Get-Content", Path=path, Raw=True)
    assert not result.failed, result.errors
    return str(result.first)


def error_text(result: CommandResult) -> str:
    assert result.errors, f"expected an error, got {result}"
    return result.errors[0].message
