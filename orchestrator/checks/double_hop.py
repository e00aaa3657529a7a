"""Can the entry node open the sessions Register-/Unregister-AzStackHCI open from it?

The cluster cmdlets run inside our session on the entry node (`cluster.cmdlet_host`) and, with
no -Credential, open from there (stackhci.ps1 @06618c80): `New-PSSession` to localhost
(Get-SetupLoggingDetails, Write-NodeEventLog), to every node as `<node>.<cluster DNS suffix>`
(Setup-Certificates, Enable-/Disable-ArcForServers, Remove-AzureStackHCIRegistrationCertificate)
and to the cluster's DNS name (the clustered ArcRegistrationTask). Each is a second hop: Windows
refuses it unless the caller's credentials were delegated to the entry node. Microsoft lists
CredSSP for that, and says Kerberos constrained delegation, resource-based or not, "doesn't
support the second hop for WinRM" (MicrosoftDocs/PowerShell-Docs
reference/docs-conceptual/security/remoting/PS-remoting-second-hop.md @5de6d9e0). From a
controller running pypsrp the working ways are CredSSP (`auth: credssp`) or Kerberos with the
ticket forwarded to the entry node (`auth: kerberos`, `negotiate_delegate: true`); docs/psrp.md
has the steps. Certificates for nodes that cannot be reached fail with "Couldn't generate
self-signed certificate on node(s)" (seeds/000).

The check does what the cmdlet does: from the entry node, without explicit credentials, the same
names, and closes each session it opened. Every node's row needs a session from the entry node,
so one probe per run opens them all in ONE `New-PSSession -ComputerName a,b,...` (the cmdlet
connects to the computers concurrently, up to -ThrottleLimit, default 32: MicrosoftDocs/
PowerShell-Docs reference/5.1/Microsoft.PowerShell.Core/New-PSSession.md); each node's row
reads its own targets from it (issue 16.5: the rows no longer queue on the entry node's
session).

The same remote call reads every node's CIM_OperatingSystem in the sessions it opened
(`Invoke-Command -Session`, each answer tagged with PSComputerName) and removes them: the
tool's fixed script SESSIONS_OS_INFO (transport/scripts.py, with its sources). So the probe is
Get-Cluster plus one call, and the release guard of a flow that makes this probe anyway takes
its OS reads from it instead of reading every node itself (issue 16: a resume's guard costs
two calls, not one per node); the guard hands the probe over to the run (`Connector.hand_over`,
`PROBE_KEY`), so the rows read it without asking again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.errors import TransportError
from orchestrator.transport.base import Command, NodeSession
from orchestrator.transport.scripts import SESSIONS_OS_INFO

if TYPE_CHECKING:
    from orchestrator.transport.factory import Connector

DELEGATION_FIX = (
    "The entry node {entry} holds no credentials it may pass on, so it cannot open the sessions "
    "the cluster cmdlets open. Delegate them, one of: (1) CredSSP: on every node "
    "`Enable-WSManCredSSP -Role Server -Force`; on a Windows machine that starts the session "
    "`Enable-WSManCredSSP -Role Client -DelegateComputer '*.<domain>'` and the policy "
    "AllowFreshCredentials with `WSMAN/*`; in the inventory connection.auth: credssp (pip "
    "extra [credssp]); (2) Kerberos with the ticket forwarded: connection.auth: kerberos and "
    "negotiate_delegate: true (pip extra [kerberos]), a forwardable ticket (`kinit -f`), and "
    "{entry}'s computer account trusted for delegation. Resource-based or classic Kerberos "
    "constrained delegation does not carry the WinRM second hop (PS-remoting-second-hop). "
    "Steps: docs/psrp.md, 'The double hop'. Confirm with `New-PSSession -ComputerName {target}` "
    "run inside a session on {entry}."
)
UNREACHABLE_FIX = (
    "{entry} cannot reach {target} over WinRM although this host can reach the nodes: check "
    "that the name resolves on {entry} (the cmdlets use `<node>.<cluster DNS suffix>` and the "
    "cluster's DNS name) and the firewall between them (TCP 5985/5986), then `New-PSSession "
    "-ComputerName {target}` on {entry}."
)


def cluster_dns(session: NodeSession) -> tuple[str, str] | None:
    """(cluster name, DNS suffix) from `Get-Cluster` on the node: the module builds node FQDNs
    as `<node>.<suffix>` (Get-ClusterDNSSuffix) and reaches the cluster by its DNS name."""
    result = session.run(Command.cmdlet("Get-Cluster"))
    info: Any = result.first
    if result.errors or not isinstance(info, dict) or not info.get("Name"):
        return None
    return str(info["Name"]), str(info.get("Domain") or "")


def _fqdn(name: str, suffix: str) -> str:
    return f"{name}.{suffix}" if suffix and "." not in name else name


@attrs.frozen
class DoubleHopCheck:
    """On the entry node's row: localhost and the cluster's DNS name; on each other node's row:
    `<node>.<suffix>`; each opened from the entry node's session, then closed."""

    name: str = "double-hop"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        connector = ctx.connector
        if connector is None or connector.inventory is None:
            return CheckResult(ctx.node, self.name, Status.SKIPPED, "no cluster inventory")
        cluster = connector.inventory.cluster
        entry = cluster.entry_node
        try:
            # the run guard's probe, handed over; else one probe per run for every node's
            # row, whichever row asks first
            probe = connector.handed(PROBE_KEY) or connector.once(
                f"{self.name}:{entry.name.lower()}", lambda: entry_probe(connector)
            )
        except TransportError as error:
            return CheckResult(
                ctx.node,
                self.name,
                Status.SKIPPED,
                f"entry node {entry.name} unreachable ({error.message.split('. ')[0]})",
            )
        targets = probe.targets[ctx.node.lower()]
        failures = [f for f in probe.failures if f[0] in targets]
        if not failures:
            return CheckResult(
                ctx.node,
                self.name,
                Status.PASS,
                ", ".join(f"{entry.name} -> {t}" for t in targets),
            )
        target, fqid, message = failures[0]
        fix = DELEGATION_FIX if fqid.startswith("AccessDenied") else UNREACHABLE_FIX
        return CheckResult(
            ctx.node,
            self.name,
            Status.FAIL,
            "; ".join(
                f"{entry.name} -> {t}: {f.split(',')[0] or 'failed'}" for t, f, _ in failures
            ),
            f"{message} " + fix.format(entry=entry.name, target=target),
        )


# The key the release guard hands its entry probe over under (Connector.hand_over / handed).
PROBE_KEY = "double-hop:probe"


@attrs.frozen
class EntryProbe:
    """The sessions the entry node opened: each node's targets, (target,
    FullyQualifiedErrorId, message) per target that failed, and the CIM_OperatingSystem answer
    read in each node's own session (node, lower case -> answer; a node whose session failed
    or whose read gave nothing is absent)."""

    targets: dict[str, list[str]]
    failures: list[tuple[str, str, str]]
    os_info: dict[str, dict[str, Any]] = attrs.field(factory=dict)


def entry_probe(connector: Connector) -> EntryProbe:
    """From the entry node's session: the cluster's DNS names, then ONE call for every node's
    targets at once (SESSIONS_OS_INFO: New-PSSession, Invoke-Command -Session of the OS read,
    Remove-PSSession). TransportError when the entry node cannot be reached."""
    assert connector.inventory is not None
    cluster = connector.inventory.cluster
    entry = cluster.entry_node
    session = connector.transport.open(entry.name)
    dns = cluster_dns(session)
    suffix = dns[1] if dns else ""
    targets = {
        node.name.lower(): (
            ["localhost", _fqdn(dns[0] if dns else cluster.name, suffix)]
            if node.name.lower() == entry.name.lower()
            else [_fqdn(node.name, suffix)]
        )
        for node in cluster.nodes
    }
    if entry.name.lower() not in targets:  # --limit cannot drop it, but be safe
        targets[entry.name.lower()] = ["localhost", _fqdn(dns[0] if dns else cluster.name, suffix)]
    everyone = list(dict.fromkeys(t for node_targets in targets.values() for t in node_targets))
    result = session.run(Command.script_block(SESSIONS_OS_INFO, ComputerName=tuple(everyone)))
    failures = []
    for record in result.errors:  # only New-PSSession's: the script silences Invoke-Command's
        # PowerShell prefixes each failure with "[<computer>] "
        target = next((t for t in everyone if record.message.startswith(f"[{t}]")), everyone[0])
        failures.append((target, record.fully_qualified_error_id or "", record.message))
    # A node's own session: `localhost` for the entry node, `<node>.<suffix>` for the others
    # (the cluster name's session answers for whichever node owns it: not used).
    own = {node_targets[0].lower(): node for node, node_targets in targets.items()}
    os_info: dict[str, dict[str, Any]] = {}
    for item in result.output:
        if isinstance(item, dict):
            node = own.get(str(item.get("PSComputerName") or "").lower())
            if node is not None:
                os_info[node] = item
    return EntryProbe(targets, failures, os_info)
