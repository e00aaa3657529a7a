"""Named fault scenarios: each puts a world into the state of one row of SCENARIOS.md.

The lab knows nothing about flows: a scenario only changes facts, it never says how the
product should react. Nodes are chosen by position so a scenario fits any cluster size.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from orchestrator.lab.world import LabWorld


@attrs.frozen
class Scenario:
    id: str
    title: str
    apply: Callable[[LabWorld], None]


def _nodes(world: LabWorld) -> list[str]:
    return list(world.nodes)


def _a1(world: LabWorld) -> None:
    names = _nodes(world)
    world.node(names[min(1, len(names) - 1)]).services["hcisvc"].running = False


def _a2(world: LabWorld) -> None:
    world.node(_nodes(world)[-1]).reachable = False


def _a5(world: LabWorld) -> None:
    world.node(_nodes(world)[0]).clock_offset_s = 420.0


SCENARIOS: dict[str, Scenario] = {
    s.id: s
    for s in (
        Scenario(
            "A1",
            "hcisvc stopped on a node: 'Couldn't generate self-signed certificate on node(s)'",
            _a1,
        ),
        Scenario("A2", "a node is not reachable over PowerShell Remoting", _a2),
        Scenario("A5", "a node's clock is 7 minutes fast: AADSTS700027 at token signing", _a5),
    )
}
