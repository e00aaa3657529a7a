"""`orchestrate arc-initialize`: Arc-first registration of Azure Local 23H2+ machines."""

from __future__ import annotations

import click

from orchestrator.cli.flowrun import DeclaredWorkflow, FlowInvocation, flow_verb
from workflows import validate_options

# Loaded when the verb runs (its steps import the engine and the catalog), not for --help.
WORKFLOW = DeclaredWorkflow("workflows.arc_initialize", scope="node")


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
    options = validate_options(
        flow.workflow.name,
        {"arc_gateway_id": arc_gateway_id, "proxy_bypass": proxy_bypass},
        inventory,
        lambda option: "--" + option.replace("_", "-"),
    )
    flow.run(inventory, flow.nodes(inventory), options=options)
