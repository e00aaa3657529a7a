"""`orchestrate lab ...`: the built-in simulated cluster and Azure (scenarios listing)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from orchestrator import terminal
from orchestrator.cli.support import output_option

# The lab, rich and the output load in each command's body, not for `lab ... --help` (15.16).


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
    from orchestrator.output import FORMAT_VERSION, write_json

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


@lab.command("calls")
@click.option(
    "--dir",
    "state_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(".orchestrate") / "lab",
    show_default=True,
    help="The directory of a running `orchestrate lab serve`.",
)
@output_option
def calls(state_dir: Path, output: str) -> None:
    """What each node of a served lab received (commands, secrets masked) and the world's
    mutation counters: check from outside that a one-shot cmdlet ran once."""
    from orchestrator.errors import InputError
    from orchestrator.lab.call_log import CALLS_FILE, read_calls
    from orchestrator.output import FORMAT_VERSION, write_json

    document = read_calls(state_dir)
    if document is None:
        raise InputError(
            "--dir",
            f"{state_dir / CALLS_FILE} is not there or not readable; give the --dir of a "
            "running `orchestrate lab serve`",
        )
    if output == "json":
        write_json(
            {"format_version": FORMAT_VERSION, "command": "lab calls", **document}, sys.stdout
        )
        return
    for node in document.get("nodes", []):
        counters = ", ".join(f"{k} {v}" for k, v in sorted(node.get("mutations", {}).items()))
        click.echo(
            f"{node['node']}: {len(node['commands'])} commands; mutations: {counters or 'none'}"
        )
        for number, command in enumerate(node["commands"], 1):
            click.echo(f"  {number:>4}  {command}")
    for running in document.get("running", []):
        click.echo(f"still running on {running['node']}: {running['command']}")


def _attach_serve() -> None:
    from orchestrator.cli.lab_serve import serve

    lab.add_command(serve)


_attach_serve()


@lab.command("demo")
@click.option(
    "--nodes", type=click.IntRange(2, 16), default=4, show_default=True, help="Cluster size."
)
@click.option(
    "--scenario",
    default=None,
    metavar="ID",
    help="Start from one fault of SCENARIOS.md (see `orchestrate lab scenarios`).",
)
@click.option("--seed", type=int, default=7, show_default=True, help="The lab's random seed.")
@click.pass_context
def demo(ctx: click.Context, nodes: int, scenario: str | None, seed: int) -> None:
    """Run the main flows against a lab cluster served over WinRM/PSRP and ARM/Graph.

    The story, in one screen: precheck finds a fault (hcisvc stopped on node2), prepare fixes
    it, register --dry-run shows the plan, register parks for an administrator's consent
    (SCENARIOS.md A10), resume finishes it without repeating finished steps, status verifies
    registration and Arc on every node, and unregister with the wrong subscription is refused
    by the guard. With --scenario: precheck, prepare, register and status from that fault.
    Everything runs on 127.0.0.1 over HTTPS (no Windows, no Azure needed).

    Each row's exit is what that verb would exit with. The demo exits 0 when the story ends
    as told (each row as expected), else with the first unexpected row's code."""

    from orchestrator.cli.flowrun import state_dir
    from orchestrator.cli.lab_serve import lab_inventory
    from orchestrator.exitcodes import ExitCode
    from orchestrator.lab.demo import FAULT_SEQUENCE, run_flows, served_lab
    from orchestrator.lab.scenarios import SCENARIOS
    from orchestrator.output import stdout_console, whole_table

    if scenario is not None and scenario.upper() not in SCENARIOS:
        raise click.BadParameter(
            f"{scenario!r} is not a scenario; use one of: {', '.join(SCENARIOS)}",
            param_hint="--scenario",
        )
    cluster = lab_inventory("hci01", nodes, scenario.upper() if scenario else None, seed)
    if scenario is None:
        from orchestrator.lab.story import story_lab

        cluster = story_lab(cluster)
    terminal.note("starting the lab: WinRM/PSRP per node and ARM/Graph, HTTPS on 127.0.0.1")
    with served_lab(cluster) as (inventory, endpoints):
        for line in endpoints.nodes:
            terminal.note(f"  {line}")
        terminal.note(f"  azure {endpoints.azure}")
        if scenario is None:
            _tell_story(inventory, endpoints.world, state_dir(ctx), nodes)
        results = run_flows(inventory, FAULT_SEQUENCE, state_dir=state_dir(ctx))
    table = whole_table(
        ("flow", "exit", "what happened", "run"),
        f"Lab demo: cluster hci01, {nodes} nodes, scenario {scenario.upper()} "
        "(over WinRM/PSRP and ARM/Graph)",
    )
    for r in results:
        style = "green" if r.exit_code is ExitCode.OK else "bold red"
        table.add_row(
            r.flow,
            f"[{style}]{int(r.exit_code)} {r.exit_code.name.lower()}[/]",
            r.summary,
            r.run_id or "-",
        )
    stdout_console().print(table)
    terminal.note("journals: `orchestrate runs`; details: `orchestrate runs show RUN`")
    # With a scenario, precheck is there to show the fault: its finding is not the demo failing.
    judged = [r for r in results if r.flow != "precheck"]
    worst = next((r.exit_code for r in judged if r.exit_code is not ExitCode.OK), ExitCode.OK)
    sys.exit(worst)


def _tell_story(inventory: Any, world: Any, state: Path, nodes: int) -> NoReturn:
    """The healthy demo: the story's beats as one table (lab/story.py), then exit."""
    from rich.markup import escape

    from orchestrator.exitcodes import ExitCode
    from orchestrator.lab.story import Story
    from orchestrator.output import stdout_console, whole_table

    beats = Story(inventory, world, state_dir=state).tell()
    table = whole_table(
        ("#", "command", "exit", "what happened"),
        f"Lab demo: cluster hci01, {nodes} nodes (over WinRM/PSRP and ARM/Graph)",
    )
    number = 0
    for beat in beats:
        if beat.exit_code is None:
            table.add_row("", escape(beat.command), "", escape(beat.what))
            continue
        number += 1
        code = beat.exit_code
        exit_text = f"{int(code)} {code.name.lower()}"
        if not beat.as_expected:
            exit_text = f"[bold red]{exit_text} (expected {int(beat.expected or 0)})[/]"
        table.add_row(str(number), escape(beat.command), exit_text, escape(beat.what))
    console = stdout_console()
    console.print(table)
    if all(b.as_expected for b in beats):
        console.print("each command exited as the story expects (1: a fault found, 5: refused)")
    terminal.note("journals: `orchestrate runs`; details: `orchestrate runs show RUN`")
    wrong = next((b for b in beats if not b.as_expected), None)
    sys.exit(ExitCode.OK if wrong is None else (wrong.exit_code or ExitCode.FAILED))
