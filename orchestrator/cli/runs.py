"""`orchestrate runs [show RUN_ID]`: what the journals say about past and interrupted runs."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from orchestrator.cli.completion import complete_run_id
from orchestrator.cli.flowrun import state_dir
from orchestrator.cli.state_dirs import find_run
from orchestrator.cli.support import output_option
from orchestrator.cli.unlock import STALE, lock_records, stale_lock_lines

# The journal, the engine's states and rich load where they are used, not for --help (15.16).
if TYPE_CHECKING:
    from orchestrator.engine.journal import RunHistory


def _node_states(run: RunHistory) -> dict[str, tuple[str, str | None, str | None]]:
    """node -> (state, role, detail). A finished run accounts for every node (run_finished
    `accounts`, engine/accounting.py); an older journal's finished run calls a node it never
    reached "not_started", never "pending" (issue 15.4)."""
    from orchestrator.engine.accounting import NOT_STARTED
    from orchestrator.engine.compile import TERMINAL

    if run.accounts is not None:
        return {a["node"]: (a["state"], a.get("role"), a.get("detail")) for a in run.accounts}
    states: dict[str, tuple[str, str | None, str | None]] = {}
    for n in run.nodes.values():
        state = n.state
        if run.status == "finished" and state not in TERMINAL:
            state = NOT_STARTED
        states[n.node] = (state, None, None)
    return states


def _summary(run: RunHistory) -> dict[str, Any]:
    started = run.started
    return {
        "run_id": run.run_id,
        "workflow": started["workflow"]["name"],
        "cluster": started.get("cluster"),
        "started": started.get("ts"),
        "status": run.status,
        "exit_code": run.exit_code,
        "nodes": {node: state for node, (state, _role, _detail) in _node_states(run).items()},
    }


@click.group(invoke_without_command=True)
@output_option
@click.pass_context
def runs(ctx: click.Context, output: str) -> None:
    """List runs (newest last); `runs show RUN_ID` shows one."""
    if ctx.invoked_subcommand is not None:
        return
    from rich.table import Table

    from orchestrator.engine.journal import list_runs
    from orchestrator.output import FORMAT_VERSION, stdout_console, write_json

    found = list_runs(state_dir(ctx))
    locks = lock_records()  # host-wide, like the locks: a crashed run of any state dir
    if output == "json":
        write_json(
            {
                "format_version": FORMAT_VERSION,
                "runs": [_summary(r) for r in found],
                "stale_locks": [r.to_json() for r in locks if r.state == STALE],
            },
            sys.stdout,
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
    for line in stale_lock_lines(locks):
        click.echo(line)  # part of the listing (JSON: stale_locks), kept by -q


@runs.command("show")
@click.argument("run_id", shell_complete=complete_run_id)
@output_option
@click.pass_context
def show(ctx: click.Context, run_id: str, output: str) -> None:
    """Per node: state, steps finished, steps in doubt, last error; retried attempts."""
    if ctx.get_parameter_source("output") is click.core.ParameterSource.DEFAULT and ctx.parent:
        # `runs --output json show ID` means JSON too: the flag was given, just one word early.
        output = ctx.parent.params.get("output", output)
    from rich.markup import escape

    from orchestrator.engine.compile import FAILED
    from orchestrator.output import FORMAT_VERSION, stdout_console, whole_table, write_json

    run = find_run(ctx, run_id)
    states = _node_states(run)
    nodes: list[dict[str, Any]] = []
    for name, (state, role, detail) in states.items():
        past = run.nodes.get(name)
        nodes.append(
            {
                "node": name,
                "state": state,
                **({"role": role} if role else {}),
                "finished": past.finished if past else {},
                "in_doubt": sorted(past.in_doubt) if past else [],
                "error": (past.error if past else None) or (detail if state == FAILED else None),
                **({"detail": detail} if detail else {}),
            }
        )
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
    table = whole_table(("node", "state", "role", "finished steps", "in doubt", "error or detail"))
    for n in nodes:
        finished = ", ".join(f"{k} ({v})" for k, v in n["finished"].items())
        table.add_row(
            n["node"],
            n["state"].replace("_", " "),
            n.get("role") or "",
            finished,
            ", ".join(n["in_doubt"]),
            escape(n["error"] or n.get("detail") or ""),
        )
    console.print(table)
    if run.status != "finished":
        console.print(f"resume with: orchestrate resume {run_id}")


def _attach_prune() -> None:
    # `runs prune` lives in its own module (it needs the consent option and the lock records)
    from orchestrator.cli.prune import prune

    runs.add_command(prune)


_attach_prune()
