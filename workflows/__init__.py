"""The flows: one module per flow, each with a module-level `WORKFLOW` constant."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING

from orchestrator import echo
from orchestrator.errors import InputError

# Types only: the list of flows is read when a verb builds its command (graph, validate), and
# the engine and a flow's steps load with the flow (issue 15.16).
if TYPE_CHECKING:
    from orchestrator.engine.spec import OptionValue, Workflow
    from orchestrator.inventory.models import Inventory

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
    workflow: Workflow = _module(name).WORKFLOW
    return workflow


def validate_options(
    name: str,
    options: Mapping[str, OptionValue],
    inventory: Inventory,
    field: Callable[[str], str],
) -> dict[str, OptionValue]:
    """The flow's own option rules (a module-level `validate_options`), for every caller (the
    CLI verb, the Ansible task), so a bad value gets the same refusal on either path;
    `field(option)` names the option the way the caller's user wrote it."""
    rules = getattr(_module(name), "validate_options", None)
    return dict(options) if rules is None else dict(rules(options, inventory, field))


def _module(name: str) -> ModuleType:
    if name not in FLOWS:
        raise InputError(
            "flow", f"{echo.quoted(name)} is not a flow; use one of: {', '.join(FLOWS)}"
        )
    # Flow names are verbs (arc-cleanup); their modules use underscores (arc_cleanup.py).
    return importlib.import_module(f"workflows.{name.replace('-', '_')}")
