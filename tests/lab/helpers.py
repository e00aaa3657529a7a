"""Build lab worlds and talk to them only through the cmdlet surface, as a flow would."""

from __future__ import annotations

import json
from typing import Any

import attrs

from orchestrator.lab import LabWorld
from orchestrator.lab.host import RecordingHost
from orchestrator.lab.scenarios import SCENARIOS
from orchestrator.lab.surface import dispatch
from orchestrator.transport.base import Command, CommandResult, Hashtable
from orchestrator.transport.formatting import read_formatted

# Az.StackHCI versions the lab plays (issue 12.3): apps `<cluster>` and `<cluster>.arc` created
# by the HCI service (1.2.0 to 2.2.2), then Arc with the cluster's managed identity (2.2.3+).
MODULE_VERSIONS = ("1.4.3", "2.1.2", "2.2.3", "2.6.0")
WITH_ARC_APP = ("1.4.3", "2.1.2")
METADATA = "http://127.0.0.1:42542/metadata"

REGISTRATION_DIR = "C:\\ProgramData\\AzureStackHCI\\Registration"
AGENT_LOG = "C:\\ProgramData\\AzureConnectedMachineAgent\\Log\\azcmagent.log"
DEBUG = "Microsoft-AzureStack-HCI/Debug"


def make_world(
    nodes: int = 3, scenario: str | None = None, seed: int = 7, module: str | None = None
) -> LabWorld:
    world = LabWorld(seed=seed)
    world.configure_target(cluster="hci01")
    for i in range(1, nodes + 1):
        added = world.add_node(f"node{i}", f"node{i}.contoso.local")
        if module:
            added.modules["Az.StackHCI"] = module
    if scenario:
        SCENARIOS[scenario].apply(world)
    return world


def run(world: LabWorld, node: str, name: str, **parameters: Any) -> CommandResult:
    """What the tool's transport gives back: a host that records lines (and stops the pipeline
    at a prompt), Format-List records read into fields."""
    host = RecordingHost()
    result = dispatch(world, world.node(node), Command.cmdlet(name, **parameters), host)
    return attrs.evolve(result, output=read_formatted(result.output), host_lines=host.lines)


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


_THROWN = "RuntimeException: "


def module_message(line: str) -> str:
    """The text an Az.StackHCI host error line carries: the message before
    "CategoryInfo: OperationStopped", or, for the catch's "Exception occurred in ..." line, the
    message of the exception it formats."""
    text = line.split("\nCategoryInfo: ", 1)[0]
    if text.startswith("Exception occurred in") and _THROWN in text:
        return text.split(_THROWN, 1)[1].split("\n", 1)[0]
    return text


def error_text(result: CommandResult) -> str:
    """The error record's message, or (Az.StackHCI) the message of the first host error line."""
    assert result.errors or result.host_errors, f"expected an error, got {result}"
    return result.errors[0].message if result.errors else module_message(result.host_errors[0])


def metadata(world: LabWorld, node: str, path: str) -> CommandResult:
    """Invoke-RestMethod on the node's metadata endpoint, as Az.StackHCI calls it."""
    return run(
        world,
        node,
        "Invoke-RestMethod",
        Uri=f"{METADATA}/{path}",
        Method="GET",
        UseBasicParsing=True,
        Headers=Hashtable.of({"metadata": "true"}),
        UseDefaultCredentials=True,
    )


def arc_cmdlet(world: LabWorld, node: str, name: str) -> CommandResult:
    """Enable-/Disable-AzureStackHCIArcIntegration as the module calls them: with -AccessToken
    from the node's metadata endpoint when the cluster's Arc integration has no ApplicationId."""
    if arc_integration(world, node)["ApplicationId"]:
        return run(world, node, name)
    arm = "https://" + world.endpoints(world.target.cloud)["arm"]
    token = metadata(world, node, f"identity/oauth2/token?resource={arm}").first["access_token"]
    return run(world, node, name, AccessToken=token)
