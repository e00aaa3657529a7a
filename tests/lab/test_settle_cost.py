"""A command settles its own node, not the whole lab, while nothing else can be due (issue
16.6: the lab's per-call cost independent of the number of nodes). Over the wire the lab's
clock is the real one and moves between any two commands, so "time stood still" never held
there: every command settled all 64 served nodes. Rules of time still fire on every node at
their moment, whichever node the command is addressed to."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest

from orchestrator.lab.scenarios import registered
from orchestrator.lab.transport import LabTransport
from orchestrator.lab.world import LabNode, LabWorld
from orchestrator.transport.base import Command
from tests.lab.helpers import make_world

READ = Command.cmdlet("Get-Service", Name="hcisvc")


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each node was settled."""
    counts: Counter[str] = Counter()
    settle_node = LabWorld._settle_node

    def counted(world: LabWorld, node: LabNode, now: datetime) -> None:
        counts[node.name] += 1
        settle_node(world, node, now)

    monkeypatch.setattr(LabWorld, "_settle_node", counted)
    return counts


def _registered_lab(nodes: int) -> tuple[LabWorld, LabTransport]:
    world = make_world(nodes=nodes)
    registered(world)  # background sync and the arcSettings projection: every node's concern
    return world, LabTransport(world)


def test_reads_on_a_moving_clock_settle_their_own_node_only(settled: Counter[str]) -> None:
    world, transport = _registered_lab(64)
    node1 = transport.open("node1")
    node1.run(READ)  # the first read after the registration settles everything
    settled.clear()

    for _ in range(20):
        world.clock.advance(1)  # the real clock over the wire: never the same twice
        node1.run(READ)

    assert settled == Counter({"node1": 20})  # was 20 x 64: every node, every read


def test_a_change_makes_the_next_read_settle_every_node(settled: Counter[str]) -> None:
    world, transport = _registered_lab(8)
    node1 = transport.open("node1")
    node1.run(READ)
    node1.run(Command.tool("w32tm", "/resync", "/force"))  # a change (not declared a read)
    settled.clear()
    world.clock.advance(1)

    node1.run(READ)

    assert set(settled) == {f"node{i}" for i in range(1, 9)}


def _expires_soon(world: LabWorld, node: str, seconds: float) -> None:
    with world.lock:  # as the Azure side or a cmdlet changes the world: counted
        agent = world.node(node).arc_agent
        assert agent.status == "Connected"
        agent.identity_expires = world.now() + timedelta(seconds=seconds)


def test_a_rule_of_time_on_another_node_fires_at_its_moment(settled: Counter[str]) -> None:
    world, transport = _registered_lab(8)
    node1 = transport.open("node1")
    _expires_soon(world, "node5", 10)
    node1.run(READ)  # the change: a full settle, which learns node5's expiry
    settled.clear()

    for _ in range(9):
        world.clock.advance(1)
        node1.run(READ)
    assert world.node("node5").arc_agent.status == "Connected"
    assert set(settled) == {"node1"}

    world.clock.advance(1)  # node5's identity expires now; no command goes to node5
    node1.run(READ)

    assert world.node("node5").arc_agent.status == "Expired"
    machine = world.azure.find(str(world.node("node5").arc_agent.resource_id))
    assert machine is not None
    assert machine.properties["status"] == "Expired"
    # and the cluster's arcSettings projected it at once, as before
    assert _arc_state(world, "node5") == "Expired"


def test_what_a_change_sets_after_its_own_settle_is_learnt_by_the_next_read(
    settled: Counter[str],
) -> None:
    # A command that changes the world settles first and changes after: what it sets then
    # (here an Arc projection delay on node3, due in 5 s) is not in that settle's view, so the
    # next read must not trust it.
    world, transport = _registered_lab(8)
    node1 = transport.open("node1")
    node1.run(READ)
    with world.lock:
        world.settle(world.node("node1"))  # a changing holder's settle...
        world.node("node3").arc_pending_until = world.now() + timedelta(seconds=5)  # ...then

    world.clock.advance(1)
    node1.run(READ)
    assert world.node("node3").arc_pending_until is not None
    assert _arc_state(world, "node3") == "Not Installed"
    world.clock.advance(5)
    node1.run(READ)

    assert world.node("node3").arc_pending_until is None
    assert _arc_state(world, "node3") == "Connected"


def test_a_read_inside_a_changing_hold_is_not_a_quiet_settle() -> None:
    world = make_world(nodes=2)
    with world.lock, world.lock.reading():
        assert not world.lock.is_reading  # the enclosing hold may still change the world
    with world.lock.reading(), world.lock:
        assert world.lock.is_reading  # a plain hold inside a read counts nothing


def _arc_state(world: LabWorld, node: str) -> Any:
    registration = world.cluster.registration
    assert registration is not None
    settings = world.azure.find(f"{registration.resource_id}/arcSettings/default")
    assert settings is not None
    states = {d["name"]: d["state"] for d in settings.properties["perNodeDetails"]}
    return states[node]
