"""`orchestrate arc-cleanup`: the safe Arc cleanup ladder on the targeted nodes."""

from __future__ import annotations

import click

from orchestrator.cli.flowrun import DeclaredWorkflow, FlowInvocation, flow_verb

# Loaded when the verb runs (its steps import the engine and the catalog), not for --help.
WORKFLOW = DeclaredWorkflow("workflows.arc_cleanup", scope="node")


@click.command("arc-cleanup")
@flow_verb(WORKFLOW)
@click.option(
    "--delete-azure-resources",
    is_flag=True,
    help="Also delete each node's Arc resource in Azure, only when this cluster owns it "
    "(its parentClusterResourceId is the cluster's resource).",
)
def arc_cleanup(flow: FlowInvocation, delete_azure_resources: bool) -> None:
    """Disable Arc integration and disconnect the agent locally.

    On every node (or --limit): Disable-AzureStackHCIArcIntegration, then `azcmagent
    disconnect --force-local-only`; with --delete-azure-resources also delete the node's Arc
    resource when this cluster owns it.

    Exit 0 done, 4 some nodes failed, 1 all failed, 5 needs an operator; with --dry-run
    --detailed-exitcode, 3 when changes are pending."""
    inventory = flow.inventory()
    if delete_azure_resources:
        inventory.require_azure()  # deleting needs the azure section: exit 2 before anything
    flow.run(
        inventory,
        flow.nodes(inventory),
        options={"delete_azure_resources": delete_azure_resources},
    )
