"""`orchestrate arc-offboard`: disconnect servers from Azure Arc (the arc-onboard counterpart)."""

from __future__ import annotations

import click

from orchestrator.cli.arc_options import arc_options, service_principal_options
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
from workflows.arc_offboard import WORKFLOW


@click.command("arc-offboard")
@inventory_option
@output_option
@parallel_option
@limit_option
@mutating_options
@service_principal_options(required=False)
@click.pass_context
def arc_offboard(
    ctx: click.Context,
    inventory_path: str,
    output: str,
    parallel: int,
    limit: str | None,
    max_fail_percent: float | None,
    dry_run: bool,
    plan_out: str | None,
    detailed_exitcode: bool,
    service_principal_id: str | None,
    secret_env: str,
) -> None:
    """Disconnect servers from Azure Arc (azcmagent disconnect).

    Deletes their machine resources in Azure.

    Only agents connected to the inventory's subscription and resource group are touched;
    --force-local-only is used only when the machine resource is already gone. Without
    --service-principal-id the agent signs in with your own Azure access token (handed over
    in a config file removed right after). Exit codes as for arc-onboard."""
    check_plan_flags(dry_run, plan_out, detailed_exitcode)
    inventory = load(inventory_path)
    nodes = select_nodes(inventory, limit)
    options = arc_options(
        inventory,
        nodes,
        service_principal_id=service_principal_id,
        secret_env=secret_env,
        needs_principal=False,
        needs_secret=not dry_run,
    )
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
        options=options,
    )
