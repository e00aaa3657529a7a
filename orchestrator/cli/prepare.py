"""`orchestrate prepare`: start stopped services, resync skewed clocks, optionally enable the
HCI debug channel, on every node; `--dry-run` shows what it would change."""

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
from workflows.prepare import WORKFLOW


@click.command()
@inventory_option
@output_option
@parallel_option
@limit_option
@mutating_options
@click.option(
    "--enable-debug-channel",
    is_flag=True,
    help="Also enable the Microsoft-AzureStack-HCI/Debug event channel.",
)
@click.option(
    "--clock-fail-seconds",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    help="Resync a node's clock when it differs from ours by more.",
)
@click.pass_context
def prepare(
    ctx: click.Context,
    inventory_path: str,
    output: str,
    parallel: int,
    limit: str | None,
    max_fail_percent: float | None,
    dry_run: bool,
    plan_out: str | None,
    detailed_exitcode: bool,
    enable_debug_channel: bool,
    clock_fail_seconds: float,
) -> None:
    """Start services and fix clocks so the nodes can register.

    Puts every node into the state registration needs, changing only what is off.

    Exit 0 all converged, 4 some nodes failed, 1 all failed, 5 refused (lock held, needs an
    operator); with --dry-run --detailed-exitcode, 3 when changes are pending."""
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
        options={
            "enable_debug_channel": enable_debug_channel,
            "clock_fail_s": clock_fail_seconds,
        },
    )
