"""`orchestrate arc-cleanup`: the safe Arc cleanup ladder on the targeted nodes."""

from __future__ import annotations

import sys

import click

from orchestrator.cli.flowrun import (
    check_plan_flags,
    mutating_options,
    plan_and_report,
    run_and_report,
)
from orchestrator.cli.support import (
    inventory_option,
    limit_option,
    load,
    output_option,
    parallel_option,
    select_nodes,
)
from orchestrator.engine.runner import Mode, RunSettings
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
    """Disable Arc integration, disconnect the Arc agent locally and, when asked, delete the
    node's Arc resource owned by this cluster, on every node (or --limit).

    Exit 0 done, 4 some nodes failed, 1 all failed, 5 needs an operator; with --dry-run
    --detailed-exitcode, 3 when changes are pending."""
    check_plan_flags(dry_run, plan_out, detailed_exitcode)
    inventory = load(inventory_path)
    if delete_azure_resources:
        azure_target(inventory)  # deleting needs the azure section: exit 2 before anything
    nodes = select_nodes(inventory, limit)
    settings = RunSettings(
        mode=Mode.PLAN if dry_run else Mode.APPLY,
        parallel=parallel,
        max_fail_percent=max_fail_percent,
        options={"delete_azure_resources": delete_azure_resources},
    )
    if dry_run:
        code = plan_and_report(
            WORKFLOW,
            inventory,
            nodes,
            settings,
            output=output,
            plan_out=plan_out,
            detailed_exitcode=detailed_exitcode,
        )
    else:
        code = run_and_report(ctx, WORKFLOW, inventory, nodes, settings, output=output)
    sys.exit(code)
