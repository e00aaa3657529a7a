"""`orchestrate arc-repair`: repair Arc on the named node(s), one node at a time."""

from __future__ import annotations

import click

from orchestrator.cli.flowrun import (
    check_plan_flags,
    mutating_options,
    plan_or_run,
)
from orchestrator.cli.support import (
    inventory_option,
    load,
    output_option,
    select_nodes,
)
from orchestrator.steps.arc import azure_target
from workflows.arc_repair import DEFAULT_WARMUP_MINUTES, WORKFLOW


@click.command("arc-repair")
@inventory_option
@output_option
@click.option(
    "--limit",
    required=True,
    metavar="NODES",
    help="The node(s) to repair, comma-separated; they are repaired one at a time.",
)
@mutating_options
@click.option(
    "--warmup-minutes",
    type=click.FloatRange(min=0),
    default=DEFAULT_WARMUP_MINUTES,
    show_default=True,
    help="Refuse while any node of the cluster booted less than this long ago "
    "(Sync-AzureStackHCI then deletes that node's Arc resource, C6).",
)
@click.pass_context
def arc_repair(
    ctx: click.Context,
    inventory_path: str,
    output: str,
    limit: str,
    max_fail_percent: float | None,
    dry_run: bool,
    plan_out: str | None,
    detailed_exitcode: bool,
    warmup_minutes: float,
) -> None:
    """Repair Arc on the named nodes, one at a time.

    Disable Arc integration, verify it is Disabled, delete the node's Arc resource (only when
    this cluster owns it), enable, Sync-AzureStackHCI.

    A healthy node is left alone. Exit 0 done, 1 failed, 5 refused (a node is warming up after
    a reboot: the message says until when) or needs an operator."""
    check_plan_flags(dry_run, plan_out, detailed_exitcode)
    inventory = load(inventory_path)
    azure_target(inventory)  # the node's Arc resource lives in Azure: exit 2 when unknown
    nodes = select_nodes(inventory, limit)
    plan_or_run(
        ctx,
        WORKFLOW,
        inventory,
        nodes,
        dry_run=dry_run,
        output=output,
        plan_out=plan_out,
        detailed_exitcode=detailed_exitcode,
        parallel=1,  # one node at a time: each repair ends in a cluster-wide sync
        max_fail_percent=max_fail_percent,
        options={"warmup_minutes": warmup_minutes},
    )
