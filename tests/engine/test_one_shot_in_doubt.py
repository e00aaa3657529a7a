"""Issue 17 defect 2: resume never repeats a one-shot call (Register-/Unregister-AzStackHCI,
azcmagent connect) while the first one may still run on the node.

The lab plays a call that goes on after the controller stops waiting (lab/calls.py:
`NodeFaults.call_seconds`, the marker its pipeline holds open). The controller is stopped at
the moment the call is under way on the node (killed, or its connection broken); the resume
comes while the call still runs. It must wait for the call to end, re-check, and find the
change made: the cmdlet ran once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orchestrator.engine.api import resume_run
from orchestrator.engine.journal import read_records
from orchestrator.errors import TransientTransportError
from orchestrator.exitcodes import ExitCode
from orchestrator.lab.scenarios import registered
from orchestrator.lab.transport import LabTransport
from orchestrator.steps import registration
from orchestrator.transport.base import Command
from tests.scenarios.support import Lab, new_lab
from workflows import load_workflow

LONG_CALL_S = 900.0  # Register-AzStackHCI takes minutes


class Killed(BaseException):
    """The controller dies: nothing more reaches any node."""


def stop_mid_call(lab: Lab, cmdlet: str, stop: BaseException) -> list[str]:
    """Stop the controller once `cmdlet` is under way on its node. After a kill, the dead
    controller sends nothing more; after a broken connection, the run goes on."""
    moments: list[str] = []
    transport = lab.connector.transport
    assert isinstance(transport, LabTransport)

    first = threading.Lock()  # machines run in parallel: exactly one call is the first

    def hook(node: str, command: Command, moment: str) -> None:
        with first:
            if moments and isinstance(stop, Killed):
                raise stop
            if command.name.lower() == cmdlet.lower() and moment == "started" and not moments:
                moments.append(f"{node}:{command.name}")
                raise stop

    transport.hook = hook
    return moments


def resume(lab: Lab) -> Any:
    transport = lab.connector.transport
    assert isinstance(transport, LabTransport)
    transport.hook = None  # a new controller process
    (run_id,) = [p.name for p in (lab.state_dir / "runs").iterdir()]
    return resume_run(
        run_id,
        state_dir=lab.state_dir,
        argv=["resume"],
        load_flow=load_workflow,
        connector=lab.connector,
    )


def records(lab: Lab, kind: str) -> list[dict[str, Any]]:
    return [
        r
        for path in lab.state_dir.rglob("journal.jsonl")
        for r in read_records(path)
        if r["type"] == kind
    ]


def calls(lab: Lab, what: str) -> int:
    return sum(n.mutations.get(what, 0) for n in lab.world.ordered_nodes())


Interrupt = Callable[[], BaseException]
INTERRUPTIONS: dict[str, Interrupt] = {
    "kill": Killed,
    "read-timeout": lambda: TransientTransportError("node1", "read timed out"),
}


@pytest.mark.parametrize("interruption", sorted(INTERRUPTIONS))
def test_resume_waits_for_a_register_still_running_and_never_calls_it_again(
    tmp_path: Path, interruption: str
) -> None:
    lab = new_lab(tmp_path)
    lab.node("node1").faults.call_seconds["register-azstackhci"] = LONG_CALL_S
    stopped = stop_mid_call(lab, "Register-AzStackHCI", INTERRUPTIONS[interruption]())
    try:
        first = lab.run("register")
        assert first.exit_code is not ExitCode.OK  # the connection broke: the step failed
    except Killed:
        pass
    assert stopped == ["node1:Register-AzStackHCI"]
    assert lab.world.cluster.registration is None  # still running on the node
    assert calls(lab, "register") == 0

    outcome = resume(lab)

    assert outcome.exit_code is ExitCode.OK, [r.error for r in outcome.nodes]
    assert calls(lab, "register") == 1  # the first call landed; it was not made again
    assert lab.world.cluster.registration is not None
    (awaited,) = records(lab, "earlier_call_awaited")
    assert awaited["step"] == "registration"
    finished = {r["step"]: r["outcome"] for r in records(lab, "step_finished")}
    assert finished["registration"] == "reconciled"
    assert not [p for n in lab.world.ordered_nodes() for p in n.files if "InFlight" in p]


def test_without_the_wait_the_lab_would_show_register_running_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hazard is real in the lab: a resume that does not wait calls the cmdlet while the
    first call still runs, and both land (the oracle the test above relies on can fail)."""
    lab = new_lab(tmp_path)
    lab.node("node1").faults.call_seconds["register-azstackhci"] = LONG_CALL_S
    stop_mid_call(lab, "Register-AzStackHCI", Killed())
    with pytest.raises(Killed):
        lab.run("register")
    monkeypatch.setattr(registration, "await_earlier_calls", lambda ctx: [])
    resume(lab)
    lab.world.clock.advance(LONG_CALL_S)
    lab.world.settle()
    assert calls(lab, "register") == 2


def test_resume_waits_for_an_unregister_still_running(tmp_path: Path) -> None:
    lab = new_lab(tmp_path)
    registered(lab.world)
    lab.node("node1").faults.call_seconds["unregister-azstackhci"] = LONG_CALL_S
    stop_mid_call(lab, "Unregister-AzStackHCI", Killed())
    with pytest.raises(Killed):
        lab.run("unregister")
    assert lab.world.cluster.registration is not None  # still running

    outcome = resume(lab)

    assert outcome.exit_code is ExitCode.OK, [r.error for r in outcome.nodes]
    assert calls(lab, "unregister") == 1
    assert lab.world.cluster.registration is None


def test_a_call_still_running_after_the_wait_bound_parks_the_node_and_is_not_repeated(
    tmp_path: Path,
) -> None:
    lab = new_lab(tmp_path)
    lab.node("node1").faults.call_seconds["register-azstackhci"] = 10 * 24 * 3600.0  # stuck
    stop_mid_call(lab, "Register-AzStackHCI", Killed())
    with pytest.raises(Killed):
        lab.run("register")

    outcome = resume(lab)

    assert outcome.exit_code is ExitCode.REFUSED
    error = outcome.nodes[0].error or ""
    assert "an earlier call of this step is still running on the node" in error
    assert calls(lab, "register") == 0  # never called again; the first is still going


def test_resume_waits_for_an_arc_initialization_still_running_and_never_calls_it_again(
    tmp_path: Path,
) -> None:
    # Invoke-AzStackHciArcInitialization registers the machine with Arc: a second call while the
    # first runs is the failure Microsoft says only an OS reinstall undoes (issue 13).
    lab = new_lab(tmp_path, "F1")
    for node in lab.world.ordered_nodes():
        node.faults.call_seconds["invoke-azstackhciarcinitialization"] = LONG_CALL_S
    stopped = stop_mid_call(lab, "Invoke-AzStackHciArcInitialization", Killed())
    with pytest.raises(Killed):
        lab.run("arc-initialize")
    (moment,) = stopped  # machines start in parallel: whichever one began first
    node = moment.removesuffix(":Invoke-AzStackHciArcInitialization")
    assert calls(lab, "arc-initialization") == 0  # still running on the machine
    # Machines run in parallel, so another may have begun its call just before the kill
    # reached its thread: every call under way when the controller died must be awaited.
    running = {call.node for call in lab.world.in_flight}
    assert node in running
    # The lab's clock is one virtual clock for the world: a machine that the kill caught
    # before its call (still in its check) is called afresh by the resume, and waiting for
    # that call would move every machine's time on by LONG_CALL_S, so a running call could
    # end before the resume looks at it. The machines not running one answer at once.
    for other in lab.world.ordered_nodes():
        if other.name not in running:
            other.faults.call_seconds["invoke-azstackhciarcinitialization"] = 0.0

    outcome = resume(lab)

    states = {r.name: r.state for r in outcome.nodes}
    for name in running:
        assert states[name] == "done"  # awaited, found registered: reconciled, not called again
        assert lab.node(name).mutations["arc-initialization"] == 1
    # The dead controller sent nothing more: a machine whose call was journaled but never
    # reached it is parked for an operator (resume cannot tell that from a call lost in
    # transit); one the kill caught before its call is called now. None is called twice.
    assert all(n.mutations.get("arc-initialization", 0) <= 1 for n in lab.world.ordered_nodes())
    # The first wait lets every running call end (one clock), so at least one is awaited,
    # and only a machine whose call was running can be.
    awaited = records(lab, "earlier_call_awaited")
    assert awaited
    assert {(r["node"], r["step"]) for r in awaited} <= {(n, "arc_initialization") for n in running}
    assert not [p for n in lab.world.ordered_nodes() for p in n.files if "InFlight" in p]
