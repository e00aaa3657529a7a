"""One runspace pool per node per run, however many steps and checks the flow has, and none
left open on the nodes when the run ends (counted by the emulator); one TCP connection (so one
TLS handshake) per pool, kept alive for every request of the run."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.protocol.wire_lab import WireLab, doc_states

Make = Callable[..., WireLab]


@pytest.mark.parametrize(
    ("flow", "scenario", "is_registered"),
    [
        ("prepare", "A1", False),  # a node flow: four steps on every node
        ("register", None, False),  # a cluster flow: the entry node's steps reach the others
        ("repair", None, True),  # reads every node's registration from the entry node's step
        ("unregister", None, True),
    ],
)
def test_a_multi_step_run_opens_one_pool_per_node_and_closes_them_all(
    wire_lab: Make, flow: str, scenario: str | None, is_registered: bool
) -> None:
    lab = wire_lab(scenario, nodes=3, is_registered=is_registered)

    result, doc = lab.run_cli(flow, "--yes")

    assert result.code == 0, result.err
    assert set(doc_states(doc).values()) == {"done"}
    assert lab.wsman.pools_opened == {"node1": 1, "node2": 1, "node3": 1}
    for endpoint in lab.wsman.endpoints.values():
        assert endpoint.actions.count("Create") == 1
        assert endpoint.connections_accepted == 1, f"{endpoint.name}: connection not kept alive"
        assert endpoint.actions[-1] == "Delete", f"{endpoint.name}: pool left open"
