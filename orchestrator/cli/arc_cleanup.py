"""`orchestrate arc-cleanup`: the safe Arc cleanup ladder on the targeted nodes."""

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
from orchestrator.steps.arc import azure_target
from workflows.arc_cleanup import WORKFLOW


@click.command("arc-cleanup")
@inventory_option
@output_option
@parallel_option
@limit_option
@mutating_options
@click.option(
    "--delete-azure-resources",
    is_flag=True,
    help="Also delete each node's Arc resource in Azure, only when this cluster owns it "
    "(its parentClusterResourceId is the cluster's resource).",
)
@click.pass_context
def arc_cleanup(
    ctx: click.Context,
    inventory_path: str,
    output: str,
    parallel: int,
    limit: str | None,
    max_fail_percent: float | None,
    dry_run: bool,
    plan_out: str | None,
    detailed_exitcode: bool,
    delete_azure_resources: bool,
) -> None:
    """Disable Arc integration and disconnect the agent locally.

    On every node (or --limit): Disable-AzureStackHCIArcIntegration, then `azcmagent
    disconnect --force-local-only`; with --delete-azure-resources also delete the node's Arc
    resource when this cluster owns it.

    Exit 0 done, 4 some nodes failed, 1 all failed, 5 needs an operator; with --dry-run
    --detailed-exitcode, 3 when changes are pending."""
    check_plan_flags(dry_run, plan_out, detailed_exitcode)
    inventory = load(inventory_path)
    if delete_azure_resources:
        azure_target(inventory)  # deleting needs the azure section: exit 2 before anything
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
        options={"delete_azure_resources": delete_azure_resources},
    )
