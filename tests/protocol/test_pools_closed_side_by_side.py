"""At the end of a run the transport closes every node's runspace pool (one WS-Management
Delete each) side by side, the run's --parallel at a time, instead of one after the other: a
slow node's Delete no longer holds up the others' (PsrpTransport.close; bench/README.md,
session 8). Counted at the emulator, never timed: which Deletes are in flight together, and
whether any pool's close failed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from orchestrator.lab.emulator import FaultRule, LabEmulator
from orchestrator.lab.emulator.endpoint import NodeEndpoint
from orchestrator.lab.emulator.faults import Hang
from orchestrator.lab.emulator.soap import parse_request
from orchestrator.transport import psrp
from tests.protocol.conftest import SHORT_READ, transport
from tests.protocol.wire_lab import lab_world

NODES = ["node1", "node2", "node3", "node4"]


class Deletes:
    """The Deletes each endpoint is answering now, the most at once, the nodes whose Deletes
    arrived, and a hook called each time one arrives."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.in_flight: set[str] = set()
        self.most = 0
        self.arrived: list[str] = []
        self.on_arrival: Callable[[], None] = lambda: None
        self._lock = threading.Lock()
        original = NodeEndpoint.answer

        def answer(endpoint: NodeEndpoint, raw: bytes) -> Any:
            if parse_request(raw).action != "Delete":
                return original(endpoint, raw)
            with self._lock:
                self.in_flight.add(endpoint.name)
                self.arrived.append(endpoint.name)
                self.most = max(self.most, len(self.in_flight))
                self.on_arrival()
            try:
                return original(endpoint, raw)
            finally:
                with self._lock:
                    self.in_flight.discard(endpoint.name)

        monkeypatch.setattr(NodeEndpoint, "answer", answer)


def _failed_closes(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Every pool's close that raised (PsrpSession.close logs it and goes on)."""
    failed: list[BaseException] = []
    original = psrp.RunspacePool.close

    def close(pool: Any) -> Any:
        try:
            return original(pool)
        except Exception as error:
            failed.append(error)
            raise

    monkeypatch.setattr(psrp.RunspacePool, "close", close)
    return failed


def _opened(emulator: LabEmulator, parallel: int) -> psrp.PsrpTransport:
    """A transport with every node's pool open, as at the end of a run that opened them early."""
    wire = transport(emulator, **SHORT_READ)
    wire.open_early(NODES, parallel)
    for node in NODES:
        wire.open(node)
    return wire


def test_a_slow_nodes_delete_does_not_hold_up_the_others(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = serve(lab_world(None, nodes=len(NODES), is_registered=False))
    deletes = Deletes(monkeypatch)
    failed = _failed_closes(monkeypatch)
    held = Hang()  # node1's Delete is answered only once every other node's Delete arrived
    emulator.endpoint("node1").faults.add(FaultRule(held, action="Delete"))

    def release_when_all_arrived() -> None:
        if set(deletes.arrived) == set(NODES):
            held.release()

    deletes.on_arrival = release_when_all_arrived
    wire = _opened(emulator, parallel=len(NODES))

    wire.close()

    # One after the other, node1's held Delete ran into the read timeout (a failed close)
    # before any other node's Delete was sent.
    assert failed == []
    assert set(deletes.arrived) == set(NODES)
    for name, endpoint in emulator.endpoints.items():
        assert endpoint.actions.count("Create") == endpoint.actions.count("Delete") == 1, name


@pytest.mark.parametrize("parallel", [1, 2])
def test_the_pools_close_at_most_parallel_at_a_time(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch, parallel: int
) -> None:
    emulator = serve(lab_world(None, nodes=len(NODES), is_registered=False))
    deletes = Deletes(monkeypatch)
    wire = _opened(emulator, parallel)

    wire.close()

    assert sorted(deletes.arrived) == NODES
    assert deletes.most <= parallel
