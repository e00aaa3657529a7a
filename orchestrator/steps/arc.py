"""Arc on one node: find its Arc-for-Servers resource, decide whether this cluster owns it, and
the rungs of the safe cleanup ladder (facts notes §7, seeds/000 B2/C7):

1. `Disable-AzureStackHCIArcIntegration` (the cluster's own way out),
2. `azcmagent disconnect --force-local-only` (local only; what works when the identity or the
   resource is gone),
3. deletion of `Microsoft.HybridCompute/machines/<node>`, and only when its
   `parentClusterResourceId` is this cluster's resource.

Shared by the unregister, arc-cleanup and arc-repair flows.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import attrs

from orchestrator.azure import names
from orchestrator.azure.hci_target import HciTarget
from orchestrator.engine.runner import NeedsOperator
from orchestrator.engine.spec import Change, StepContext
from orchestrator.errors import RemoteCommandError
from orchestrator.facts import ArcAgent, read_arc_agent, read_arc_integration, run_checked
from orchestrator.facts.imds import managed_identity_token
from orchestrator.inventory.models import Inventory
from orchestrator.steps.instructions import run_or_instruct
from orchestrator.transport.base import Command, NodeSession

log = logging.getLogger(__name__)

# seeds/000 B2: "Couldn't disable Azure Arc integration on Node <node name>...": what
# Unregister-AzStackHCI writes (Write-ErrorLog -> $Host.UI.WriteErrorLine) for each node whose
# NodesArcStatus is not Disabled after Disable-AzureStackHCIArcIntegration failed there
# (stackhci.ps1 @06618c80, Disable-ArcForServers). The node cmdlet never says it.
ARC_DISABLE_FAILED = re.compile(
    r"Could(?:n\W?t| not) disable Azure Arc integration on Node\s+\W*(?P<node>[\w-]+)",
    re.IGNORECASE,
)


# --- where the cluster and a node's machine live ---------------------------------------------


def inventory_of(ctx: StepContext) -> Inventory:
    inventory = ctx.run.inventory
    assert inventory is not None, "a connector made by connect() knows its inventory"
    return inventory


def candidate_groups(ctx: StepContext, node: str, agent: ArcAgent | None) -> list[str]:
    """Where this node's machine may be: the group the agent reports (in our subscription), the
    Arc group recorded in the cluster's arcSettings, azure.arc_resource_group, resource_group.

    The first two are reported (by the node, by Azure), so each is checked against Azure's
    naming rules before it goes into an ARM path: a value such as `rg/../../other` is refused
    (AzureNameRefused, naming where it came from), never normalised."""
    inventory = inventory_of(ctx)
    target = HciTarget.of(inventory)
    groups: list[str] = []
    if (
        agent is not None
        and agent.resource_group
        and (agent.subscription_id or "").lower() == target.subscription_id.lower()
    ):
        groups.append(
            names.checked(
                "resource group", agent.resource_group, source=f"azcmagent show -j on {node}"
            )
        )
    settings = ctx.run.azure().arc_settings(target.resource_group, target.resource_name)
    recorded = ((settings or {}).get("properties") or {}).get("arcInstanceResourceGroup")
    if recorded:
        groups.append(
            names.checked(
                "resource group",
                recorded,
                source="the cluster's arcSettings arcInstanceResourceGroup",
            )
        )
    if target.arc_resource_group:
        groups.append(target.arc_resource_group)
    groups.append(target.resource_group)
    unique: list[str] = []
    for group in groups:
        if group.lower() not in (g.lower() for g in unique):
            unique.append(group)
    return unique


@attrs.frozen
class ArcMachine:
    """A node's `Microsoft.HybridCompute/machines` resource and whether this cluster owns it."""

    group: str
    body: dict[str, Any] = attrs.field(eq=False)
    owned: bool

    @property
    def id(self) -> str:
        return str(self.body.get("id") or "")

    @property
    def properties(self) -> dict[str, Any]:
        return dict(self.body.get("properties") or {})

    @property
    def parent(self) -> str:
        return str(self.properties.get("parentClusterResourceId") or "")

    @property
    def status(self) -> str:
        return str(self.properties.get("status") or "")


def find_machine(ctx: StepContext, node: str, agent: ArcAgent | None) -> ArcMachine | None:
    """The first machine named `node` in the candidate groups, with its ownership decided by
    `parentClusterResourceId` (what Register-AzStackHCI sets, facts §1.2 step 17)."""
    ours = HciTarget.of(inventory_of(ctx)).cluster_id.lower()
    plane = ctx.run.azure()
    for group in candidate_groups(ctx, node, agent):
        body = plane.arc_machine(group, node)
        if body is not None:
            parent = str((body.get("properties") or {}).get("parentClusterResourceId") or "")
            return ArcMachine(group, body, owned=parent.lower() == ours)
    return None


# --- the rungs, as plain functions on one node --------------------------------------------------


def has_local_identity(agent: ArcAgent) -> bool:
    """Connected or Expired: the agent still holds an identity `--force-local-only` would drop."""
    return agent.status.lower() != "disconnected"


def disconnect_locally(session: NodeSession) -> bool:
    """`azcmagent disconnect --force-local-only`, only when the agent is not disconnected already
    (`azcmagent show -j` first, so a second run changes nothing). True when it ran."""
    if not has_local_identity(read_arc_agent(session)):
        return False
    run_checked(session, Command.tool("azcmagent", "disconnect", "--force-local-only"))
    return True


def clean_up_node(ctx: StepContext, node: str) -> list[str]:
    """The B2 cleanup on one node: `azcmagent show` (where its resource is), disconnect locally,
    delete its Arc resource when this cluster owns it. Returns what was done, for the log."""
    session = ctx.open(node)
    agent = read_arc_agent(session)
    machine = find_machine(ctx, node, agent)  # before disconnecting: show -j still names the group
    done = []
    if disconnect_locally(session):
        done.append(f"{node}: azcmagent disconnect --force-local-only")
    if machine is not None and machine.owned:
        ctx.run.azure().delete_arc_machine(machine.group, node)
        done.append(f"{node}: deleted {machine.id}")
    elif machine is not None:
        log.warning(
            "%s: left %s in place: it belongs to %s, not this cluster",
            node,
            machine.id,
            machine.parent or "no cluster",
        )
    for line in done:
        log.info("%s", line)
    return done


@attrs.frozen
class ArcHealth:
    """One node's Arc as the agent, the cluster and Azure see it."""

    agent: ArcAgent
    integration: str  # this node's NodesArcStatus
    machine: ArcMachine | None

    @property
    def healthy(self) -> bool:
        return (
            self.agent.connected
            and self.integration == "Enabled"
            and self.machine is not None
            and self.machine.owned
            and self.machine.status.lower() == "connected"
        )

    def describe(self) -> str:
        where = (
            "no Arc resource"
            if self.machine is None
            else f"resource {self.machine.status or 'unknown'}"
            + ("" if self.machine.owned else " (another owner)")
        )
        return f"agent {self.agent.status}, integration {self.integration}, {where}"


def arc_health(ctx: StepContext) -> ArcHealth:
    agent = read_arc_agent(ctx.session)
    status = read_arc_integration(ctx.session).node_status(ctx.node) or "Disabled"
    return ArcHealth(agent, status, find_machine(ctx, ctx.node, agent))


# --- steps and the remediation ------------------------------------------------------------------

DISABLE_ARC = "Disable-AzureStackHCIArcIntegration"
ENABLE_ARC = "Enable-AzureStackHCIArcIntegration"
ANY_TEXT = re.compile("")


def arc_integration_command(session: NodeSession, cmdlet: str) -> Command:
    """Enable-/Disable-AzureStackHCIArcIntegration as Az.StackHCI calls them: where
    Get-AzureStackHCIArcIntegration has no ApplicationId (Arc onboarded with the cluster's
    managed identity, module >= 2.2.3), with -AccessToken from the node's own metadata endpoint
    (stackhci.ps1 @06618c80, `$registerArcScript` and Disable-ArcForServers; facts/imds.py);
    with the `<cluster>.arc` app, without. The token is masked wherever the command is shown."""
    if read_arc_integration(session).application_id:
        return Command.cmdlet(cmdlet)
    return Command.cmdlet(cmdlet, AccessToken=managed_identity_token(session))


@attrs.frozen
class DisableArcIntegration:
    """Rung 1. The engine's re-check after apply reads Get-AzureStackHCIArcIntegration again, so
    success means NodesArcStatus says Disabled for this node (the C7 "verify" step).
    `only_when_unhealthy`: arc-repair leaves a healthy node alone."""

    only_when_unhealthy: bool = False
    id: str = "disable_arc_integration"
    version: int = 1
    title: str = "Arc integration disabled on the node"

    def check(self, ctx: StepContext) -> Change:
        if self.only_when_unhealthy:
            health = arc_health(ctx)
            if health.healthy:
                return Change.no_op("Arc is healthy on this node: nothing to repair")
            status = health.integration
        else:
            status = read_arc_integration(ctx.session).node_status(ctx.node) or "Disabled"
        if status == "Disabled":
            return Change.no_op("NodesArcStatus says Disabled", current=status)
        return Change.change(status, "Disabled", "Disable-AzureStackHCIArcIntegration")

    def apply(self, ctx: StepContext, change: Change) -> None:
        run_or_instruct(
            ctx.session,
            arc_integration_command(ctx.session, DISABLE_ARC),
            ctx.run.inventory,
            keep=ANY_TEXT,  # any failure of the node cmdlet: for force_local_disconnect
        )


@attrs.frozen
class ForceLocalDisconnect:
    """When Disable-AzureStackHCIArcIntegration fails on the node (its own error record: the
    B2 line is the unregister wrapper's, not this cmdlet's), drop the agent's identity locally
    (rung 2); Disable then has nothing left to fail on."""

    id: str = "force_local_disconnect"

    def matches(self, error: BaseException) -> bool:
        return isinstance(error, RemoteCommandError) and error.command.startswith(DISABLE_ARC)

    def apply(self, ctx: StepContext) -> None:
        disconnect_locally(ctx.session)


@attrs.frozen
class AgentDisconnectedLocally:
    """Rung 2: the agent holds no identity any more (`azcmagent show -j` says Disconnected)."""

    id: str = "agent_disconnected"
    version: int = 1
    title: str = "Arc agent disconnected (local only)"

    def check(self, ctx: StepContext) -> Change:
        agent = read_arc_agent(ctx.session)
        if not has_local_identity(agent):
            return Change.no_op("azcmagent show: Disconnected", current=agent.status)
        return Change.change(
            agent.status,
            "Disconnected",
            "azcmagent disconnect --force-local-only (changes nothing in Azure)",
        )

    def apply(self, ctx: StepContext, change: Change) -> None:
        disconnect_locally(ctx.session)


@attrs.frozen
class DeleteOwnedArcMachine:
    """Rung 3: delete `machines/<node>` only when its parentClusterResourceId is this cluster.

    `opt_in`: the run option that must be true (arc-cleanup's --delete-azure-resources); None
    means the flow itself needs the deletion (arc-repair). A machine owned by someone else is
    left alone (`foreign_blocks`: and the node parks for a person, since re-enabling would clash
    with it, AZCM0044)."""

    opt_in: str | None = None
    foreign_blocks: bool = False
    only_when_unhealthy: bool = False
    id: str = "delete_arc_resource"
    version: int = 1
    title: str = "node's Arc resource deleted (only when this cluster owns it)"

    def check(self, ctx: StepContext) -> Change:
        if self.opt_in is not None and not ctx.option(self.opt_in):
            flag = "--" + self.opt_in.replace("_", "-")
            return Change.no_op(
                f"Azure is left alone (pass {flag} to delete the node's Arc resource when this "
                "cluster owns it)"
            )
        if self.only_when_unhealthy:
            health = arc_health(ctx)
            if health.healthy:
                return Change.no_op("Arc is healthy on this node: nothing to repair")
            machine = health.machine
        else:
            machine = find_machine(ctx, ctx.node, read_arc_agent(ctx.session))
        if machine is None:
            return Change.no_op(f"no Arc resource named {ctx.node}")
        if not machine.owned:
            reason = (
                f"{machine.id} belongs to {machine.parent or 'no cluster'}, not this cluster; "
                "it is never deleted by this flow"
            )
            if self.foreign_blocks:
                raise NeedsOperator(
                    f"{ctx.node}: {reason}. Enabling Arc would clash with it (AZCM0044): delete or "
                    "rename that resource yourself if it is stale, then run again"
                )
            return Change.no_op(reason, current=machine.id)
        return Change.change(machine.id, "deleted", "owned by this cluster")

    def apply(self, ctx: StepContext, change: Change) -> None:
        machine = find_machine(ctx, ctx.node, read_arc_agent(ctx.session))
        if machine is not None and machine.owned:
            ctx.run.azure().delete_arc_machine(machine.group, ctx.node)


@attrs.frozen
class EnableArcIntegration:
    """Enable-AzureStackHCIArcIntegration: the node onboards again as the cluster's Arc identity."""

    id: str = "enable_arc_integration"
    version: int = 1
    title: str = "Arc integration enabled and the node's resource connected"

    def check(self, ctx: StepContext) -> Change:
        health = arc_health(ctx)
        if health.healthy:
            return Change.no_op("Arc is healthy on this node", current="Enabled")
        return Change.change(health.describe(), "Enabled, resource Connected", "not healthy")

    def apply(self, ctx: StepContext, change: Change) -> None:
        run_or_instruct(
            ctx.session, arc_integration_command(ctx.session, ENABLE_ARC), ctx.run.inventory
        )
