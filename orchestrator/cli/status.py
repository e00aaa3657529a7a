"""`orchestrate status`: registration, connection, last sync, policy and Arc state per node."""

from __future__ import annotations

import sys

import click

from orchestrator.checks.base import Status
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
from workflows.status import WORKFLOW


@click.command(short_help="Registration, sync, policy and Arc per node (read-only).")
@inventory_option
@output_option
@parallel_option
@limit_option
@insecure_option
def status(
    inventory_path: str, output: str, parallel: int, limit: str | None, insecure: bool
) -> None:
    """Show how the cluster stands with Azure (read-only): registration and connection, days
    since the last sync, OutOfPolicy events, and each node's Arc state (node, agent, portal).

    Exit 0 when nothing fails (warnings allowed, e.g. Arc still projecting after registration),
    1 when something needs fixing (each finding names the command), 2 for bad input."""
    inventory = load(inventory_path)
    nodes = select_nodes(inventory, limit)
    outcome = Engine(
        WORKFLOW,
        connect(inventory, insecure=insecure),
        nodes,
        RunSettings(mode=Mode.PLAN, parallel=parallel),
    ).run()
    results = outcome.precheck_results
    code = ExitCode.FAILED if any(r.status is Status.FAIL for r in results) else ExitCode.OK
    if output == "json":
        document = precheck_document(
            results, inventory=inventory.source, cluster=inventory.cluster.name, exit_code=int(code)
        )
        document["command"] = "status"
        write_json(document, sys.stdout)
    else:
        title = f"Status of cluster {inventory.cluster.name} ({len(nodes)} nodes)"
        precheck_text(results, stdout_console(), title=title)
    sys.exit(code)
