"""`orchestrate register`: register the cluster with Azure and Arc-enable every node."""

from __future__ import annotations

import click

from orchestrator.cli.flowrun import (
    check_plan_flags,
    mutating_options,
    plan_or_run,
)
from orchestrator.cli.support import (
    inventory_option,
    limit_option,
    load,
    output_option,
    parallel_option,
    select_nodes,
)
from workflows.register import WORKFLOW


@click.command(short_help="Register the cluster with Azure and Arc-enable every node.")
@inventory_option
@output_option
@parallel_option
@limit_option
@mutating_options
@click.pass_context
def register(
    ctx: click.Context,
    inventory_path: str,
    output: str,
    parallel: int,
    limit: str | None,
    max_fail_percent: float | None,
    dry_run: bool,
    plan_out: str | None,
    detailed_exitcode: bool,
) -> None:
    """Register the cluster with Azure and Arc-enable every node.

    Runs Register-AzStackHCI once, on the entry node. Pre-checks every node and Azure first; nothing changes until all pass. A proxy for the
    nodes goes in the inventory (cluster.https_proxy). Exit 0 registered (or already was),
    1 failed or blocked, 5 needs an operator (e.g. admin consent; run again afterwards);
    with --dry-run --detailed-exitcode, 3 when changes are pending."""
    check_plan_flags(dry_run, plan_out, detailed_exitcode)
    inventory = load(inventory_path)
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
        parallel=parallel,
        max_fail_percent=max_fail_percent,
    )
