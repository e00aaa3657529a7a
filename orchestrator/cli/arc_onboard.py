"""`orchestrate arc-onboard`: connect standalone servers to Azure Arc with a service principal."""

from __future__ import annotations

import click

from orchestrator.cli.arc_options import arc_options, service_principal_options
from orchestrator.cli.flowrun import DeclaredWorkflow, FlowInvocation, flow_verb

# Loaded when the verb runs (its steps import the engine and the catalog), not for --help.
WORKFLOW = DeclaredWorkflow("workflows.arc_onboard", scope="node")


@click.command("arc-onboard")
@flow_verb(WORKFLOW)
@service_principal_options(required=True)
@click.option(
    "--tags",
    default=None,
    metavar="TAGS",
    help="Extra tags, \"Name=Value,Other='With spaces'\" (added to the inventory's azure.tags).",
)
@click.option("--correlation-id", default=None, metavar="GUID", help="Passed to azcmagent.")
@click.option(
    "--resource-name",
    default="{node}",
    show_default=True,
    metavar="TEMPLATE",
    help="Arc resource name per server; {node} is the node's name.",
)
def arc_onboard(
    flow: FlowInvocation,
    service_principal_id: str | None,
    secret_env: str,
    tags: str | None,
    correlation_id: str | None,
    resource_name: str,
) -> None:
    """Connect servers to Azure Arc with a service principal.

    Runs `azcmagent connect` on every standalone server of the inventory, into its azure
    subscription, arc_resource_group (else resource_group), region, cloud and tenant.

    Servers already connected to the requested target are left alone; one connected elsewhere
    is refused. Exit 0 all connected, 4 some failed, 1 all failed or a pre-check blocked the
    run, 5 some need an operator (the reason and the fix are shown), 2 bad input (nothing
    ran); with --dry-run --detailed-exitcode, 3 when changes are pending."""
    inventory = flow.inventory()
    nodes = flow.nodes(inventory)
    options = arc_options(
        inventory,
        nodes,
        service_principal_id=service_principal_id,
        secret_env=secret_env,
        needs_principal=True,
        needs_secret=not flow.dry_run,
        tags=tags,
        correlation_id=correlation_id,
        resource_name=resource_name,
    )
    flow.run(inventory, nodes, options=options)
