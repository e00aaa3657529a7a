"""Can the node reach the chosen cloud's endpoints over HTTPS (SCENARIOS.md A3, A11, D3)?

The endpoint list per cloud is orchestrator/data/clouds.json (with its sources). Every endpoint is
probed from the node with Invoke-WebRequest, all at once in one remote call (facts/network.py
`https_probes`, issue 16.5), through the proxy the node will use: the inventory's
`cluster.https_proxy` when set (a flow sets it on the nodes before registering), else the node's
machine `https_proxy`, else direct. Failures are classified so the fix names the right team:
DNS, firewall, proxy, TLS inspection.
"""

from __future__ import annotations

from collections import defaultdict

import attrs

from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.clouds import clouds
from orchestrator.facts.network import Reach, https_probes, machine_proxy
from orchestrator.transport.base import NodeSession

# Hosts the nodes themselves call: hcisvc (authority, HCI data plane), the module's Az calls and
# the Arc agent (ARM, the Arc endpoints). Graph is only called by the resource provider.
NODE_ENDPOINTS = (
    "authority",
    "arm",
    "hci_dataplane",
    "arc_login",
    "arc_pas",
    "arc_his",
    "arc_guestconfig",
    "arc_notification",
)

_FIX = {
    Reach.DNS: (
        "{node} cannot resolve {hosts}: make its DNS servers resolve these public names (or "
        "forward them), then `Resolve-DnsName <host>` on {node}."
    ),
    Reach.FIREWALL: (
        "Nothing answers from {node} to {hosts} on TCP 443: allow outbound HTTPS to them in the "
        "firewall (`Test-NetConnection <host> -Port 443` on {node} shows TcpTestSucceeded once open)."
    ),
    Reach.PROXY: (
        "{hosts} refuse {node}'s direct requests (403 Forbidden): this network needs a proxy. Set "
        "cluster.https_proxy in the inventory to your proxy URL; `orchestrate register` then sets "
        "the machine proxy (`setx https_proxy URL /M`) and restarts himds on every node (seeds/001)."
    ),
    Reach.TLS: (
        "The TLS chain for {hosts} seen from {node} is not trusted: something in the path "
        "inspects TLS. Exempt these hosts from TLS inspection; Azure Arc and the HCI service "
        "pin Microsoft's certificates."
    ),
}
_PROXY_REFUSES = (
    "The proxy {proxy} refuses {hosts} for {node}: allow these hosts on the proxy (or fix its "
    "authentication), then re-run the pre-checks."
)


def fixes_for(node: str, failed: dict[Reach, list[str]], proxy: str | None) -> str:
    """One fix per kind of failure, naming the blocked hosts (shared with the Azure Local list)."""
    fixes = []
    for reach, blocked in failed.items():
        template = _PROXY_REFUSES if reach is Reach.PROXY and proxy else _FIX[reach]
        fixes.append(template.format(node=node, hosts=", ".join(blocked), proxy=proxy))
    return " ".join(fixes)


def unreachable_by_cause(
    session: NodeSession, hosts: list[str], proxy: str | None
) -> dict[Reach, list[str]]:
    """The hosts this node cannot reach, grouped by cause; every host probed at once, in one
    remote call on the node (issue 16.5). Shared by every endpoint check."""
    failed: dict[Reach, list[str]] = defaultdict(list)
    for probe in https_probes(session, hosts, proxy):
        if probe.reach is not Reach.OK:
            failed[probe.reach].append(probe.host)
    return failed


def describe_unreachable(failed: dict[Reach, list[str]]) -> str:
    """'tls: a, b; dns: c', the cause before the hosts it blocked."""
    return "; ".join(f"{reach.value}: {', '.join(hosts)}" for reach, hosts in failed.items())


def _endpoint_hosts(cloud: str) -> list[str]:
    endpoints = clouds()[cloud].endpoints
    return list(dict.fromkeys(endpoints[key] for key in NODE_ENDPOINTS))


@attrs.frozen
class ConnectivityCheck:
    """Every node-side endpoint of the inventory's cloud, from this node."""

    name: str = "connectivity"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        inventory = ctx.connector.inventory if ctx.connector else None
        if inventory is None or inventory.azure is None:
            return CheckResult(ctx.node, self.name, Status.SKIPPED, "no azure target")
        hosts = _endpoint_hosts(inventory.azure.cloud)
        proxy = inventory.cluster.https_proxy or machine_proxy(ctx.session)
        failed = unreachable_by_cause(ctx.session, hosts, proxy)
        via = f"via proxy {proxy}" if proxy else "direct"
        if not failed:
            return CheckResult(
                ctx.node, self.name, Status.PASS, f"{len(hosts)} endpoints reachable ({via})"
            )
        observed = describe_unreachable(failed)
        fix = fixes_for(ctx.node, failed, proxy)
        return CheckResult(ctx.node, self.name, Status.FAIL, f"{observed} ({via})", fix)
