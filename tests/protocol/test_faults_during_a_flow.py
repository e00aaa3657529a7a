"""Each protocol fault, struck while `prepare` starts node2's stopped hcisvc (SCENARIOS A1),
through the real pypsrp client: a transient one is retried by the engine's tenacity layer (the
back-off recorded, never slept) and the service is started exactly once; any other one ends
the node with a clear error while the healthy node finishes (exit 4, partial)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from orchestrator.engine.retry import is_transient
from orchestrator.errors import (
    AuthenticationFailed,
    NodeUnreachable,
    TransientTransportError,
    WSManFault,
)
from orchestrator.exitcodes import ExitCode
from orchestrator.lab.emulator import Drop, Hang, HttpStatus, Reboot, Unauthorized
from orchestrator.lab.emulator import WSManFault as InjectedWSManFault
from orchestrator.lab.emulator.faults import Effect
from tests.protocol.conftest import SHORT_READ
from tests.protocol.wire_lab import WireLab, states

Make = Callable[..., WireLab]
START = "Start-Service"


def _started_once(lab: WireLab) -> None:
    assert lab.world.node("node2").services["hcisvc"].running is True
    assert lab.mutations("node2")["start:hcisvc"] == 1


@pytest.mark.parametrize(
    "effect",
    [
        Drop("before"),
        Drop("after"),  # the service started; the retry's check sees it running
        HttpStatus(503),
        HttpStatus(500, phase="after"),
        # never answered: the read timeout fires; the request is dropped unrun when the
        # emulator stops, so only the retry (on a fresh pool) starts the service
        Hang(),
    ],
    ids=["drop-before", "drop-after", "http-503", "http-500-after", "read-timeout"],
)
def test_a_transient_fault_is_retried_and_the_change_is_made_once(
    wire_lab: Make, effect: Effect
) -> None:
    hangs = isinstance(effect, Hang)
    lab = wire_lab("A1", **(SHORT_READ if hangs else {}))
    lab.fault("node2", Hang() if hangs else effect, cmdlet=START)  # a fresh Hang each run

    outcome = lab.run("prepare")

    assert outcome.exit_code is ExitCode.OK, [r.error for r in outcome.nodes]
    assert states(outcome) == {"node1": "done", "node2": "done"}
    report = next(r for r in outcome.nodes if r.name == "node2").reports["start_hcisvc"]
    assert report.attempts == 2
    assert report.outcome == ("reconciled" if effect.phase == "after" else "changed")
    assert len(lab.slept) == 1  # one back-off between the attempts, recorded
    _started_once(lab)


def test_a_reboot_mid_flow_opens_a_fresh_pool_for_the_retry(wire_lab: Make) -> None:
    lab = wire_lab("A1")
    lab.fault("node2", Reboot("before"), cmdlet=START)

    outcome = lab.run("prepare")

    assert outcome.exit_code is ExitCode.OK
    assert lab.wsman.endpoint("node2").boots == 1
    assert lab.wsman.pools_opened == {"node1": 1, "node2": 2}
    # The boot started the automatic service; the retry's check sees it and starts nothing.
    report = next(r for r in outcome.nodes if r.name == "node2").reports["start_hcisvc"]
    assert (report.attempts, report.outcome) == (2, "reconciled")
    _started_once(lab)


@pytest.mark.parametrize(
    ("effect", "error", "text"),
    [
        (InjectedWSManFault(), WSManFault, "0x80338012"),
        (Unauthorized(), AuthenticationFailed, "refused the credentials"),
    ],
    ids=["wsman-fault", "http-401"],
)
def test_a_fault_that_is_not_transient_fails_the_node_without_a_retry(
    wire_lab: Make, effect: Effect, error: type[Exception], text: str
) -> None:
    lab = wire_lab("A1")
    lab.fault("node2", effect, cmdlet=START)

    outcome = lab.run("prepare")

    assert outcome.exit_code is ExitCode.PARTIAL
    assert states(outcome) == {"node1": "done", "node2": "failed"}
    node2 = next(r for r in outcome.nodes if r.name == "node2")
    assert node2.reports["start_hcisvc"].attempts == 1
    assert error.__name__ in (node2.error or "")
    assert text in (node2.error or "")
    assert lab.slept == []
    assert lab.world.node("node2").services["hcisvc"].running is False


def test_the_classification_is_what_the_retry_layer_decides_on() -> None:
    # The retry layer (tenacity) retries exactly what is_transient says: transport faults that
    # may succeed when simply tried again, never a WSMan fault or a rejected credential.
    assert is_transient(TransientTransportError("node2", "the connection broke"))
    assert not is_transient(WSManFault("node2", "0x80338012", "cannot process the request"))
    assert not is_transient(AuthenticationFailed("node2", "HTTP 401"))
    assert not is_transient(NodeUnreachable("node2", "cannot connect"))


def test_a_refused_connection_blocks_the_node_before_anything_changes(wire_lab: Make) -> None:
    lab = wire_lab("A1")
    lab.wsman.endpoint("node2").go_down()

    outcome = lab.run("prepare")

    assert outcome.exit_code is ExitCode.PARTIAL
    assert states(outcome) == {"node1": "done", "node2": "failed"}
    node2 = next(r for r in outcome.nodes if r.name == "node2")
    assert "reachability" in (node2.error or "")
    assert lab.wsman.pools_opened["node2"] == 0
    assert lab.world.node("node2").services["hcisvc"].running is False
    assert lab.mutations("node2") == {}
