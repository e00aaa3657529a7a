"""One runspace pool per node per run, however many steps and checks the flow has, and none
left open on the nodes when the run ends (counted by the emulator); one TCP connection (so one
TLS handshake) per pool, kept alive for every request of the run. A cluster flow's entry node
has one more, short-lived: the Azure checks' read there runs beside the node's own pre-checks
(docs/psrp.md "A second pool on the entry node"; test_entry_node_pools.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.protocol.wire_lab import WireLab, doc_states

Make = Callable[..., WireLab]


@pytest.mark.parametrize(
    ("flow", "scenario", "is_registered", "entry_pools"),
    [
        ("prepare", "A1", False, 1),  # a node flow: four steps on every node
        # a cluster flow: the entry node's steps reach the others; its Azure checks read the
        # registration on the entry node beside the node's pre-checks
        ("register", None, False, 2),
        ("repair", None, True, 2),  # reads every node's registration from the entry node's step
        ("unregister", None, True, 1),  # no Azure check reads a node
    ],
)
def test_a_multi_step_run_opens_one_pool_per_node_and_closes_them_all(
    wire_lab: Make, flow: str, scenario: str | None, is_registered: bool, entry_pools: int
) -> None:
    lab = wire_lab(scenario, nodes=3, is_registered=is_registered)

    result, doc = lab.run_cli(flow, "--yes")

    assert result.code == 0, result.err
    assert set(doc_states(doc).values()) == {"done"}
    pools = {"node1": entry_pools, "node2": 1, "node3": 1}  # node1: the entry node
    assert lab.wsman.pools_opened == pools
    for endpoint in lab.wsman.endpoints.values():
        assert endpoint.actions.count("Create") == pools[endpoint.name]
        assert endpoint.actions.count("Delete") == pools[endpoint.name], "a pool left open"
        assert endpoint.connections_accepted == pools[endpoint.name], (
            f"{endpoint.name}: connection not kept alive"
        )
        assert endpoint.actions[-1] == "Delete", f"{endpoint.name}: pool left open"
