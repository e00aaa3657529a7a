"""`orchestrate register`: register the cluster with Azure and Arc-enable every node."""

from __future__ import annotations

import click

from orchestrator.cli.flowrun import DeclaredWorkflow, FlowInvocation, flow_verb

# Loaded when the verb runs (its steps import the engine and the catalog), not for --help.
WORKFLOW = DeclaredWorkflow("workflows.register", scope="cluster")


@click.command(short_help="Register the cluster with Azure and Arc-enable every node.")
@flow_verb(WORKFLOW)
def register(flow: FlowInvocation) -> None:
    """Register the cluster with Azure and Arc-enable every node.

    Runs Register-AzStackHCI once, on the entry node. Pre-checks every node and Azure first; nothing changes until all pass. A proxy for the
    nodes goes in the inventory (cluster.https_proxy). Exit 0 registered (or already was),
    1 failed or blocked, 5 needs an operator (e.g. admin consent; run again afterwards);
    with --dry-run --detailed-exitcode, 3 when changes are pending."""
    inventory = flow.inventory()
    flow.run(inventory, flow.nodes(inventory))
