"""`orchestrate arc-repair`: repair Arc on the named node(s), one node at a time."""

from __future__ import annotations

import click

from orchestrator.cli.completion import complete_limit
from orchestrator.cli.flowrun import DeclaredWorkflow, FlowInvocation, flow_verb
from orchestrator.cli.support import join_limits
from orchestrator.steps.verb_constants import DEFAULT_WARMUP_MINUTES

# Loaded when the verb runs (its steps import the engine and the catalog), not for --help.
WORKFLOW = DeclaredWorkflow("workflows.arc_repair", scope="node")

_named_nodes = click.option(
    "--limit",
    required=True,
    multiple=True,
    callback=join_limits,
    shell_complete=complete_limit,
    metavar="NODES",
    help="The node(s) to repair (names, a comma list, globs, !exclusions, as for the other "
    "verbs' --limit); they are repaired one at a time.",
)


# parallel=1, one node at a time: each repair ends in a cluster-wide sync
@click.command("arc-repair")
@flow_verb(WORKFLOW, parallel=1, limit=_named_nodes)
@click.option(
    "--warmup-minutes",
    type=click.FloatRange(min=0),
    default=DEFAULT_WARMUP_MINUTES,
    show_default=True,
    help="Refuse while any node of the cluster booted less than this long ago "
    "(Sync-AzureStackHCI then deletes that node's Arc resource, C6).",
)
def arc_repair(flow: FlowInvocation, warmup_minutes: float) -> None:
    """Repair Arc on the named nodes, one at a time.

    Disable Arc integration, verify it is Disabled, delete the node's Arc resource (only when
    this cluster owns it), enable, Sync-AzureStackHCI.

    A healthy node is left alone. Exit 0 done, 1 failed, 5 refused (a node is warming up after
    a reboot: the message says until when) or needs an operator."""
    inventory = flow.inventory()
    inventory.require_azure()  # the node's Arc resource lives in Azure: exit 2 when unknown
    flow.run(inventory, flow.nodes(inventory), options={"warmup_minutes": warmup_minutes})
