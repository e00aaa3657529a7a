"""`orchestrate arc-offboard`: disconnect servers from Azure Arc (the arc-onboard counterpart)."""

from __future__ import annotations

import click

from orchestrator.cli.arc_options import arc_options, service_principal_options
from orchestrator.cli.flowrun import DeclaredWorkflow, FlowInvocation, flow_verb

# Loaded when the verb runs (its steps import the engine and the catalog), not for --help.
WORKFLOW = DeclaredWorkflow("workflows.arc_offboard", scope="node")


@click.command("arc-offboard")
@flow_verb(WORKFLOW)
@service_principal_options(required=False)
def arc_offboard(flow: FlowInvocation, service_principal_id: str | None, secret_env: str) -> None:
    """Disconnect servers from Azure Arc (azcmagent disconnect).

    Deletes their machine resources in Azure.

    Only agents connected to the inventory's subscription and resource group are touched;
    --force-local-only is used only when the machine resource is already gone. Without
    --service-principal-id the agent signs in with your own Azure access token (handed over
    in a config file removed right after). Exit codes as for arc-onboard."""
    inventory = flow.inventory()
    nodes = flow.nodes(inventory)
    options = arc_options(
        inventory,
        nodes,
        service_principal_id=service_principal_id,
        secret_env=secret_env,
        needs_principal=False,
        needs_secret=not flow.dry_run,
    )
    flow.run(inventory, nodes, options=options)
