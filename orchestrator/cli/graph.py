"""`orchestrate graph FLOW --format mermaid`: the diagram of the flow's compiled state machine."""

from __future__ import annotations

import click

from workflows import FLOWS, load_workflow


@click.command(
    help="Print a flow's state diagram as the engine compiles it.\n\n"
    # one flow per line, unwrapped (\b): click's wrapping would split names at their dashes
    "\b\nFLOW is one of: " + ",\n".join(FLOWS) + ".",
    short_help="Print a flow's state diagram as the engine compiles it.",
)
@click.argument("flow", type=click.Choice(FLOWS), metavar="FLOW")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid"]),
    default="mermaid",
    show_default=True,
    help="Diagram language.",
)
def graph(flow: str, fmt: str) -> None:
    # The help text is given to @click.command, built from FLOWS so it never drifts.
    from orchestrator.engine.compile import mermaid  # the engine loads to draw, not for --help

    click.echo(mermaid(load_workflow(flow)), nl=False)
