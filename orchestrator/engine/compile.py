"""Compile a workflow into the per-node state machine (pure: spec in, machine config out).

One `transitions` machine drives every node of a run (`set_state(state, model=run)`, then
`events[name].trigger(run)`; runner.NodeRun); its
callbacks only keep books. Remote I/O runs in worker threads and the coordinator fires the
events below with their results, so a failing remote call can never leave the machine
half-transitioned.
"""

from __future__ import annotations

from typing import Any

import attrs
from transitions import Machine
from transitions.extensions import GraphMachine

from orchestrator.engine.spec import Workflow

PENDING = "pending"
PRECHECKS = "prechecks"
READY = "ready"
VERIFYING = "verifying"
DONE = "done"
FAILED = "failed"
NEEDS_OPERATOR = "needs_operator"
TERMINAL = frozenset({DONE, FAILED, NEEDS_OPERATOR})

REMEDIATING_SUFFIX = "__remediating"


def remediating(step_id: str) -> str:
    return step_id + REMEDIATING_SUFFIX


@attrs.frozen
class MachineSpec:
    """Everything `Machine(...)` needs, as data: states in order and transition dicts."""

    states: tuple[str, ...]
    transitions: tuple[dict[str, Any], ...]
    step_states: tuple[str, ...]

    def kwargs(self) -> dict[str, Any]:
        return {
            "states": list(self.states),
            "transitions": [dict(t) for t in self.transitions],
            "initial": PENDING,
            "auto_transitions": False,
            "ignore_invalid_triggers": False,
            "send_event": True,
        }


def compile_workflow(workflow: Workflow) -> MachineSpec:
    steps = [s.id for s in workflow.steps]
    states = [PENDING, PRECHECKS, READY]
    transitions: list[dict[str, Any]] = [
        {"trigger": "start", "source": PENDING, "dest": PRECHECKS},
        {"trigger": "prechecks_passed", "source": PRECHECKS, "dest": READY},
        {"trigger": "blocked", "source": PRECHECKS, "dest": FAILED},
        {"trigger": "begin", "source": READY, "dest": steps[0] if steps else VERIFYING},
    ]
    working: list[str] = []
    for index, spec in enumerate(workflow.steps):
        states.append(spec.id)
        working.append(spec.id)
        following = steps[index + 1] if index + 1 < len(steps) else VERIFYING
        transitions.append({"trigger": "succeeded", "source": spec.id, "dest": following})
        if spec.retry is not None:
            transitions.append({"trigger": "retry", "source": spec.id, "dest": spec.id})
        if spec.remediations:
            fixing = remediating(spec.id)
            states.append(fixing)
            working.append(fixing)
            transitions.append({"trigger": "remediate", "source": spec.id, "dest": fixing})
            transitions.append({"trigger": "remediated", "source": fixing, "dest": spec.id})
    states += [VERIFYING, DONE, FAILED, NEEDS_OPERATOR]
    transitions += [
        {"trigger": "verified", "source": VERIFYING, "dest": DONE},
        {"trigger": "failed", "source": [*working, VERIFYING], "dest": FAILED},
    ]
    if working:
        transitions.append({"trigger": "needs_operator", "source": working, "dest": NEEDS_OPERATOR})
    return MachineSpec(tuple(states), tuple(transitions), tuple(steps))


def build_machine(workflow: Workflow, **callbacks: Any) -> Machine:
    """A machine with no models yet; the runner adds one model per node."""
    return Machine(model=None, **compile_workflow(workflow).kwargs(), **callbacks)


class _Diagram:
    """A stand-in model at the initial state; the diagram shows structure, not a live run."""


def mermaid(workflow: Workflow) -> str:
    """The Mermaid state diagram of exactly the machine the runner compiles."""
    spec = compile_workflow(workflow).kwargs()
    machine = GraphMachine(
        model=_Diagram(),
        graph_engine="mermaid",
        title=f"{workflow.name} v{workflow.version}",
        **spec,
    )
    text: str = machine.get_graph().draw(None)
    return text.rstrip() + "\n"
