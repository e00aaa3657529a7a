"""Every targeted node accounted for at the end of a run (issue 15.4).

A cluster flow walks its steps once, on the entry node; the other nodes are pre-checked and
then reached through the entry node by the cluster cmdlets (Register-AzStackHCI reaches every
node from the one it runs on). A node flow walks every node; when --max-fail-percent stops new
nodes, some never start. Neither may leave a node out of the report, nor show a finished run's
node as "pending": this module says, per node, what happened to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from orchestrator.checks.base import Status
from orchestrator.engine.compile import (
    DONE,
    FAILED,
    NEEDS_OPERATOR,
    PENDING,
    PRECHECKS,
    READY,
    TERMINAL,
)

if TYPE_CHECKING:
    from orchestrator.engine.runner import NodeRun

NOT_STARTED = "not_started"
STATES = (DONE, FAILED, NEEDS_OPERATOR, NOT_STARTED)

# Roles: how the run reached the node.
WORKED_ON = "worked on"
ENTRY = "entry node"  # a cluster flow's steps ran here, for the whole cluster


def through(entry: str) -> str:
    return f"through {entry}"


@attrs.frozen
class NodeAccount:
    node: str
    state: str  # done | failed | needs_operator | not_started
    role: str  # worked on | entry node | through <entry node>
    detail: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"node": self.node, "state": self.state, "role": self.role, "detail": self.detail}


def _failing_checks(run: NodeRun) -> list[str]:
    return [f"{r.check}: {r.observed}" for r in run.precheck_results if r.status is Status.FAIL]


def account_nodes(
    runs: Sequence[NodeRun],
    precheck_only: Sequence[NodeRun],
    *,
    cluster_scope: bool,
    stopped_new: bool = False,
    order: Sequence[str] = (),
) -> list[NodeAccount]:
    """One account per targeted node, in `order` (inventory order) when given."""
    accounts = [_worked_on(run, cluster_scope, stopped_new) for run in runs]
    if cluster_scope and runs:
        entry = runs[0]
        accounts += [_through_entry(other, entry) for other in precheck_only]
    position = {name: i for i, name in enumerate(order)}
    return sorted(accounts, key=lambda a: position.get(a.node, len(position)))


def _worked_on(run: NodeRun, cluster_scope: bool, stopped_new: bool) -> NodeAccount:
    role = ENTRY if cluster_scope else WORKED_ON
    if run.state in TERMINAL:
        return NodeAccount(run.name, run.state, role, run.error)
    why = (
        "not started: more nodes failed than --max-fail-percent allows"
        if stopped_new
        else "not started"
    )
    if run.state not in (PENDING, PRECHECKS, READY):
        why = f"stopped at {run.state}"
    return NodeAccount(run.name, NOT_STARTED, role, why)


def _through_entry(run: NodeRun, entry: NodeRun) -> NodeAccount:
    role = through(entry.name)
    failing = _failing_checks(run)
    if failing:
        return NodeAccount(run.name, FAILED, role, "blocked: " + "; ".join(failing))
    if entry.state == DONE:
        return NodeAccount(
            run.name, DONE, role, f"pre-checks passed; the cluster steps ran on {entry.name}"
        )
    stepped = any(r.outcome != "pending" for r in entry.reports.values())
    if entry.state in (FAILED, NEEDS_OPERATOR) and stepped:
        # The cluster cmdlet on the entry node reaches this node too: its outcome is this one's.
        return NodeAccount(
            run.name, entry.state, role, f"the cluster steps stopped on {entry.name}; see there"
        )
    return NodeAccount(
        run.name,
        NOT_STARTED,
        role,
        "pre-checks passed; nothing was changed (the run was blocked before any step)",
    )


def summary(accounts: Sequence[NodeAccount]) -> dict[str, int]:
    return {state: sum(1 for a in accounts if a.state == state) for state in STATES}
