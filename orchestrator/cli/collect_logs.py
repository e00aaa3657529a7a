"""`orchestrate collect-logs`: every node's registration logs, HCI event channels and Arc agent
log in one zip with a manifest (SCENARIOS.md E1-E3)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from orchestrator import terminal
from orchestrator.cli.flowrun import (
    DeclaredWorkflow,
    FlowInvocation,
    ask_consent,
    flow_verb,
    state_dir,
)
from orchestrator.cli.support import check_directory
from orchestrator.errors import InputError
from orchestrator.steps.verb_constants import DEBUG_CHANNEL

# Loaded when the verb runs (its steps import the engine and the catalog), not for --help.
WORKFLOW = DeclaredWorkflow("workflows.collect_logs", scope="node")


@click.command("collect-logs")
@flow_verb(WORKFLOW)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Folder for the archive (<cluster>-logs-<UTC time>.zip).",
)
@click.option(
    "--enable-debug-channel",
    is_flag=True,
    help=f"Enable {DEBUG_CHANNEL} for the capture, then restore it (off by default).",
)
@click.option(
    "--debug-window",
    type=click.FloatRange(min=0),
    default=300.0,
    show_default=True,
    metavar="SECONDS",
    help="With --enable-debug-channel: how long to capture before reading the channel.",
)
@click.option(
    "--log-dir",
    "log_dirs",
    multiple=True,
    metavar="DIR",
    help="Another folder on the nodes holding RegisterHCI_*.log (the cmdlet's working folder).",
)
def collect_logs(
    flow: FlowInvocation,
    out_dir: str,
    enable_debug_channel: bool,
    debug_window: float,
    log_dirs: tuple[str, ...],
) -> None:
    """Gather every node's logs into one archive with a manifest.

    Registration logs, the HCI event channels and azcmagent.log.

    Read-only on the nodes; only --enable-debug-channel changes a node, for the capture only
    (the plan marks it TRANSIENT). Secrets in the collected text are masked."""
    # The engine, transports, rich output and archive load here, not for --help (15.16).
    from orchestrator.archive import write_archive
    from orchestrator.engine.api import start_run
    from orchestrator.engine.compile import DONE
    from orchestrator.live_progress import live_progress
    from orchestrator.output import stdout_console, write_json
    from orchestrator.run_report import report_run, run_document
    from orchestrator.steps.evidence import MARKER, encode_log_dirs
    from orchestrator.transport.factory import connect, utc_now

    check_directory("--out", out_dir)
    for folder in log_dirs:
        problem = node_folder_problem(folder)
        if problem:
            raise InputError("--log-dir", problem)
    if flow.plan_out:
        # `orchestrate apply` would collect but not write the archive: review, then run this.
        raise click.UsageError(
            "--plan-out: collect-logs writes its archive itself; review with --dry-run, "
            "then run collect-logs again without it"
        )
    inventory = flow.inventory()
    nodes = flow.nodes(inventory)
    if enable_debug_channel and not flow.dry_run:
        # the only change collect-logs makes on a node: asked like any other (15.1)
        ask_consent(
            flow.ctx,
            f"Enable {DEBUG_CHANNEL} on {len(nodes)} node(s) for the capture (restored after)?",
        )
    # The run's own clock names the archive (the lab's virtual one in the lab).
    connector = None if flow.dry_run else connect(inventory)
    now = connector.controller_clock() if connector else utc_now()
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    name = f"{inventory.cluster.name}-logs-{stamp}"
    archive = Path(out_dir).resolve() / f"{name}.zip"
    staging = Path(out_dir).resolve() / f".{name}.staging"
    settings = flow.settings(
        {
            "staging_dir": str(staging),
            "enable_debug_channel": enable_debug_channel,
            "debug_window_s": debug_window,
            "log_dirs": encode_log_dirs(log_dirs),
        }
    )
    if flow.dry_run:
        sys.exit(flow.plan(inventory, nodes, settings))
    title = f"collect-logs on cluster {inventory.cluster.name}"
    with live_progress(title, [n.name for n in nodes]) as on_event:
        outcome = start_run(
            flow.workflow,
            inventory,
            nodes,
            settings,
            state_dir=state_dir(flow.ctx),
            argv=sys.argv[1:],
            connector=connector,
            on_event=on_event,
        )
    left_enabled = [
        run.name
        for run in outcome.nodes
        if run.state != DONE
        and (staging / run.name / MARKER).is_file()
        and (staging / run.name / MARKER).read_text().strip() == "enabled-by-run"
    ]
    unfinished = any(run.state != DONE for run in outcome.nodes)
    manifest = (
        write_archive(
            staging,
            archive,
            cluster=inventory.cluster.name,
            created=stamp,
            keep_staging=unfinished and outcome.run_id is not None,
        )
        if staging.is_dir()
        else None
    )
    # What is left on the nodes or here is part of the result (stdout; -q keeps it): in the
    # document as debug_channel_left_enabled, in text as lines after the archive's.
    left_behind = [
        f"warning: {node}: {DEBUG_CHANNEL} is still enabled by this run; disable it with "
        f"`wevtutil.exe sl {DEBUG_CHANNEL} /e:false` on the node, or resume the run"
        for node in left_enabled
    ]
    if unfinished and staging.is_dir():
        left_behind.insert(
            0,
            f"kept: {staging}: `orchestrate resume {outcome.run_id}` finishes the unfinished "
            "nodes (and restores their debug channel) and collects into it",
        )
    if flow.output == "json":
        document = run_document(outcome, cluster=inventory.cluster.name)
        document["archive"] = str(archive) if manifest else None
        document["files"] = manifest["files"] if manifest else []
        document["debug_channel_left_enabled"] = left_enabled
        write_json(document, sys.stdout)
    else:
        report_run(outcome, output=flow.output, cluster=inventory.cluster.name)
        console = stdout_console()
        if manifest:
            collected = sum(1 for f in manifest["files"] if f["file"])
            console.print(f"archive: {archive} ({collected} files, manifest.json inside)")
        else:
            console.print("archive: none (no node was collected)")
    for line in left_behind:
        if flow.output == "json":
            terminal.note(line)  # the document says it already; stdout holds only the document
        else:
            click.echo(line)
    sys.exit(outcome.exit_code)


# Characters Windows does not allow in a path (besides the drive's colon and the separators);
# `*` and `?` would be wildcards elsewhere and are never part of a folder's name.
_NOT_IN_A_WINDOWS_PATH = set('"<>|*?')
MAX_NODE_PATH = 248  # a folder path, leaving room for the file name under MAX_PATH (260)


def node_folder_problem(folder: str) -> str | None:
    """Why a --log-dir value cannot name a folder on a node, or None."""
    if not folder.strip():
        return "empty; give a folder on the nodes, e.g. C:\\ClusterStorage\\Logs"
    if len(folder) > MAX_NODE_PATH or not folder.isprintable():
        return f"not a Windows folder path (printable, at most {MAX_NODE_PATH} characters)"
    if _NOT_IN_A_WINDOWS_PATH & set(folder):
        return 'a Windows folder path cannot hold " < > | * or ?; give the folder itself'
    return None


# The shared --plan-out is refused here (the archive is written by this command, not by
# `apply`): keep it out of --help and the generated page so neither advertises it.
for _param in collect_logs.params:
    if _param.name == "plan_out" and isinstance(_param, click.Option):
        _param.hidden = True
