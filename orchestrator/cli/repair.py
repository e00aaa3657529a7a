"""`orchestrate repair`: repair the registration, keeping its resource."""

from __future__ import annotations

import click

from orchestrator.cli.flowrun import DeclaredWorkflow, FlowInvocation, flow_verb

# Loaded when the verb runs (its steps import the engine and the catalog), not for --help.
WORKFLOW = DeclaredWorkflow("workflows.repair", scope="cluster")


@click.command(short_help="Repair the registration, keeping its Azure resource.")
@flow_verb(WORKFLOW)
def repair(flow: FlowInvocation) -> None:
    """Repair the cluster's registration, keeping its resource.

    Runs Register-AzStackHCI -RepairRegistration with the resource name, group and region
    recorded on the cluster. Repairs only when something needs it: the cluster's app registration is gone, nodes are
    Disconnected or OutOfPolicy (event 591), or the portal shows Arc Not Installed. Exit 0
    repaired (or healthy), 1 failed or blocked, 5 needs an operator (event 594: manual steps);
    with --dry-run --detailed-exitcode, 3 when a repair is pending."""
    inventory = flow.inventory()
    flow.run(inventory, flow.nodes(inventory))
