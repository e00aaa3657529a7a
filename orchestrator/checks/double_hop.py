"""Can the entry node (which runs Register-/Unregister-AzStackHCI) open a session to every node?

The cluster cmdlets reach the other nodes from inside our session on the entry node: a second
hop, which Windows refuses unless CredSSP or Kerberos (resource-based) constrained delegation
allows our credentials to travel on (facts §0.2, DESIGN §3). Certificates for nodes that
cannot be reached this way fail with "Couldn't generate self-signed certificate on node(s)"
(seeds/000).
"""

from __future__ import annotations

import attrs

from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.errors import TransportError
from orchestrator.transport.base import Command

DELEGATION_FIX = (
    "Allow the second hop from {entry} to {node}: either configure Kerberos resource-based "
    "constrained delegation (on {node}'s computer object, `Set-ADComputer {node} "
    "-PrincipalsAllowedToDelegateToAccount (Get-ADComputer {entry})`), or use CredSSP "
    "(`Enable-WSManCredSSP -Role Client -DelegateComputer {entry}` where the session starts, "
    "`Enable-WSManCredSSP -Role Server` on {entry}, and connection.auth: credssp). Confirm with "
    "`New-PSSession -ComputerName {node}` run inside a session on {entry}."
)
UNREACHABLE_FIX = (
    "{entry} cannot reach {node} over WinRM although this host can: check name resolution and "
    "the firewall between the nodes (TCP 5985/5986), then `New-PSSession -ComputerName {node}` "
    "on {entry}."
)


@attrs.frozen
class DoubleHopCheck:
    """`New-PSSession -ComputerName <node>` run inside the entry node's session. The node's
    computer name, not the address this host uses: inside the cluster the cmdlets reach the
    nodes by the names Get-ClusterNode lists."""

    name: str = "double-hop"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        connector = ctx.connector
        if connector is None or connector.inventory is None:
            return CheckResult(ctx.node, self.name, Status.SKIPPED, "no cluster inventory")
        cluster = connector.inventory.cluster
        entry = cluster.entry_node
        if entry.name.lower() == ctx.node.lower():
            return CheckResult(
                ctx.node, self.name, Status.PASS, "entry node: runs the cluster cmdlets"
            )
        node = cluster.node(ctx.node)
        try:
            session = connector.transport.open(entry.name)
            result = session.run(Command.cmdlet("New-PSSession", ComputerName=node.name))
        except TransportError as error:
            return CheckResult(
                ctx.node,
                self.name,
                Status.SKIPPED,
                f"entry node {entry.name} unreachable ({error.message.split('. ')[0]})",
            )
        if not result.errors:
            return CheckResult(ctx.node, self.name, Status.PASS, f"{entry.name} -> {node.name}")
        record = result.errors[0]
        fqid = record.fully_qualified_error_id or ""
        fix = DELEGATION_FIX if fqid.startswith("AccessDenied") else UNREACHABLE_FIX
        return CheckResult(
            ctx.node,
            self.name,
            Status.FAIL,
            f"{entry.name} -> {node.name}: {fqid.split(',')[0] or 'failed'}",
            f"{record.message} " + fix.format(entry=entry.name, node=node.name),
        )
