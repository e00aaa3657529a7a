"""`orchestrate register`: register the cluster with Azure and Arc-enable every node."""

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
    """Register the cluster with Azure and Arc-enable every node (Register-AzStackHCI).

    Pre-checks every node and Azure first; nothing changes until all pass. A proxy for the
    nodes goes in the inventory (cluster.https_proxy). Exit 0 registered (or already was),
    1 failed or blocked, 5 needs an operator (e.g. admin consent; run again afterwards);
    with --dry-run --detailed-exitcode, 3 when changes are pending."""
    check_plan_flags(dry_run, plan_out, detailed_exitcode)
    inventory = load(inventory_path)
    nodes = select_nodes(inventory, limit)
    settings = RunSettings(
        mode=Mode.PLAN if dry_run else Mode.APPLY,
        parallel=parallel,
        max_fail_percent=max_fail_percent,
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
