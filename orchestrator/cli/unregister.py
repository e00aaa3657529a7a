"""`orchestrate unregister`: Unregister-AzStackHCI once on the entry node, guarded against the
wrong cloud/subscription/tenant (B1), with the Arc cleanup it needs (B2, C2) and the leftovers
it cannot remove itself (B1 with --cleanup-azure, B3 app registrations)."""

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
from workflows.unregister import WORKFLOW


@click.command()
@inventory_option
@output_option
@parallel_option
@limit_option
@mutating_options
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
@click.pass_context
def unregister(
    ctx: click.Context,
    inventory_path: str,
    output: str,
    parallel: int,
    limit: str | None,
    max_fail_percent: float | None,
    dry_run: bool,
    plan_out: str | None,
    detailed_exitcode: bool,
    cleanup_azure: bool,
    update_module: bool,
) -> None:
    """Unregister the cluster from Azure and clean up what the cmdlet leaves behind.

    Refuses (exit 5) when the registration recorded on the cluster is not the inventory's
    azure section. Exit 0 done, 1 failed, 5 refused or needs an operator; with --dry-run
    --detailed-exitcode, 3 when changes are pending."""
    check_plan_flags(dry_run, plan_out, detailed_exitcode)
    inventory = load(inventory_path)
    azure_target(inventory)  # unregistering talks to Azure: exit 2 now when the section is missing
    nodes = select_nodes(inventory, limit)
    settings = RunSettings(
        mode=Mode.PLAN if dry_run else Mode.APPLY,
        parallel=parallel,
        max_fail_percent=max_fail_percent,
        options={"cleanup_azure": cleanup_azure, "update_module": update_module},
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
