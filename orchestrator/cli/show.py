"""`orchestrate show PLAN`: a saved plan, rendered as `--dry-run` rendered it (issue 15.11),
like `terraform show PLANFILE`. Read-only: nothing is contacted, nothing is checked again
(`orchestrate apply PLAN` checks it against the cluster before changing anything)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from orchestrator import terminal
from orchestrator.cli.support import output_option


@click.command("show")
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False))
@output_option
def show(plan_path: str, output: str) -> None:
    """Show a saved plan as the dry run showed it.

    PLAN is a file saved with `--dry-run --plan-out FILE`. text: the plan's table; json: the saved document itself (docs/schemas/plan.schema.json).
    Exit 0 when the file is a plan, 2 when it is not (missing, not JSON, another format)."""
    # The plan's renderer and rich load here, not for --help (issue 15.16).
    from orchestrator.engine.plan import has_changes, load_plan, plan_text
    from orchestrator.output import stdout_console, write_json

    document = load_plan(Path(plan_path))
    if output == "json":
        write_json(document, sys.stdout)
        return
    plan_text(document, stdout_console())
    if not terminal.quiet():
        sys.stdout.flush()  # after the plan, not inside it, when both streams are one pipe
        click.echo(
            f"apply it with: orchestrate apply {plan_path} --yes"
            if has_changes(document)
            else "this plan changes nothing",
            err=True,
        )
