"""The emulator's threads under `lab serve --latency` (issue 16): a command's injected latency
is waited in that command's own connection thread, holding no lock another node's command, or
another session's on the same node, needs; and what a request costs the emulator does not
grow with the number of nodes it serves. Nothing here times anything: the latency's sleep is
replaced by a wait on an event the test sets once the other commands are done."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psrpcore._base as psrp_base
import pytest

from orchestrator.lab.emulator import LabEmulator
from orchestrator.lab.emulator import endpoint as emulator_endpoint
from orchestrator.lab.emulator import pool as emulator_pool
from orchestrator.lab.latency import Latency
from orchestrator.transport.base import Command
from tests.lab.helpers import make_world
from tests.protocol.conftest import lab_world, transport

SERVICE = Command.cmdlet("Get-Service", Name="hcisvc")


def test_a_commands_latency_holds_nothing_other_nodes_or_sessions_need(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve(lab_world(), latency=Latency(per_node_s={"node1": 0.05}))
    waiting, released = threading.Event(), threading.Event()
    events: list[str] = []

    def sleep(_seconds: float) -> None:
        if waiting.is_set():  # node1's later commands (the second session's) do not wait
            return
        events.append("node1's command waits its latency")
        waiting.set()
        events.append("released" if released.wait(timeout=60) else "never released")

    emulator.latency.sleep = sleep
    first, second = transport(emulator), transport(emulator)  # two clients
    held, other_node, same_node = first.open("node1"), first.open("node2"), second.open("node1")
    for session in (held, other_node, same_node):
        session.connect()
    results: list[Any] = []
    worker = threading.Thread(target=lambda: results.append(held.run(SERVICE)))
    worker.start()
    assert waiting.wait(timeout=60)

    other_node.run(SERVICE)
    events.append("node2's command answered")
    same_node.run(SERVICE)
    events.append("node1's other session's command answered")
    released.set()
    worker.join(timeout=60)

    # Had the wait held a lock that serves every node (the world's, the endpoint's, a shell's),
    # the other commands would have waited for it, and the latency would never be released.
    assert events == [
        "node1's command waits its latency",
        "node2's command answered",
        "node1's other session's command answered",
        "released",
    ]
    assert results[0].first["Name"] == "hcisvc"
    assert emulator.latency.calls == {"node1": 2, "node2": 1}


@contextmanager
def counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Counts the emulator's per-request work: SOAP requests parsed, answers written, PSRP
    messages decoded and serialized by psrpcore."""
    counts: Counter[str] = Counter()

    def counted(owner: Any, name: str) -> None:
        real = getattr(owner, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, call)

    for owner, name in (
        (emulator_endpoint, "parse_request"),
        (emulator_endpoint, "envelope"),
        (psrp_base, "deserialize"),
        (psrp_base, "serialize"),
        (emulator_pool, "serialize"),
    ):
        counted(owner, name)
    yield counts


@pytest.mark.parametrize("nodes", [2, 8])
def test_a_commands_cost_to_the_emulator_does_not_grow_with_the_nodes_it_serves(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch, nodes: int
) -> None:
    emulator = serve(make_world(nodes))
    session = transport(emulator).open("node1")
    session.run(SERVICE)  # the pool is open, this command's messages seen once

    with counting(monkeypatch) as counts:
        for _ in range(3):
            session.run(SERVICE)

    # Three requests a command, each parsed once and answered once; nothing decoded or
    # serialized by psrpcore again (tests/protocol/test_wire_costs.py), on 2 nodes as on 8.
    assert counts == Counter(parse_request=9, envelope=9)
    assert len(emulator.endpoints) == nodes
