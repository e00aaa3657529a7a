"""Finding a run whichever state dir journaled it (issue 15.12).

The CLI journals under `.orchestrate` in the current directory (like Terraform's state beside
the configuration); the Ansible module under `~/.orchestrate` (a play has no meaningful current
directory). `ORCHESTRATE_HOME` sets both. When `runs show` or `resume` do not find a run where
they look, they look in the other default too and say where it is and how to reach it, and
the module's failure message names its state dir in the commands it suggests.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from orchestrator import echo
from orchestrator.cli.flowrun import state_dir
from orchestrator.errors import InputError

if TYPE_CHECKING:  # the journals are read when a verb runs, not for its --help (15.16)
    from orchestrator.engine.journal import RunHistory

# orchestrator/task.py and the collection's module_utils default to this when neither
# `state_dir` nor ORCHESTRATE_HOME is given.
ANSIBLE_DEFAULT = Path("~/.orchestrate")
CLI_DEFAULT = Path(".orchestrate")
RUN_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{6}")


def _other_defaults(current: Path) -> list[tuple[Path, str]]:
    candidates = [
        (ANSIBLE_DEFAULT, "the Ansible module's default state dir"),
        (CLI_DEFAULT, "the CLI's default state dir in this directory"),
    ]
    here = current.expanduser().resolve()
    return [(path, what) for path, what in candidates if path.expanduser().resolve() != here]


def find_run(ctx: click.Context, run_id: str) -> RunHistory:
    """load_run in the state dir; when the run is not there, an error naming where it is."""
    from orchestrator.engine.journal import JOURNAL_FILE, load_run, runs_dir

    current = state_dir(ctx)
    try:
        return load_run(current, run_id)
    except InputError as error:
        if error.field != "run id":
            raise
        verb = ctx.command_path.split(" ", 1)[-1]
        plain = re.fullmatch(r"[\w.-]+", run_id) is not None and ".." not in run_id
        for other, what in _other_defaults(current):
            if plain and (runs_dir(other.expanduser()) / run_id / JOURNAL_FILE).is_file():
                raise InputError(
                    "run id",
                    f"{run_id}: no such run in {runs_dir(current)}, but there is one in "
                    f"{runs_dir(other)} ({what}); use orchestrate --state-dir {other} "
                    f"{verb} {run_id}",
                ) from None
        others = " or ".join(f"{other} ({what})" for other, what in _other_defaults(current))
        # a run id is shown as it is when it has a run id's form (engine/journal.py
        # new_run_id); echo's password-shape rule would otherwise hide it as "(not shown)"
        shown = run_id if RUN_ID.fullmatch(run_id) else echo.quoted(run_id)
        raise InputError(
            "run id",
            f"{shown}: no such run in {runs_dir(current)}, nor in {others}; `orchestrate runs` "
            "lists the runs of a state dir (--state-dir or ORCHESTRATE_HOME chooses it)",
        ) from None
