"""`orchestrate runs prune --older-than DURATION` (issue 15.12): remove old journals, never one
that is still needed.

A run's age is the time of its journal's last record (a run resumed yesterday is not old).
Kept whatever its age:
- a run whose cluster lock is held by it: it is running; not even --force removes it;
- without --force: a run that did not finish (interrupted or incomplete: `resume` needs its
  journal), a run with a node that needs an operator, and a run with a step in doubt (started,
  never finished: only the journal says to check it before re-applying).
`--dry-run` says what would go; a real prune asks for consent like every change (--yes where
stdin is not a terminal, a question at one) and reports what it removed.
"""

from __future__ import annotations

import re
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import click

from orchestrator.cli.flowrun import ask_consent, state_dir, yes_option
from orchestrator.cli.support import output_option
from orchestrator.cli.unlock import HELD, lock_records
from orchestrator.errors import InputError
from orchestrator.timestamps import maybe_utc

# The journals are read when the verb runs, not for --help (15.16).
if TYPE_CHECKING:
    from orchestrator.engine.journal import RunHistory

_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_DURATION = re.compile(r"(?:\d+[smhdw])+")


def parse_duration(value: str) -> timedelta:
    """`30d`, `12h`, `90m`, `1w2d` (Go-like units, as `docker system prune --filter until=`)."""
    text = value.strip().lower()
    if not _DURATION.fullmatch(text):
        raise InputError(
            "--older-than",
            "not a duration; use a number and a unit (s, m, h, d, w), e.g. 30d, 12h or 1w2d",
        )
    parts: dict[str, int] = {}
    for number, unit in re.findall(r"(\d+)([smhdw])", text):
        parts[_UNITS[unit]] = parts.get(_UNITS[unit], 0) + int(number)
    return timedelta(**parts)


def last_activity(state: Path, run: RunHistory) -> datetime | None:
    from orchestrator.engine.journal import JOURNAL_FILE, read_records, runs_dir

    moments = [
        maybe_utc(r.get("ts")) for r in read_records(runs_dir(state) / run.run_id / JOURNAL_FILE)
    ]
    known = [m for m in moments if m is not None]
    return max(known) if known else maybe_utc(run.started.get("ts"))


@attrs.frozen
class Verdict:
    run: RunHistory
    last: datetime | None
    keep: str | None  # why it stays; None: it goes

    def to_json(self) -> dict[str, Any]:
        started = self.run.started
        return {
            "run_id": self.run.run_id,
            "workflow": started["workflow"]["name"],
            "cluster": started.get("cluster"),
            "status": self.run.status,
            "last_activity": self.last.isoformat() if self.last else None,
            **({"reason": self.keep} if self.keep else {}),
        }


def _why_kept(run: RunHistory, running: set[str], force: bool) -> str | None:
    if run.run_id in running:
        return "running: it holds its cluster's lock"
    needs = [n.node for n in run.nodes.values() if n.state == "needs_operator"]
    doubt = [n.node for n in run.nodes.values() if n.in_doubt]
    if run.status != "finished":
        reason = f"{run.status}: `orchestrate resume {run.run_id}` needs its journal"
    elif needs:
        reason = f"needs an operator on {', '.join(needs)}"
    elif doubt:
        reason = f"steps in doubt on {', '.join(doubt)}"
    else:
        return None
    return None if force else f"{reason}; --force removes it"


def verdicts(state: Path, older_than: timedelta, *, force: bool, now: datetime) -> list[Verdict]:
    """The runs older than `older_than`, each with why it stays (or None: it goes)."""
    from orchestrator.engine.journal import list_runs

    running = {r.holder.run_id for r in lock_records() if r.state == HELD}
    found = []
    for run in list_runs(state):
        last = last_activity(state, run)
        if last is not None and now - last < older_than:
            continue
        found.append(Verdict(run, last, _why_kept(run, running, force)))
    return found


@click.command("prune")
@click.option(
    "--older-than",
    "older_than",
    required=True,
    metavar="DURATION",
    help="Remove runs whose last journal record is older than this: 30d, 12h, 90m, 1w2d.",
)
@click.option("--dry-run", is_flag=True, help="Say what would be removed; remove nothing.")
@click.option(
    "--force",
    is_flag=True,
    help="Also remove unfinished runs, runs in doubt and runs needing an operator "
    "(never a running one).",
)
@yes_option
@output_option
@click.pass_context
def prune(ctx: click.Context, older_than: str, dry_run: bool, force: bool, output: str) -> None:
    """Remove old run journals, keeping those still needed.

    Kept whatever their age: a running run (it holds its cluster's lock); without --force, a
    run that did not finish (resume needs it), one with steps in doubt, one that needs an
    operator. Reports every run removed and every old run kept, with why."""
    if ctx.get_parameter_source("output") is click.core.ParameterSource.DEFAULT and ctx.parent:
        output = ctx.parent.params.get("output", output)  # `runs --output json prune ...`
    age = parse_duration(older_than)
    state = state_dir(ctx)
    # rich, the journals and the output load here, not for --help (15.16).
    from rich.table import Column

    from orchestrator.engine.journal import runs_dir
    from orchestrator.output import FORMAT_VERSION, stdout_console, whole_table, write_json

    found = verdicts(state, age, force=force, now=datetime.now(UTC))
    going = [v for v in found if v.keep is None]
    if going and not dry_run:
        ask_consent(
            ctx,
            f"Remove {len(going)} run journal(s) from {runs_dir(state)}?",
            undone="nothing was removed",
        )
        for verdict in going:
            shutil.rmtree(runs_dir(state) / verdict.run.run_id)
    document = {
        "format_version": FORMAT_VERSION,
        "command": "runs prune",
        "state_dir": str(state),
        "older_than": older_than,
        "dry_run": dry_run,
        "removed": [v.to_json() for v in going],
        "kept": [v.to_json() for v in found if v.keep is not None],
        "exit_code": 0,
    }
    if output == "json":
        write_json(document, sys.stdout)
        return
    verb = "would remove" if dry_run else "removed"
    table = whole_table(("flow", "cluster", "last activity", "status", "result"))
    # the run id whole, on one line: it is what `runs show` and `resume` take
    table.columns.insert(0, Column("run", no_wrap=True, min_width=23))
    for verdict in found:
        row = verdict.to_json()
        table.add_row(
            row["run_id"], row["workflow"], row["cluster"] or "", row["last_activity"] or "",
            row["status"], verb if verdict.keep is None else f"kept: {verdict.keep}",
        )  # fmt: skip
    console = stdout_console()
    if found:
        console.print(table)
    console.print(
        f"{verb} {len(going)} run(s) older than {older_than} from {runs_dir(state)}; "
        f"kept {len(found) - len(going)}"
    )
