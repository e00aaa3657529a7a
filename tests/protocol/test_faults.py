"""Each protocol fault, injected by the emulator, reaches callers as the right error class."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from orchestrator.errors import (
    AuthenticationFailed,
    NodeUnreachable,
    TransientTransportError,
    TransportError,
    WSManFault,
)
from orchestrator.lab.emulator import (
    Drop,
    FaultRule,
    Hang,
    HttpStatus,
    LabEmulator,
    Reboot,
    Unauthorized,
)
from orchestrator.lab.emulator import WSManFault as InjectedWSManFault
from orchestrator.lab.emulator.faults import Effect
from orchestrator.transport.base import Command
from tests.protocol.conftest import SHORT_READ, lab_world, transport

GET_SERVICE = Command.cmdlet("Get-Service", Name="hcisvc")
START_SERVICE = Command.cmdlet("Start-Service", Name="hcisvc")


@pytest.mark.parametrize(
    ("effect", "expected"),
    [
        (Drop("before"), TransientTransportError),
        (HttpStatus(503), TransientTransportError),
        (HttpStatus(500), TransientTransportError),
        (InjectedWSManFault(), WSManFault),
        (Hang(), TransientTransportError),  # no answer: the read timeout fires
        (Unauthorized(), AuthenticationFailed),
    ],
    ids=["drop", "http-503", "http-500", "wsman-fault", "read-timeout", "http-401"],
)
def test_fault_on_a_command_maps_to_its_error_class(
    serve: Callable[..., LabEmulator], effect: Effect, expected: type[TransportError]
) -> None:
    if isinstance(effect, Hang):
        effect = Hang()  # a fresh one for each run: a released Hang no longer holds anything
    emulator = serve()
    session = transport(emulator, **(SHORT_READ if isinstance(effect, Hang) else {})).open("node1")
    emulator.endpoint("node1").faults.add(FaultRule(effect, action="Command"))

    with pytest.raises(TransportError) as raised:
        session.run(GET_SERVICE)

    assert type(raised.value) is expected
    assert raised.value.node == "node1"
    assert raised.value.transient is (expected is TransientTransportError)


def test_wsman_fault_carries_its_code(serve: Callable[..., LabEmulator]) -> None:
    emulator = serve()
    session = transport(emulator).open("node1")
    emulator.endpoint("node1").faults.add(
        FaultRule(InjectedWSManFault(code=0x80338012, reason="The service is busy."))
    )

    with pytest.raises(WSManFault) as raised:
        session.run(GET_SERVICE)

    assert raised.value.code == "0x80338012"
    assert "The service is busy." in raised.value.message


def test_refused_connection_is_unreachable_before_any_session(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve()
    emulator.endpoint("node2").go_down()

    with pytest.raises(NodeUnreachable, match="cannot connect"):
        transport(emulator).open("node2")
    assert emulator.endpoint("node2").pools_opened == 0


def test_wrong_password_is_an_authentication_failure(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = serve()
    monkeypatch.setenv("HCI_LAB_TEST_PASSWORD", "not-the-password")

    with pytest.raises(AuthenticationFailed) as raised:
        transport(emulator).open("node1")
    assert "not-the-password" not in str(raised.value)


def test_drop_before_the_command_leaves_the_node_unchanged(
    serve: Callable[..., LabEmulator],
) -> None:
    world = lab_world("lab-faults.yaml")  # node2's hcisvc is stopped
    emulator = serve(world)
    session = transport(emulator).open("node2")
    emulator.endpoint("node2").faults.add(FaultRule(Drop("before"), cmdlet="Start-Service"))

    with pytest.raises(TransientTransportError):
        session.run(START_SERVICE)

    assert world.node("node2").services["hcisvc"].running is False
    assert world.node("node2").mutations == {}


def test_response_lost_after_the_command_ran_leaves_its_effect(
    serve: Callable[..., LabEmulator],
) -> None:
    world = lab_world("lab-faults.yaml")
    emulator = serve(world)
    session = transport(emulator).open("node2")
    emulator.endpoint("node2").faults.add(FaultRule(Drop("after"), cmdlet="Start-Service"))

    with pytest.raises(TransientTransportError):
        session.run(START_SERVICE)

    # The effect is unknown to the caller but real: a post-condition check sees it.
    assert world.node("node2").services["hcisvc"].running is True
    assert world.node("node2").mutations == {"start:hcisvc": 1}
    after = session.run(GET_SERVICE)
    assert after.first["Status"] == "Running"


def test_reboot_loses_the_pool_and_the_next_command_opens_a_fresh_one(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve()
    node1 = emulator.endpoint("node1")
    session = transport(emulator).open("node1")
    assert not session.run(GET_SERVICE).failed

    node1.reboot()
    with pytest.raises(WSManFault) as raised:
        session.run(GET_SERVICE)
    assert raised.value.code == "0x8033805B"  # the shell is gone
    assert "shell was not found" in raised.value.message

    assert session.run(GET_SERVICE).first["Name"] == "hcisvc"
    assert node1.pools_opened == 2
    assert node1.boots == 1


def test_reboot_during_a_request_breaks_the_connection_then_a_fresh_pool_works(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve()
    node3 = emulator.endpoint("node3")
    session = transport(emulator).open("node3")
    node3.faults.add(FaultRule(Reboot("before")))

    with pytest.raises(TransientTransportError):
        session.run(GET_SERVICE)

    assert node3.boots == 1
    assert session.run(GET_SERVICE).first["Status"] == "Running"
    assert node3.pools_opened == 2


def test_node_going_down_mid_run_is_unreachable_and_recovers_when_back(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve()
    node4 = emulator.endpoint("node4")
    session = transport(emulator).open("node4")
    assert not session.run(GET_SERVICE).failed

    node4.go_down()
    with pytest.raises(NodeUnreachable):
        session.run(GET_SERVICE)

    node4.come_up()
    assert session.run(GET_SERVICE).first["Name"] == "hcisvc"
    assert node4.pools_opened == 2


def test_a_slow_receive_is_retried_by_pypsrp_itself(serve: Callable[..., LabEmulator]) -> None:
    # pypsrp re-sends a Receive that timed out (it returns the same data): no error reaches
    # the caller, so step-level retries must not add another layer for it.
    emulator = serve()
    session = transport(emulator, **SHORT_READ).open("node1")
    unanswered = FaultRule(Hang(), action="Receive")  # answered by nobody: the read times out
    emulator.endpoint("node1").faults.add(unanswered)

    assert session.run(GET_SERVICE).first["Status"] == "Running"
    assert emulator.endpoint("node1").faults.struck == [unanswered]


def test_a_rule_strikes_as_many_times_as_asked(serve: Callable[..., LabEmulator]) -> None:
    emulator = serve()
    session = transport(emulator).open("node1")
    emulator.endpoint("node1").faults.add(FaultRule(HttpStatus(503), times=2))

    for _ in range(2):
        with pytest.raises(TransientTransportError, match="HTTP 503"):
            session.run(GET_SERVICE)
    assert not session.run(GET_SERVICE).failed


def test_a_node_the_world_marks_unreachable_mid_run_stops_answering(
    serve: Callable[..., LabEmulator],
) -> None:
    world = lab_world()
    emulator = serve(world)
    session = transport(emulator).open("node2")
    assert not session.run(GET_SERVICE).failed

    world.node("node2").reachable = False

    with pytest.raises(TransientTransportError):  # the request in flight dies with the node
        session.run(GET_SERVICE)
    with pytest.raises(NodeUnreachable):  # then nobody answers
        session.run(GET_SERVICE)
