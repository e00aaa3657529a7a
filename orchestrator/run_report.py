"""A run's result: one versioned JSON document for machines and a table for people.

What the operator needs at the end of a run, and nowhere else first (issue 15):
- every targeted node, with what happened to it (engine/accounting.py), never "pending";
- per step what the run did, and when it did nothing, why ("already registered here"), so a
  plan that said "change" and a run that found the change made already agree (15.6);
- what to do about a blocked or failed node: the failing check's fix exactly as `orchestrate
  precheck` prints it, and the catalog's remedy for a failed step's error (15.3).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from orchestrator import terminal
from orchestrator.checks.base import Status
from orchestrator.engine.accounting import summary
from orchestrator.engine.compile import FAILED
from orchestrator.engine.runner import RunOutcome
from orchestrator.exitcodes import ExitCode
from orchestrator.output import FORMAT_VERSION, print_fixes, stdout_console, whole_table, write_json

# Outcomes that changed something on a node or in Azure (the Ansible module's `changed`).
CHANGED = frozenset(("changed", "reconciled"))


def step_fix(error: str | None) -> str | None:
    """The remedy the failure catalog gives for a failed step's error text (an exact signature
    only: a family match names the kind of failure, not what to do)."""
    if not error:
        return None
    from orchestrator.catalog.classify import diagnose

    diagnosis = diagnose(error)
    if not diagnosis.exact:
        return None
    match = diagnosis.exact[0]
    command = match.command()
    remedy = match.signature.remediation
    return f"{remedy} (`{command}`)" if command and command not in remedy else remedy


def what_to_do(outcome: RunOutcome) -> list[dict[str, str]]:
    """Each failing pre-check with its fix (as `precheck` prints it), then each failed step's
    catalog remedy: node, check (or step), observed (or error), fix."""
    fixes = [
        {"node": r.node, "check": r.check, "observed": r.observed, "fix": r.remediation}
        for r in outcome.precheck_results
        if r.status is Status.FAIL and r.remediation
    ]
    for run in outcome.nodes:
        for report in run.reports.values():
            fix = step_fix(report.error) if report.outcome == "failed" else None
            if fix:
                fixes.append(
                    {
                        "node": run.name,
                        "check": report.step,
                        "observed": report.error or "",
                        "fix": fix,
                    }
                )
    return fixes


# A step the finished invocation never reached (the engine's report still says "pending"):
# the run document says so, and why, instead of listing it as pending (issue 15.4, 15.6).
NOT_RUN = "not_run"


def _why_not_run(run: Any, account: Any) -> str:
    failed = next((r.step for r in run.reports.values() if r.outcome == "failed"), None)
    if failed:
        return f"not run: {failed} failed before it"
    if account.detail:
        return f"not run: {account.detail}"
    return f"not run: the node is {account.state.replace('_', ' ')}"


def _step_document(report: Any, why_not_run: str) -> dict[str, Any]:
    change = report.change
    if report.outcome == "pending":
        return {
            "step": report.step,
            "outcome": NOT_RUN,
            "changed": False,
            "before": None,
            "after": None,
            "reason": why_not_run,
            "attempts": report.attempts,
            "error": None,
        }
    return {
        "step": report.step,
        "outcome": report.outcome,
        # did the run change something (False for a step found done already, and for the
        # read-only steps: waits, evidence copied to the controller)
        "changed": report.outcome in CHANGED,
        "before": change.before if change else None,
        "after": change.after if change else None,
        # what the step's check said: why nothing was done ("already registered here"), or
        # why it changed
        "reason": change.reason if change else None,
        "attempts": report.attempts,
        "error": report.error,
        # what the step's commands warned about (masked); only when there was some
        **({"warnings": list(report.warnings)} if report.warnings else {}),
    }


def run_document(outcome: RunOutcome, *, cluster: str) -> dict[str, Any]:
    runs = {run.name: run for run in outcome.nodes}
    accounts = outcome.accounts()
    nodes = []
    for account in accounts:
        run = runs.get(account.node)
        steps = (
            [_step_document(r, _why_not_run(run, account)) for r in run.reports.values()]
            if run
            else []
        )
        nodes.append(
            {
                "node": account.node,
                "state": account.state,
                "role": account.role,
                "error": (run.error if run else None)
                or (account.detail if account.state == FAILED else None),
                "detail": account.detail,
                "steps": steps,
            }
        )
    return {
        "format_version": FORMAT_VERSION,
        "command": outcome.workflow.name,
        "run_id": outcome.run_id,
        "cluster": cluster,
        "workflow": {
            "name": outcome.workflow.name,
            "version": outcome.workflow.version,
            "fingerprint": outcome.workflow.fingerprint,
        },
        "nodes": nodes,
        "what_to_do": what_to_do(outcome),
        "summary": summary(accounts),
        "exit_code": int(outcome.exit_code),
    }


_OUTCOME_STYLE = {"changed": "yellow", "failed": "bold red", "reconciled": "cyan"}


def _step_detail(step: Mapping[str, Any]) -> str:
    if step["error"]:
        return str(step["error"])
    if step["outcome"] in CHANGED:
        return f"{step['before']} -> {step['after']}"
    return str(step["reason"] or "")


def report_run(outcome: RunOutcome, *, output: str, cluster: str, verbose: int = 0) -> None:
    """The result: JSON, or a table (one row per node; with -v one row per step) followed by
    what to do, the counts and, after a failure, where the journal is."""
    document = run_document(outcome, cluster=cluster)
    if output == "json":
        write_json(document, sys.stdout)
        return
    console: Console = stdout_console()
    title = f"{outcome.workflow.name} on cluster {cluster} (run {outcome.run_id})"
    table = _step_table(document, title) if verbose else _node_table(document, title)
    console.print(table)
    print_fixes(console, document["what_to_do"])
    print_summary(console, document["summary"])
    if not verbose and outcome.run_id and not terminal.quiet():  # -q: a hint is not the result
        console.print(
            f"every step and why: `orchestrate -v ...`, or `orchestrate runs show {outcome.run_id}`"
        )
    if outcome.exit_code is not ExitCode.OK and outcome.run_id:
        console.print(
            f"journal: `orchestrate runs show {outcome.run_id}`; "
            f"after fixing the cause: `orchestrate resume {outcome.run_id}`"
        )


def _state_text(node: Mapping[str, Any]) -> str:
    state = str(node["state"])
    return f"[bold red]{state}[/]" if state == FAILED else state.replace("_", " ")


def _no_step_ran(node: Mapping[str, Any]) -> bool:
    return all(s["outcome"] == NOT_RUN for s in node["steps"])


def _node_table(document: Mapping[str, Any], title: str) -> Table:
    """One row per node, so 16 nodes fit on a screen with the summary under them: the state,
    what the steps did in counts ("already done": found done, nothing changed), and the detail
    that matters (the error, the changes made, or how the node was reached)."""
    table = whole_table(("node", "state", "steps", "detail"), title)
    for node in document["nodes"]:
        ran = [s for s in node["steps"] if s["outcome"] != NOT_RUN]
        counts: dict[str, int] = {}
        for step in ran:
            label = "already done" if step["outcome"] == "no-op" else step["outcome"]
            counts[label] = counts.get(label, 0) + 1
        steps = ", ".join(f"{n} {label}" for label, n in counts.items()) or "-"
        if node["state"] == FAILED or node["error"]:
            detail = node["error"] or node["detail"] or ""
        elif not ran:
            role = node["role"]
            detail = f"{role}: {node['detail']}" if role.startswith("through ") else node["detail"]
        else:
            changed = [f"{s['step']}: {s['before']} -> {s['after']}" for s in ran if s["changed"]]
            detail = "; ".join(changed) or "nothing to change"
        table.add_row(node["node"], _state_text(node), steps, escape(detail or ""))
    return table


def _step_table(document: Mapping[str, Any], title: str) -> Table:
    table = whole_table(("node", "state", "step", "outcome", "detail"), title)
    for node in document["nodes"]:
        if _no_step_ran(node):
            # a node no step ran on: blocked, not started, or reached through the entry node
            failed = node["state"] == FAILED
            if node["role"].startswith("through "):
                what = "blocked" if failed else node["role"]
            else:
                what = "blocked" if failed else node["state"].replace("_", " ")
            detail = node["error"] if failed else node["detail"]
            table.add_row(node["node"], _state_text(node), "-", what, escape(detail or ""))
            continue
        for step in node["steps"]:
            style = _OUTCOME_STYLE.get(step["outcome"], "")
            outcome_text = f"[{style}]{step['outcome']}[/]" if style else step["outcome"]
            table.add_row(
                node["node"], node["state"], step["step"], outcome_text, escape(_step_detail(step))
            )
    return table


def print_summary(console: Console, counts: Mapping[str, int]) -> None:
    console.print(
        f"\n{counts['done']} done, {counts['failed']} failed, {counts['needs_operator']} need an "
        f"operator, {counts['not_started']} not started"
    )
