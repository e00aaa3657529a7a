"""`orchestrate prepare`: start stopped services, resync skewed clocks, optionally enable the
HCI debug channel, on every node; `--dry-run` shows what it would change."""

from __future__ import annotations

import click

from orchestrator.cli.flowrun import DeclaredWorkflow, FlowInvocation, flow_verb

# Loaded when the verb runs (its steps import the engine and the catalog), not for --help.
WORKFLOW = DeclaredWorkflow("workflows.prepare", scope="node")


@click.command()
@flow_verb(WORKFLOW)
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
def prepare(flow: FlowInvocation, enable_debug_channel: bool, clock_fail_seconds: float) -> None:
    """Start services and fix clocks so the nodes can register.

    Puts every node into the state registration needs, changing only what is off.

    Exit 0 all converged, 4 some nodes failed, 1 all failed, 5 refused (lock held, needs an
    operator); with --dry-run --detailed-exitcode, 3 when changes are pending."""
    inventory = flow.inventory()
    flow.run(
        inventory,
        flow.nodes(inventory),
        options={
            "enable_debug_channel": enable_debug_channel,
            "clock_fail_s": clock_fail_seconds,
        },
    )
