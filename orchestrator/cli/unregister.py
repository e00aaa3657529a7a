"""`orchestrate unregister`: Unregister-AzStackHCI once on the entry node, guarded against the
wrong cloud/subscription/tenant (B1), with the Arc cleanup it needs (B2, C2) and the leftovers
it cannot remove itself (B1 with --cleanup-azure, B3 app registrations)."""

from __future__ import annotations

import click

from orchestrator.cli.flowrun import DeclaredWorkflow, FlowInvocation, flow_verb

# Loaded when the verb runs (its steps import the engine and the catalog), not for --help.
WORKFLOW = DeclaredWorkflow("workflows.unregister", scope="cluster")


@click.command()
@flow_verb(WORKFLOW)
@click.option(
    "--cleanup-azure",
    is_flag=True,
    help="When the cluster is already unregistered locally (B1), delete the HCI resource and "
    "the Arc resources this cluster owns, and its two app registrations.",
)
@click.option(
    "--update-module",
    is_flag=True,
    help="After unregistering, update Az.StackHCI on the entry node (C10: 1.4.1 and earlier "
    "keep Arc machines in a separate resource group).",
)
def unregister(flow: FlowInvocation, cleanup_azure: bool, update_module: bool) -> None:
    """Unregister the cluster from Azure and clean up after it.

    Runs Unregister-AzStackHCI once, on the entry node, then removes what the cmdlet leaves
    behind (app registrations; with --cleanup-azure, resources of this cluster). Refuses (exit 5) when the registration recorded on the cluster is not the inventory's
    azure section. Exit 0 done, 1 failed, 5 refused or needs an operator; with --dry-run
    --detailed-exitcode, 3 when changes are pending."""
    inventory = flow.inventory()
    inventory.require_azure()  # unregistering talks to Azure: exit 2 now when the section is missing
    flow.run(
        inventory,
        flow.nodes(inventory),
        options={"cleanup_azure": cleanup_azure, "update_module": update_module},
    )
