"""The flows: one module per flow, each with a module-level `WORKFLOW` constant."""

from __future__ import annotations

import importlib

from orchestrator import echo
from orchestrator.engine.spec import Workflow
from orchestrator.errors import InputError

FLOWS = (
    "precheck",
    "prepare",
    "register",
    "repair",
    "status",
    "unregister",
    "arc-cleanup",
    "arc-repair",
    "arc-onboard",
    "arc-offboard",
    "collect-logs",
    "arc-initialize",
)


def load_workflow(name: str) -> Workflow:
    if name not in FLOWS:
        raise InputError(
            "flow", f"{echo.quoted(name)} is not a flow; use one of: {', '.join(FLOWS)}"
        )
    # Flow names are verbs (arc-cleanup); their modules use underscores (arc_cleanup.py).
    workflow: Workflow = importlib.import_module(f"workflows.{name.replace('-', '_')}").WORKFLOW
    return workflow
