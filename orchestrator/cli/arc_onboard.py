"""`orchestrate arc-onboard`: connect standalone servers to Azure Arc with a service principal."""

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
from workflows.arc_onboard import WORKFLOW


@click.command("arc-onboard")
@inventory_option
@output_option
@parallel_option
@limit_option
@mutating_options
@service_principal_options(required=True)
@click.option(
    "--tags",
    default=None,
    metavar="TAGS",
    help="Extra tags, \"Name=Value,Other='With spaces'\" (added to the inventory's azure.tags).",
)
@click.option("--correlation-id", default=None, metavar="GUID", help="Passed to azcmagent.")
@click.option(
    "--resource-name",
    default="{node}",
    show_default=True,
    metavar="TEMPLATE",
    help="Arc resource name per server; {node} is the node's name.",
)
@click.pass_context
def arc_onboard(
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
    tags: str | None,
    correlation_id: str | None,
    resource_name: str,
) -> None:
    """Connect servers to Azure Arc with a service principal.

    Runs `azcmagent connect` on every standalone server of the inventory, into its azure
    subscription, arc_resource_group (else resource_group), region, cloud and tenant.

    Servers already connected to the requested target are left alone; one connected elsewhere
    is refused. Exit 0 all connected, 4 some failed, 1 all failed or a pre-check blocked the
    run, 5 some need an operator (the reason and the fix are shown), 2 bad input (nothing
    ran); with --dry-run --detailed-exitcode, 3 when changes are pending."""
    check_plan_flags(dry_run, plan_out, detailed_exitcode)
    inventory = load(inventory_path)
    nodes = select_nodes(inventory, limit)
    options = arc_options(
        inventory,
        nodes,
        service_principal_id=service_principal_id,
        secret_env=secret_env,
        needs_principal=True,
        needs_secret=not dry_run,
        tags=tags,
        correlation_id=correlation_id,
        resource_name=resource_name,
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
