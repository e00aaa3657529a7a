"""The injected-latency knob (issue 16.7): per call, per node, seeded jitter; in-process and
over the wire. Nothing here really waits: the sleeps go to the lab's virtual clock or a list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from orchestrator.errors import InputError
from orchestrator.inventory.loader import parse_inventory
from orchestrator.lab.latency import LATENCY_ENV, Latency, parse_latency
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from orchestrator.lab.transport import LabTransport
from orchestrator.transport.base import Command
from orchestrator.transport.factory import connect
from tests.conftest import CliResult
from tests.lab.helpers import make_world


def test_a_spec_names_the_default_per_node_overrides_jitter_and_seed() -> None:
    latency = parse_latency("50ms,node3=0.2s,jitter=5ms,seed=7")

    assert latency == Latency(0.05, 0.005, {"node3": 0.2}, 7)
    assert parse_latency("0") == Latency()


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("fast", "'fast' is not a duration"),
        ("50ms,", "has an empty item"),
        ("=5ms", "names no node"),
        ("seed=x", "seed='x' is not a whole number"),
        ("50s", "more than 10 s"),
    ],
)
def test_a_bad_spec_is_refused_naming_the_field(spec: str, says: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_latency(spec, "--latency")

    assert refused.value.field == "--latency"
    assert says in str(refused.value)


def test_jitter_is_seeded_per_node_and_call_and_stays_within_its_spread() -> None:
    latency = Latency(0.05, 0.01, {}, seed=3)
    delays = [latency.delay("node1", call) for call in range(200)]

    assert all(0.04 <= d <= 0.06 for d in delays)
    assert len(set(delays)) > 150  # it does spread
    assert delays == [Latency(0.05, 0.01, {}, seed=3).delay("NODE1", c) for c in range(200)]
    assert delays != [Latency(0.05, 0.01, {}, seed=4).delay("node1", c) for c in range(200)]


def test_in_process_every_remote_command_waits_its_nodes_delay_on_the_virtual_clock() -> None:
    world = make_world(nodes=2)
    transport = LabTransport(world, latency=parse_latency("50ms,node2=200ms"))
    transport.latency.sleep = world.clock.advance
    started = world.clock.now()
    get = Command.cmdlet("Get-Service", Name="hcisvc")

    one, two = transport.open("node1"), transport.open("node2")
    for _ in range(3):
        one.run(get)
    two.run(get)

    assert transport.latency.calls == {"node1": 3, "node2": 1}
    assert (world.clock.now() - started).total_seconds() == pytest.approx(3 * 0.05 + 0.2)


def test_without_the_knob_calls_are_counted_and_nothing_waits() -> None:
    world = make_world(nodes=1)
    transport = LabTransport(world)
    waits: list[float] = []
    transport.latency.sleep = waits.append

    transport.open("node1").run(Command.cmdlet("Get-Service", Name="hcisvc"))

    assert transport.latency.calls == {"node1": 1}
    assert waits == []


def test_the_environment_knob_reaches_the_lab_transport_and_a_bad_one_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = {
        "cluster": {"name": "hci01", "nodes": [{"name": "node1"}]},
        "connection": {"transport": "lab"},
    }
    monkeypatch.setenv(LATENCY_ENV, "20ms,jitter=1ms")
    assert connect(parse_inventory(data)).transport.latency.latency == Latency(0.02, 0.001)  # type: ignore[attr-defined]
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab.json"))
    snapshotting = connect(parse_inventory(data)).transport
    assert snapshotting.latency.latency == Latency(0.02, 0.001)  # type: ignore[attr-defined]

    monkeypatch.setenv(LATENCY_ENV, "soon")
    with pytest.raises(InputError, match=f"{LATENCY_ENV}: 'soon' is not a duration"):
        connect(parse_inventory(data))


def test_lab_serve_refuses_a_bad_latency_before_serving(
    orchestrate: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HCI_LAB_PASSWORD", "lab-only")
    result = orchestrate("lab", "serve", "--latency", "50 parsecs", "--dir", str(tmp_path / "l"))

    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "error: --latency: '50 parsecs' is not a duration; write e.g. 50ms or 0.05s"
    ]
    assert not (tmp_path / "l").exists()


def test_lab_serve_accepts_up_to_64_nodes(orchestrate: Callable[..., CliResult]) -> None:
    from orchestrator.cli.lab_serve import serve

    too_many = orchestrate("lab", "serve", "--nodes", "65")
    (nodes,) = [p for p in serve.params if p.name == "nodes"]

    assert too_many.code == 2
    assert "Invalid value for '--nodes'" in too_many.err
    assert (nodes.type.min, nodes.type.max) == (1, 64)  # type: ignore[attr-defined]
