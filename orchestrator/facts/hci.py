"""The HCI registration, Arc integration and Arc agent as a node reports them.

Property names are those of the real cmdlets (seeds/000, facts notes §1.2 and §2.1); the lab
answers with the same shapes (docs/lab.md, "The cmdlet surface").
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import attrs

from orchestrator.errors import RemoteCommandError
from orchestrator.timestamps import parse_utc
from orchestrator.transport.base import Command, CommandResult, NodeSession
from orchestrator.transport.remembering import read


def run_checked(session: NodeSession, command: Command) -> CommandResult:
    """Run a command; a failure (error record or non-zero native exit) becomes RemoteCommandError
    carrying the first error's text and FullyQualifiedErrorId, for the catalog to classify."""
    return _succeeded(session, command, session.run(command))


def read_checked(session: NodeSession, command: Command) -> CommandResult:
    """`run_checked` for a read: a repeated read with nothing run in between on the node's
    session is answered from memory (transport/remembering.py)."""
    return _succeeded(session, command, read(session, command))


def _succeeded(session: NodeSession, command: Command, result: CommandResult) -> CommandResult:
    if not result.failed:
        return result
    if result.errors:
        first = result.errors[0]
        raise RemoteCommandError(
            session.node,
            command.render(),
            first.message,
            fully_qualified_error_id=first.fully_qualified_error_id,
            exit_code=result.exit_code,
        )
    text = "\n".join(str(line) for line in result.output if str(line).strip())
    raise RemoteCommandError(
        session.node, command.render(), text or "failed", exit_code=result.exit_code
    )


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


# Get-AzureStackHCI's properties (MicrosoftDocs/azure-stack-docs
# azure-stack/hci/manage/manage-cluster-registration.md @2507771c, "View registration ... status"):
# ClusterStatus, RegistrationStatus, RegistrationDate, AzureResourceName, AzureResourceUri,
# ConnectionStatus, LastConnected, NextSync, and on 22H2 also Region, IMDSAttestation and
# DiagnosticLevel. It reports no cloud, subscription or tenant: the subscription, resource group
# and name are read from AzureResourceUri, as Az.StackHCI does itself (stackhci.ps1 @06618c80,
# Unregister-AzStackHCI / Set-AzStackHCI: `$RegContext.AzureResourceUri.Split('/')[2|4|8]`).


@attrs.frozen
class Registration:
    """`Get-AzureStackHCI`: where (and whether) the cluster is registered."""

    status: str  # RegistrationStatus: NotYet | Registered | OutOfPolicy
    connection: str  # ConnectionStatus: NotYet | Connected | Disconnected | OutOfPolicy
    cluster_status: str | None = None  # ClusterStatus: NotYet | Clustered | OutOfPolicy
    resource_name: str | None = None
    resource_uri: str | None = None
    region: str | None = None  # 22H2 and later only
    last_connected: str | None = None
    next_sync: str | None = None
    registration_date: str | None = None

    @property
    def registered(self) -> bool:
        """The one place that decides "registered", from the evidence Az.StackHCI uses.

        The module treats a cluster as registered when RegistrationStatus is Registered
        (stackhci.ps1 @06618c80, Get-SetupLoggingDetails: `$IsClusterRegistered =
        $regContext.RegistrationStatus -eq [RegistrationStatus]::Registered`) and reads the
        resource from AzureResourceUri. OutOfPolicy alone proves nothing: a cluster not
        registered within 30 days of installation shows it too (manage-cluster-registration.md),
        and so does one just unregistered, both with an empty AzureResourceUri and no NextSync.
        Only an OutOfPolicy cluster that still records its resource (or a next sync) is a
        registered one out of policy (C8)."""
        if self.status == "Registered":
            return True
        if self.status == "OutOfPolicy":
            return bool(self.resource_uri or self.next_sync)
        return False

    def _uri_segment(self, index: int) -> str | None:
        # /subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.AzureStackHCI/clusters/<n>
        # split on '/' gives ['', 'subscriptions', s, 'resourceGroups', rg, 'providers', ns,
        # 'clusters', n]: the module's indexes 2, 4 and 8.
        parts = (self.resource_uri or "").strip().split("/")
        return parts[index] or None if len(parts) > index else None

    @property
    def subscription_id(self) -> str | None:
        return self._uri_segment(2)

    @property
    def resource_group(self) -> str | None:
        return self._uri_segment(4)

    @property
    def recorded_name(self) -> str | None:
        """The resource name in AzureResourceUri, else AzureResourceName."""
        return self._uri_segment(8) or self.resource_name


def read_registration(session: NodeSession) -> Registration:
    view = run_checked(session, Command.cmdlet("Get-AzureStackHCI")).first or {}
    return Registration(
        status=str(view.get("RegistrationStatus") or "NotYet"),
        connection=str(view.get("ConnectionStatus") or "NotYet"),
        cluster_status=_text(view.get("ClusterStatus")),
        resource_name=_text(view.get("AzureResourceName")),
        resource_uri=_text(view.get("AzureResourceUri")),
        region=_text(view.get("Region")),
        last_connected=_text(view.get("LastConnected")),
        next_sync=_text(view.get("NextSync")),
        registration_date=_text(view.get("RegistrationDate")),
    )


@attrs.frozen
class ArcIntegration:
    """`Get-AzureStackHCIArcIntegration`: the cluster's and every node's Arc state."""

    cluster_status: str
    nodes: dict[str, str]  # node name -> Enabled | Disabled | ...
    application_id: str | None = None

    def node_status(self, node: str) -> str | None:
        for name, status in self.nodes.items():
            if name.lower() == node.lower():
                return status
        return None


def read_arc_integration(session: NodeSession) -> ArcIntegration:
    view = run_checked(session, Command.cmdlet("Get-AzureStackHCIArcIntegration")).first or {}
    nodes = view.get("NodesArcStatus") or {}
    return ArcIntegration(
        cluster_status=str(view.get("ClusterArcStatus") or "Disabled"),
        nodes={str(k): str(v) for k, v in dict(nodes).items()},
        application_id=_text(view.get("ApplicationId")),
    )


@attrs.frozen
class ArcAgent:
    """`azcmagent show -j`: the Connected Machine agent's view of itself."""

    status: str  # Connected | Disconnected | Expired | ...
    resource_name: str | None = None
    resource_group: str | None = None
    subscription_id: str | None = None
    tenant_id: str | None = None
    cloud: str | None = None
    resource_id: str | None = None
    https_proxy: str | None = None  # the proxy himds uses (read when it last started)

    @property
    def connected(self) -> bool:
        return self.status.lower() == "connected"


# `azcmagent show` only displays the agent's state ("Displays the current state of the Azure
# Connected Machine agent", MicrosoftDocs/azure-docs articles/azure-arc/servers/
# azcmagent-show.md @02d00dc8): a read, so a repeat with nothing run in between is remembered.
AGENT_SHOW = Command.tool("azcmagent", "show", "-j")


def read_arc_agent(session: NodeSession) -> ArcAgent:
    result = read_checked(session, AGENT_SHOW)
    text = "".join(str(line) for line in result.output)
    data = json.loads(text) if text.strip() else {}
    return ArcAgent(
        status=str(data.get("status") or "Disconnected"),
        resource_name=_text(data.get("resourceName")),
        resource_group=_text(data.get("resourceGroup")),
        subscription_id=_text(data.get("subscriptionId")),
        tenant_id=_text(data.get("tenantId")),
        cloud=_text(data.get("cloud")),
        resource_id=_text(data.get("resourceId")),
        https_proxy=_text(data.get("httpsProxy")),
    )


def last_boot(session: NodeSession) -> datetime | None:
    info = run_checked(
        session, Command.cmdlet("Get-CimInstance", ClassName="Win32_OperatingSystem")
    ).first
    boot = info.get("LastBootUpTime") if isinstance(info, dict) else None
    return parse_utc(boot) if boot else None
