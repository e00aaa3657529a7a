"""Over the wire the Azure checks' read on the entry node runs beside that node's own pre-checks,
as in-process (issue 16.1; bench/critical_path.py counts the Azure checks beside the node
checks): it has a runspace pool of its own (PsrpTransport.open_aside), because one pool runs
one command at a time, and it is closed as soon as the read is done (docs/psrp.md "A second
pool on the entry node")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from orchestrator.lab.emulator.faults import Hang
from orchestrator.transport.base import Command
from tests.protocol.conftest import SHORT_READ
from tests.protocol.wire_lab import WireLab

Make = Callable[..., WireLab]
READ = "Get-AzureStackHCI"  # the registration-target check's read (checks/conflicts.py)


def _statuses(doc: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(r["node"], r["check"]): r["status"] for r in doc["results"]}


def test_the_entry_node_runs_its_pre_checks_while_the_azure_checks_read_is_held(
    wire_lab: Make,
) -> None:
    lab = wire_lab(None, nodes=3, **SHORT_READ)
    entry = lab.wsman.endpoint("node1")
    held = Hang()  # the read gets no answer until the entry node has run another command
    lab.fault("node1", held, cmdlet=READ)
    ran_while_held: list[str] = []

    def on_command(node: str, command: Command) -> None:
        if node == "node1" and entry.faults.struck and not held.released.is_set():
            ran_while_held.append(command.name)
            held.release()

    lab.wsman.on_command = on_command

    result, doc = lab.run_cli("precheck")

    # One pool running one command at a time holds the node's pre-checks behind the read
    # until the read times out (SHORT_READ): the check then reads nothing (skipped).
    assert result.code == 0, result.err
    assert _statuses(doc)[("node1", "registration-target")] == "pass"
    assert ran_while_held, "no pre-check ran on the entry node while the Azure read was held"


def test_the_azure_checks_pool_on_the_entry_node_is_closed_once_read(wire_lab: Make) -> None:
    lab = wire_lab(None, nodes=3)

    result, _doc = lab.run_cli("precheck")

    assert result.code == 0, result.err
    # node1, the entry node: the run's pool and the Azure checks' one; the others: one each.
    assert lab.wsman.pools_opened == {"node1": 2, "node2": 1, "node3": 1}
    actions = lab.wsman.endpoint("node1").actions
    assert actions.count("Create") == actions.count("Delete") == 2
    # the aside pool ran exactly the one read, then went: its Delete comes before the run's
    # pre-checks end, so the node never holds a second shell for the steps
    assert [c.name for c in lab.wsman.endpoint("node1").commands].count(READ) == 1
    assert actions.index("Delete") < len(actions) - 1
