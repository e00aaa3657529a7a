"""Invoke-AzStackHciArcInitialization as an Azure Local 23H2+ machine answers it (issue 13).

Behaviour from Microsoft's registration page (MicrosoftDocs/azure-stack-docs
azure-local/deploy/deployment-arc-register-server-permissions.md @ e3ff2d7add25): the command
exists on the Azure Local OS (AzSHCI.ARCInstaller ships with it; on 21H2/22H2 PowerShell does
not know it), takes -SubscriptionID -ResourceGroup -TenantID -Region -Cloud -ArmAccessToken
-AccountID [-Proxy -ProxyBypass -ArcGatewayID], prints the bootstrap lines the page shows, and
leaves the machine as a "Machine - Azure Arc" resource in the group with the mandatory
extensions installing. The agent part is the lab's azcmagent (node_ops.agent_connect), so
network, proxy, TLS inspection and "already connected" fail as the agent does. The extensions
take time: each settles LAB_EXTENSION_STEP_S after the previous one (lab choice; the page says
only that the script "takes a few minutes"). The token is resolved and dropped, never stored.
"""

from __future__ import annotations

from datetime import timedelta

from orchestrator.lab import node_ops, texts
from orchestrator.lab.azure import ArmError
from orchestrator.lab.handlers import error, handles, missing_parameter, not_recognized, text
from orchestrator.lab.world import LabNode, LabWorld
from orchestrator.transport.base import Command, CommandResult

CMDLET = "Invoke-AzStackHciArcInitialization"
# stackhci.ps1 `$23H2BuildNumber = 20350`: the Azure Local OS starts there.
ARC_FIRST_FROM_BUILD = 20350
LAB_EXTENSION_STEP_S = 180
# The mandatory extensions, as orchestrator/data/azure_local.json lists them (names, publisher,
# type); the lab does not import the product, so it keeps its own copy of the three columns.
MANDATORY_EXTENSIONS = (
    (
        "AzureEdgeTelemetryAndDiagnostics",
        "Microsoft.AzureStack.Observability",
        "TelemetryAndDiagnostics",
    ),
    ("AzureEdgeDeviceManagement", "Microsoft.Edge", "DeviceManagementExtension"),
    ("AzureEdgeLifecycleManager", "Microsoft.AzureStack.Orchestration", "LcmController"),
    ("AzureEdgeRemoteSupport", "Microsoft.AzureStack.Observability", "EdgeRemoteSupport"),
)
_REQUIRED = ("SubscriptionID", "ResourceGroup", "TenantID", "Region", "Cloud")


def _failed(lines: list[str], detail: str) -> CommandResult:
    lines.append(texts.BOOTSTRAP_WAIT.format(status="Failed"))
    return error(
        texts.BOOTSTRAP_FAILED.format(detail=detail), None, "OperationStopped", output=lines
    )


@handles(CMDLET)
def invoke_arc_initialization(world: LabWorld, node: LabNode, command: Command) -> CommandResult:
    if int(node.os_build) < ARC_FIRST_FROM_BUILD:
        return not_recognized(command.name)
    missing = [p for p in _REQUIRED if not text(command, p)]
    if missing:
        return missing_parameter(CMDLET, missing)
    token = text(command, "ArmAccessToken")
    if not token:
        return error(
            "lab: device-code sign-in is not simulated; pass -ArmAccessToken and -AccountID",
            None,
            "InvalidArgument",
        )
    subscription, group = text(command, "SubscriptionID"), text(command, "ResourceGroup")
    region, cloud, tenant = (
        text(command, "Region"),
        text(command, "Cloud"),
        text(command, "TenantID"),
    )
    lines = [
        texts.BOOTSTRAP_SAVED,
        texts.BOOTSTRAP_TRIGGER,
        texts.BOOTSTRAP_WAIT.format(status="InProgress"),
    ]
    proxy = text(command, "Proxy")
    if proxy:
        node.arc_agent.proxy_url = proxy
        node.arc_agent.active_proxy = proxy
    try:
        principal = world.azure.resolve_token(token).principal_id
    except ArmError as failure:
        return _failed(lines, failure.message)
    try:
        # "A resource group is created if one doesn't exist" (the page's parameter table).
        if world.azure.find_group(subscription, group) is None:
            world.azure.create_group(principal, subscription, group, region, {})
    except ArmError as failure:
        return _failed(lines, failure.message)
    outcome = node_ops.agent_connect(
        world,
        node,
        node_ops.AgentAuth(principal_id=principal),
        node_ops.AgentTarget(
            subscription_id=subscription,
            resource_group=group,
            location=region,
            cloud=cloud,
            resource_name=node.name,
            tenant_id=tenant,
        ),
    )
    if not outcome.ok:
        return _failed(lines, outcome.lines[-1].removeprefix("FATAL   "))
    machine = node.arc_agent.resource_id
    start = world.now()
    for index, (name, publisher, kind) in enumerate(MANDATORY_EXTENSIONS, start=1):
        rid = f"{machine}/extensions/{name}"
        try:
            world.azure.put(
                principal,
                rid,
                location=region,
                properties={
                    "publisher": publisher,
                    "type": kind,
                    "provisioningState": "Creating",
                },
            )
        except ArmError as failure:
            return _failed(lines, failure.message)
        node.extensions_pending[rid.lower()] = start + timedelta(
            seconds=index * LAB_EXTENSION_STEP_S
        )
    node.count("arc-initialization")
    lines += [
        texts.BOOTSTRAP_WAIT.format(status="Succeeded"),
        texts.BOOTSTRAP_OK,
        texts.BOOTSTRAP_LOGS,
    ]
    return CommandResult(output=lines)
