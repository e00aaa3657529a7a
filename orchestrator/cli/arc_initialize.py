"""`orchestrate arc-initialize`: Arc-first registration of Azure Local 23H2+ machines."""

from __future__ import annotations

import re

import click

from orchestrator.cli.flowrun import FlowInvocation, flow_verb
from orchestrator.errors import InputError
from orchestrator.inventory.models import Inventory
from workflows.arc_initialize import WORKFLOW

# /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.HybridCompute/gateways/<name>
# (deployment-azure-arc-gateway-overview.md: the Arc gateway is a Microsoft.HybridCompute resource)
_GATEWAY_ID = re.compile(
    r"^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[\w.()-]{1,90}"
    r"/providers/Microsoft\.HybridCompute/gateways/[\w.-]{1,80}$",
    re.IGNORECASE,
)


def check_gateway(value: str | None) -> str | None:
    if value is None:
        return None
    if not _GATEWAY_ID.match(value.strip()):
        raise InputError(
            "--arc-gateway-id",
            "not an Arc gateway resource ID; use /subscriptions/<id>/resourceGroups/<group>/"
            "providers/Microsoft.HybridCompute/gateways/<name> (the gateway's Properties page)",
        )
    return value.strip()


def check_bypass(value: str | None, inventory: Inventory) -> str | None:
    """Microsoft's rules for the bypass list (deployment-without-azure-arc-gateway.md,
    Configurator app): comma separated, no CIDR, no <local>, and at least every machine's name."""
    if value is None:
        return None
    entries = [e.strip() for e in value.split(",") if e.strip()]
    for entry in entries:
        if "/" in entry:
            raise InputError(
                "--proxy-bypass",
                f"{entry!r}: CIDR notation isn't supported in the bypass list; use a wildcard "
                "such as 192.168.1.*",
            )
        if entry.lower() == "<local>":
            raise InputError(
                "--proxy-bypass", "'<local>' isn't supported in the bypass list; use localhost"
            )
    names = {e.lower() for e in entries}
    missing = [n.name for n in inventory.cluster.nodes if n.name.lower() not in names]
    if missing:
        raise InputError(
            "--proxy-bypass",
            f"add the machines' names ({', '.join(missing)}): the bypass list must hold each "
            "machine's NetBIOS name and IP address",
        )
    return ",".join(entries)


@click.command("arc-initialize")
@flow_verb(WORKFLOW)
@click.option(
    "--arc-gateway-id",
    default=None,
    metavar="RESOURCE_ID",
    help="Register through this Azure Arc gateway (its resource ID); the endpoint pre-check "
    "then probes the gateway's reduced list.",
)
@click.option(
    "--proxy-bypass",
    default=None,
    metavar="LIST",
    help="Comma-separated proxy bypass list handed to the cmdlet with cluster.https_proxy "
    "(each machine's name and IP, wildcards like 192.168.1.*; no CIDR, no <local>).",
)
def arc_initialize(
    flow: FlowInvocation, arc_gateway_id: str | None, proxy_bypass: str | None
) -> None:
    """Register Azure Local 23H2+ machines with Azure Arc.

    On every node in parallel: Invoke-AzStackHciArcInitialization with the inventory's
    subscription, resource group, tenant, region and cloud and your ARM token, then wait for
    the mandatory Azure Local extensions to reach Succeeded. Refused (exit 5) on Azure Stack
    HCI 21H2/22H2 nodes and on machines already registered elsewhere. Exit 0 done, 4 some
    nodes failed, 1 all failed, 5 refused or needs an operator; with --dry-run
    --detailed-exitcode, 3 when changes are pending."""
    inventory = flow.inventory()
    inventory.require_azure()
    options = {
        "arc_gateway_id": check_gateway(arc_gateway_id),
        "proxy_bypass": check_bypass(proxy_bypass, inventory),
    }
    flow.run(inventory, flow.nodes(inventory), options=options)
