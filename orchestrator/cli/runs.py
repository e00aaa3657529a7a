"""`orchestrate runs [show RUN_ID]`: what the journals say about past and interrupted runs."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.table import Table

from orchestrator.cli.flowrun import state_dir
from orchestrator.cli.support import output_option
from orchestrator.engine.journal import RunHistory, list_runs, load_run
from orchestrator.output import FORMAT_VERSION, stdout_console, whole_table, write_json


def _summary(run: RunHistory) -> dict[str, Any]:
    started = run.started
    return {
        "run_id": run.run_id,
        "workflow": started["workflow"]["name"],
        "cluster": started.get("cluster"),
        "started": started.get("ts"),
        "status": run.status,
        "exit_code": run.exit_code,
        "nodes": {n.node: n.state for n in run.nodes.values()},
    }


@click.group(invoke_without_command=True)
@output_option
@click.pass_context
def runs(ctx: click.Context, output: str) -> None:
    """List runs (newest last); `runs show RUN_ID` shows one."""
    if ctx.invoked_subcommand is not None:
        return
    found = list_runs(state_dir(ctx))
    if output == "json":
        write_json(
            {"format_version": FORMAT_VERSION, "runs": [_summary(r) for r in found]}, sys.stdout
        )
        return
    table = Table(title=f"Runs in {state_dir(ctx)}", title_justify="left")
    table.add_column("run", no_wrap=True, min_width=23)  # whole: it is what `resume` takes
    for column in ("flow", "cluster", "started", "status", "exit"):
        table.add_column(column, overflow="fold", no_wrap=False)
    for run in found:
        s = _summary(run)
        exit_code = "" if s["exit_code"] is None else str(s["exit_code"])
        table.add_row(
            s["run_id"], s["workflow"], s["cluster"], s["started"], s["status"], exit_code
        )
    stdout_console().print(table)


@runs.command("show")
@click.argument("run_id")
@output_option
@click.pass_context
def show(ctx: click.Context, run_id: str, output: str) -> None:
    """Per node: state, steps finished, steps in doubt, last error; retried attempts."""
    if ctx.get_parameter_source("output") is click.core.ParameterSource.DEFAULT and ctx.parent:
        # `runs --output json show ID` means JSON too: the flag was given, just one word early.
        output = ctx.parent.params.get("output", output)
    run = load_run(state_dir(ctx), run_id)
    nodes: list[dict[str, Any]] = [
        {
            "node": n.node,
            "state": n.state,
            "finished": n.finished,
            "in_doubt": sorted(n.in_doubt),
            "error": n.error,
        }
        for n in run.nodes.values()
    ]
    if output == "json":
        write_json(
            {
                "format_version": FORMAT_VERSION,
                **_summary(run),
                "fingerprint": run.started["workflow"]["fingerprint"],
                "argv": run.started.get("argv"),
                "records": run.records,
                "retried_attempts": run.attempts,
                "nodes": nodes,
            },
            sys.stdout,
        )
        return
    s = _summary(run)
    console = stdout_console()
    exit_text = "" if s["exit_code"] is None else f", exit {s['exit_code']}"
    console.print(
        f"run {run_id}: {s['workflow']} on {s['cluster']}, {s['status']}{exit_text}; "
        f"{run.records} journal records, {run.attempts} retried attempts"
    )
    table = whole_table(("node", "state", "finished steps", "in doubt", "error"))
    for n in nodes:
        finished = ", ".join(f"{k} ({v})" for k, v in n["finished"].items())
        table.add_row(n["node"], n["state"], finished, ", ".join(n["in_doubt"]), n["error"] or "")
    console.print(table)
    if run.status != "finished":
        console.print(f"resume with: orchestrate resume {run_id}")
