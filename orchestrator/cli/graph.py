"""`orchestrate graph FLOW --format mermaid`: the diagram of the flow's compiled state machine."""

from __future__ import annotations

import click

from orchestrator.engine.compile import mermaid
from workflows import FLOWS, load_workflow


@click.command()
@click.argument("flow", type=click.Choice(FLOWS))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid"]),
    default="mermaid",
    show_default=True,
    help="Diagram language.",
)
def graph(flow: str, fmt: str) -> None:
    """Print a flow's state diagram as the engine compiles it."""
    click.echo(mermaid(load_workflow(flow)), nl=False)
