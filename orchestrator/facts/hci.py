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
from orchestrator.transport.base import Command, CommandResult, NodeSession


def run_checked(session: NodeSession, command: Command) -> CommandResult:
    """Run a command; a failure (error record or non-zero native exit) becomes RemoteCommandError
    carrying the first error's text and FullyQualifiedErrorId, for the catalog to classify."""
    result = session.run(command)
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


@attrs.frozen
class Registration:
    """`Get-AzureStackHCI`: where (and whether) the cluster is registered."""

    status: str  # NotYet | Registered | OutOfPolicy
    connection: str  # NotYet | Connected | Disconnected
    resource_name: str | None = None
    resource_uri: str | None = None
    cloud: str | None = None
    subscription_id: str | None = None
    tenant_id: str | None = None
    region: str | None = None
    last_connected: str | None = None
    registration_date: str | None = None

    @property
    def registered(self) -> bool:
        return self.status in ("Registered", "OutOfPolicy")

    def _uri_segment(self, key: str) -> str | None:
        # /subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.AzureStackHCI/clusters/<n>
        parts = (self.resource_uri or "").split("/")
        lowered = [p.lower() for p in parts]
        return parts[lowered.index(key) + 1] if key in lowered[:-1] else None

    @property
    def resource_group(self) -> str | None:
        return self._uri_segment("resourcegroups")

    @property
    def recorded_subscription(self) -> str | None:
        """SubscriptionId as reported, else the one in AzureResourceUri."""
        return self.subscription_id or self._uri_segment("subscriptions")

    @property
    def recorded_name(self) -> str | None:
        """AzureResourceName as reported, else the last segment of AzureResourceUri."""
        if self.resource_name or not self.resource_uri:
            return self.resource_name
        return self.resource_uri.rstrip("/").split("/")[-1]


def read_registration(session: NodeSession) -> Registration:
    view = run_checked(session, Command.cmdlet("Get-AzureStackHCI")).first or {}
    return Registration(
        status=str(view.get("RegistrationStatus") or "NotYet"),
        connection=str(view.get("ConnectionStatus") or "NotYet"),
        resource_name=_text(view.get("AzureResourceName")),
        resource_uri=_text(view.get("AzureResourceUri")),
        cloud=_text(view.get("EnvironmentName")),
        subscription_id=_text(view.get("SubscriptionId")),
        tenant_id=_text(view.get("TenantId")),
        region=_text(view.get("Region")),
        last_connected=_text(view.get("LastConnected")),
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


def read_arc_agent(session: NodeSession) -> ArcAgent:
    result = run_checked(session, Command.tool("azcmagent", "show", "-j"))
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
    return datetime.fromisoformat(str(boot)) if boot else None
