"""status: how the cluster stands with Azure, read-only (`orchestrate status`).

A flow of checks only, like precheck: the engine runs them on every node in plan mode, so
nothing is journaled, locked or changed, and the output is the same table / JSON document as
`orchestrate precheck` (each finding with the command that fixes it). Per node: reachability,
registration and connection with days since the last sync (C9), OutOfPolicy with its event
(C8: 591 repair, 592 wait, 594 manual steps), and Arc as the node, its agent and the portal see
it (C4, C5, C7).
"""

from __future__ import annotations

from orchestrator.checks import ReachabilityCheck
from orchestrator.checks.status import ArcNodeStateCheck, RegistrationStateCheck
from orchestrator.engine.spec import Workflow

WORKFLOW = Workflow(
    name="status",
    version=1,
    summary="Registration, connection, days since last sync, policy state and Arc per node.",
    prechecks=(ReachabilityCheck(), RegistrationStateCheck(), ArcNodeStateCheck()),
)
