"""`orchestrate repair`: repair the registration, keeping its resource."""

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
from workflows.repair import WORKFLOW


@click.command(short_help="Repair the registration, keeping its Azure resource.")
@inventory_option
@output_option
@parallel_option
@limit_option
@mutating_options
@click.pass_context
def repair(
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
    """Repair the cluster's registration, keeping its resource.

    Runs Register-AzStackHCI -RepairRegistration with the resource name, group and region
    recorded on the cluster. Repairs only when something needs it: the cluster's app registration is gone, nodes are
    Disconnected or OutOfPolicy (event 591), or the portal shows Arc Not Installed. Exit 0
    repaired (or healthy), 1 failed or blocked, 5 needs an operator (event 594: manual steps);
    with --dry-run --detailed-exitcode, 3 when a repair is pending."""
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
