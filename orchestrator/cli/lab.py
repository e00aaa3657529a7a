"""`orchestrate lab ...`: the built-in simulated cluster and Azure (scenarios listing)."""

from __future__ import annotations

import sys

import click

from orchestrator.cli.support import output_option
from orchestrator.output import FORMAT_VERSION, write_json


@click.group()
def lab() -> None:
    """The built-in lab: a simulated HCI cluster and Azure.

    It has a fault for every known failure (SCENARIOS.md)."""


@lab.command("scenarios")
@output_option
def scenarios(output: str) -> None:
    """List the lab's fault scenarios, one per row of SCENARIOS.md.

    Use one with `lab: {scenario: ID}` in a lab inventory."""
    from orchestrator.lab.scenarios import SCENARIOS

    rows = [{"id": s.id, "title": s.title} for s in SCENARIOS.values()]
    if output == "json":
        write_json(
            {"format_version": FORMAT_VERSION, "command": "lab scenarios", "scenarios": rows},
            sys.stdout,
        )
        return
    width = max(len(r["id"]) for r in rows)
    for row in rows:
        click.echo(f"{row['id']:<{width}}  {row['title']}")


def _attach_serve() -> None:
    from orchestrator.cli.lab_serve import serve

    lab.add_command(serve)


_attach_serve()
