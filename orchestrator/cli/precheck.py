"""`orchestrate precheck`: read-only readiness checks on every node."""

from __future__ import annotations

import sys

import click

from orchestrator.checks.base import CheckResult, Status
from orchestrator.cli.support import (
    insecure_option,
    inventory_option,
    limit_option,
    load,
    output_option,
    parallel_option,
    select_nodes,
)
from orchestrator.engine.runner import Engine, Mode, RunSettings
from orchestrator.exitcodes import ExitCode
from orchestrator.output import precheck_document, precheck_text, stdout_console, write_json
from orchestrator.transport.factory import connect
from workflows import precheck as precheck_flow


def _exit_code(results: list[CheckResult]) -> ExitCode:
    return ExitCode.FAILED if any(r.status is Status.FAIL for r in results) else ExitCode.OK


@click.command(short_help="Read-only readiness checks on every node and against Azure.")
@inventory_option
@output_option
@parallel_option
@limit_option
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
    workflow = precheck_flow.build(
        clock_warn_s=clock_warn_seconds,
        clock_fail_s=clock_fail_seconds,
        azure=inventory.azure is not None,
    )
    # The engine in plan mode: the pre-check phase of the flow, nothing journaled or changed.
    outcome = Engine(
        workflow,
        connect(inventory, insecure=insecure),
        nodes,
        RunSettings(mode=Mode.PLAN, parallel=parallel),
    ).run()
    results = outcome.precheck_results
    code = _exit_code(results)
    if output == "json":
        document = precheck_document(
            results, inventory=inventory.source, cluster=inventory.cluster.name, exit_code=int(code)
        )
        write_json(document, sys.stdout)
    else:
        title = f"Pre-checks for cluster {inventory.cluster.name} ({len(nodes)} nodes)"
        precheck_text(results, stdout_console(), title=title)
    sys.exit(code)
