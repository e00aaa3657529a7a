"""Issue 17 defect 2 over the real wire: Register-AzStackHCI outlives the controller's read
timeout and keeps running on the node (served by the WinRM emulator, which runs it in real
time: here for an hour, so the timeout fires whatever the machine's load); an immediate resume
finds the marker its pipeline holds open, waits for the call to end (the call ends while the
resume waits), re-checks and calls nothing. And the faults are the same names as in process."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from orchestrator.exitcodes import ExitCode
from orchestrator.lab import fault_names
from orchestrator.transport.factory import Connector
from tests.protocol.conftest import SHORT_READ
from tests.protocol.wire_lab import WireLab, states

Make = Callable[..., WireLab]
CALL_S = 3600  # far beyond the read timeout: only the test ends it


@pytest.mark.slow
def test_a_register_still_running_after_a_read_timeout_is_awaited_not_repeated(
    wire_lab: Make,
) -> None:
    lab = wire_lab(**SHORT_READ)
    fault_names.arm_world(lab.world, [fault_names.parse(f"slow={CALL_S}:Register-AzStackHCI")])

    first = lab.run("register")

    assert first.exit_code is not ExitCode.OK  # the read timed out mid-call
    assert lab.world.in_flight  # the call goes on on node1
    assert lab.world.cluster.registration is None
    assert first.run_id is not None

    waits: list[float] = []

    def wait(_connector: Connector, seconds: float) -> None:
        waits.append(seconds)  # the resume waits for the call (not in real time here) ...
        lab.end_calls()  # ... and meanwhile it ends on the node

    lab.monkeypatch.setattr(Connector, "sleep", wait)
    again = lab.resume(first.run_id)  # at once, while the first call still runs

    assert again.exit_code is ExitCode.OK, [r.error for r in again.nodes]
    assert states(again) == {"node1": "done"}
    assert again.nodes[0].reports["registration"].outcome == "reconciled"
    assert lab.mutations("node1")["register"] == 1  # ran once, though asked about twice
    assert not lab.world.in_flight
    sent = [c.name for c in lab.wsman.endpoint("node1").commands]
    assert sent.count("Register-AzStackHCI") == 1
    assert "Remove-Item" in sent  # the resume tried the marker, was refused, waited
    assert len(waits) == 1  # ... and waited for the call once: it had ended by then


def test_the_served_lab_takes_the_same_fault_names_as_the_in_process_lab(wire_lab: Make) -> None:
    lab = wire_lab()
    fault = fault_names.parse("drop-after@node1:Register-AzStackHCI")
    fault_names.arm_emulator(lab.wsman, [fault])

    first = lab.run("register")

    assert first.exit_code is ExitCode.REFUSED  # ran, answer lost: checked by a person
    assert lab.mutations("node1")["register"] == 1
    assert first.run_id is not None
    assert lab.resume(first.run_id).exit_code is ExitCode.OK
    assert lab.mutations("node1")["register"] == 1
