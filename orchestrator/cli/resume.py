"""`orchestrate resume RUN_ID`: continue an interrupted or crashed run from its journal."""

from __future__ import annotations

import sys

import click

from orchestrator.cli.completion import complete_run_id
from orchestrator.cli.flowrun import ask_consent, state_dir, verbosity, yes_option
from orchestrator.cli.state_dirs import find_run
from orchestrator.cli.support import output_option
from workflows import load_workflow


@click.command()
@click.argument("run_id", shell_complete=complete_run_id)
@output_option
@yes_option
@click.pass_context
def resume(ctx: click.Context, run_id: str, output: str) -> None:
    """Continue an interrupted or failed run from its journal.

    Finished steps of RUN_ID are skipped, steps that started without finishing
    are checked again before anything is re-applied. Refused (exit 5) when the flow or the
    inventory changed since the run started. Resuming changes the nodes, like the run did: it
    asks first at a terminal, and needs --yes where stdin is not one."""
    started = find_run(ctx, run_id).started
    cluster = str(started.get("cluster", ""))
    # Consent is per invocation (15.1): the run's own consent was given to that command, maybe
    # days ago and by someone else; a cron job or pipeline resuming it consents with --yes.
    ask_consent(
        ctx,
        f"Continue run {run_id} ({started['workflow']['name']} on cluster {cluster}): steps "
        "it finished are skipped, the others are checked and applied?",
    )
    title = f"resume {run_id}: {started['workflow']['name']} on cluster {cluster}"
    # The engine, the live progress and the report load here, not for --help (15.16).
    from orchestrator.engine.api import resume_run
    from orchestrator.live_progress import live_progress
    from orchestrator.run_report import report_run

    with live_progress(title, list(started.get("nodes") or [])) as on_event:
        outcome = resume_run(
            run_id,
            state_dir=state_dir(ctx),
            argv=sys.argv[1:],
            load_flow=load_workflow,
            on_event=on_event,
        )
    report_run(outcome, output=output, cluster=cluster, verbose=verbosity(ctx))
    sys.exit(outcome.exit_code)
