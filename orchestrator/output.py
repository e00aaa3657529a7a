"""Rendering results: a readable table for people, one versioned JSON document for machines.

Results go to stdout only; anything else (logs, progress) goes to stderr.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import IO, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from orchestrator import terminal
from orchestrator.checks.base import CheckResult, Status

FORMAT_VERSION = 1

_STYLE = {
    Status.PASS: "green",
    Status.WARN: "yellow",
    Status.FAIL: "bold red",
    Status.SKIPPED: "dim",
}


# Width of text output written to a pipe or file (rich would assume 80 columns); COLUMNS wins.
PIPE_WIDTH = 160


def _console(stream: IO[str] | None, *, stderr: bool = False) -> Console:
    console = Console(
        file=stream,
        stderr=stderr,
        highlight=False,
        soft_wrap=False,
        **terminal.console_options(),  # --no-color, NO_COLOR
    )
    if not console.is_terminal and not os.environ.get("COLUMNS"):
        console.width = PIPE_WIDTH
    return console


def stdout_console(stream: IO[str] | None = None) -> Console:
    """Results; soft_wrap off keeps tables inside the width (their cells fold, see whole_table)."""
    return _console(stream)


def stderr_console() -> Console:
    """The plan shown before the question at a terminal, logs and progress."""
    return _console(None, stderr=True)


def whole_table(columns: Sequence[str], title: str | None = None) -> Table:
    """A table whose cells wrap and fold but are never cut: an operator approves resource IDs,
    step and node names as shown, so none may end in "..." at any width (issue 15.2)."""
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=False)
    return table


def status_counts(results: Sequence[CheckResult]) -> dict[str, int]:
    counts = Counter(r.status.value for r in results)
    return {s.value: counts.get(s.value, 0) for s in Status}


def precheck_text(results: Sequence[CheckResult], console: Console, *, title: str) -> None:
    table = whole_table(("node", "check", "status", "observed"), title)
    notes: list[tuple[int, CheckResult]] = []
    for result in results:
        marker = ""
        if result.remediation:
            notes.append((len(notes) + 1, result))
            marker = f" [{len(notes)}]"
        table.add_row(
            result.node,
            result.check,
            f"[{_STYLE[result.status]}]{result.status.value}[/]",
            escape(result.observed) + marker,
        )
    console.print(table)
    print_fixes(
        console,
        [{"node": r.node, "check": r.check, "fix": r.remediation or ""} for _, r in notes],
    )
    counts = status_counts(results)
    console.print("\n" + ", ".join(f"{n} {s}" for s, n in counts.items() if n or s != "skipped"))


def print_fixes(console: Console, fixes: Sequence[Mapping[str, Any]]) -> None:
    """The "What to do" notes: one numbered line per finding with its fix, as `precheck`
    prints them under its table; the failure output of every flow prints them the same way."""
    if not fixes:
        return
    console.print("\nWhat to do:")
    for number, fix in enumerate(fixes, 1):
        console.print(
            escape(f"[{number}] {fix['node']} / {fix['check']}: {fix['fix']}"), soft_wrap=True
        )


def precheck_document(
    results: Sequence[CheckResult],
    *,
    inventory: str,
    cluster: str,
    exit_code: int,
    command: str = "precheck",
) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "command": command,
        "inventory": inventory,
        "cluster": cluster,
        "results": [r.to_json() for r in results],
        "summary": status_counts(results),
        "exit_code": exit_code,
    }


def write_json(document: dict[str, Any], stream: IO[str]) -> None:
    json.dump(document, stream, indent=2, sort_keys=False)
    stream.write("\n")
