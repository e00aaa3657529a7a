"""Facts parsed from the lab's cmdlet output (the real cmdlets' shapes)."""

from __future__ import annotations

import pytest

from orchestrator.errors import RemoteCommandError
from orchestrator.facts import (
    last_boot,
    read_arc_agent,
    read_arc_integration,
    read_registration,
    run_checked,
)
from orchestrator.inventory import parse_inventory
from orchestrator.transport.base import Command
from orchestrator.transport.factory import connect
from tests.conftest import base_inventory


def _session(scenario=None, node="node1"):
    data = base_inventory()
    if scenario:
        data["lab"]["scenario"] = scenario
    connector = connect(parse_inventory(data, "lab.yaml"))
    return connector, connector.transport.open(node)


def test_an_unregistered_cluster():
    _, session = _session()
    reg = read_registration(session)
    assert (reg.status, reg.registered) == ("NotYet", False)
    assert read_arc_integration(session).cluster_status in ("Disabled", "NotYet", "Uninitialized")


def test_a_registered_cluster_and_its_arc_agents():
    _, session = _session("E3")
    reg = read_registration(session)
    assert reg.registered
    assert reg.resource_group == "hci01-rg"
    assert reg.subscription_id == "6f2a1c3e-0b7d-4e1a-9c55-2d8e4f1a7b90"
    arc = read_arc_integration(session)
    assert arc.node_status("NODE2") == "Enabled"
    agent = read_arc_agent(session)
    assert agent.connected
    assert agent.resource_name == "node1"


def test_last_boot_is_a_datetime():
    _, session = _session()
    assert last_boot(session) is not None


def test_failures_carry_the_error_id():
    _, session = _session()
    with pytest.raises(RemoteCommandError) as caught:
        run_checked(session, Command.cmdlet("Get-Service", Name="nosuchsvc"))
    assert caught.value.fully_qualified_error_id.startswith("NoServiceFoundForGivenName")
