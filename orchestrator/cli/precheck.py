"""`orchestrate precheck`: read-only readiness checks on every node."""

from __future__ import annotations

import click

from orchestrator.cli.flowrun import check_and_report
from orchestrator.cli.list_nodes import list_nodes as show_nodes
from orchestrator.cli.list_nodes import list_nodes_option
from orchestrator.cli.support import (
    insecure_option,
    inventory_option,
    limit_option,
    load,
    output_option,
    parallel_option,
    select_nodes,
)


@click.command(short_help="Read-only readiness checks on every node and against Azure.")
@inventory_option
@output_option
@parallel_option
@limit_option
@list_nodes_option
@insecure_option
@click.option(
    "--clock-warn-seconds",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Warn when a node's clock differs from ours by more.",
)
@click.option(
    "--clock-fail-seconds",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    help="Fail when a node's clock differs from ours by more.",
)
def precheck(
    inventory_path: str,
    output: str,
    parallel: int,
    limit: str | None,
    list_nodes: bool,
    insecure: bool,
    clock_warn_seconds: float,
    clock_fail_seconds: float,
) -> None:
    """Read-only readiness checks on every node and on Azure.

    Every node: reachability, double hop, hcisvc, himds, clock skew, the cloud's endpoints,
    Arc conflicts; with an azure section, once: existing registration, permissions, resource
    providers, region.

    Exit 0 when nothing fails (warnings allowed), 1 when a check fails, 2 for bad input."""
    if clock_warn_seconds > clock_fail_seconds:
        raise click.BadParameter(
            f"{clock_warn_seconds:g} is above --clock-fail-seconds {clock_fail_seconds:g}; "
            "the warning threshold must not exceed the failure threshold",
            param_hint="--clock-warn-seconds",
        )
    inventory = load(inventory_path)
    nodes = select_nodes(inventory, limit)
    if list_nodes:
        show_nodes("precheck", inventory, nodes, output=output)
    from workflows import precheck as precheck_flow  # the checks load when they run

    workflow = precheck_flow.build(
        clock_warn_s=clock_warn_seconds,
        clock_fail_s=clock_fail_seconds,
        azure=inventory.azure is not None,
    )
    check_and_report(
        workflow,
        inventory,
        nodes,
        insecure=insecure,
        parallel=parallel,
        output=output,
        command="precheck",
        title=f"Pre-checks for cluster {inventory.cluster.name} ({len(nodes)} nodes)",
    )
