"""`orchestrate status`: registration, connection, last sync, policy and Arc state per node."""

from __future__ import annotations

import click

from orchestrator.cli.flowrun import DeclaredWorkflow, check_and_report
from orchestrator.cli.list_nodes import list_nodes as show_nodes
from orchestrator.cli.list_nodes import list_nodes_option
from orchestrator.cli.support import (
    insecure_option,
    inventory_option,
    limit_option,
    load,
    output_option,
    parallel_option,
    select_nodes,
)

# Loaded when the verb runs (its checks import the engine and the catalog), not for --help.
WORKFLOW = DeclaredWorkflow("workflows.status", scope="node")


@click.command(short_help="Registration, sync, policy and Arc per node (read-only).")
@inventory_option
@output_option
@parallel_option
@limit_option
@list_nodes_option
@insecure_option
def status(
    inventory_path: str,
    output: str,
    parallel: int,
    limit: str | None,
    list_nodes: bool,
    insecure: bool,
) -> None:
    """Show how the cluster stands with Azure (read-only).

    Per node: registration and connection, days since the last sync, OutOfPolicy events, and
    the node's Arc state (as the node, its agent and the portal see it).

    Exit 0 when nothing fails (warnings allowed, e.g. Arc still projecting after registration),
    1 when something needs fixing (each finding names the command), 2 for bad input."""
    inventory = load(inventory_path)
    nodes = select_nodes(inventory, limit)
    if list_nodes:
        show_nodes("status", inventory, nodes, output=output)
    check_and_report(
        WORKFLOW.load(),
        inventory,
        nodes,
        insecure=insecure,
        parallel=parallel,
        output=output,
        command="status",
        title=f"Status of cluster {inventory.cluster.name} ({len(nodes)} nodes)",
    )
