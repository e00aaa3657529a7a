"""Issue 12 item 11 over the real wire: the controller's proxy variables never carry WinRM
unless the inventory names a proxy; a broken runspace pool is closed on the node, not dropped."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from orchestrator.errors import NodeUnreachable, TransientTransportError
from orchestrator.lab.emulator import Drop, FaultRule, LabEmulator
from orchestrator.transport.base import Command
from tests.protocol.conftest import transport

# Nothing listens on the discard port: any request sent through this "proxy" is refused.
DEAD_PROXY = "http://127.0.0.1:9"


def test_the_controllers_https_proxy_does_not_carry_winrm(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = serve()
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, DEAD_PROXY)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)

    session = transport(emulator).open("node1")

    assert session.run(Command.cmdlet("Get-Service", Name="hcisvc")).first["Name"] == "hcisvc"


def test_a_proxy_named_in_the_inventory_is_used(serve: Callable[..., LabEmulator]) -> None:
    emulator = serve()
    with pytest.raises(NodeUnreachable):
        transport(emulator, proxy=DEAD_PROXY).open("node1")


def test_a_broken_pool_is_closed_on_the_node_and_the_next_command_opens_a_fresh_one(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve()
    endpoint = emulator.endpoint("node1")
    session = transport(emulator).open("node1")
    endpoint.faults.add(FaultRule(Drop("before"), cmdlet="Get-Service"))

    with pytest.raises(TransientTransportError):
        session.run(Command.cmdlet("Get-Service", Name="hcisvc"))

    # The client told the node to delete the shell it gives up on (WS-Management Delete).
    assert endpoint.actions.count("Delete") == 1
    assert session.run(Command.cmdlet("Get-Service", Name="hcisvc")).first["Name"] == "hcisvc"
    assert endpoint.pools_opened == 2
