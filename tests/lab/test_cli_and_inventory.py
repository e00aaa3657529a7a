"""`orchestrate lab scenarios`, and `lab.scenario` in an inventory."""

from __future__ import annotations

import json

from orchestrator.inventory import load_inventory
from orchestrator.lab import world_from_inventory
from orchestrator.lab.scenarios import SCENARIOS
from orchestrator.lab.transport import LabTransport
from orchestrator.transport.base import Command
from tests.conftest import base_inventory


def test_lab_scenarios_lists_one_line_per_row(orchestrate):
    result = orchestrate("lab", "scenarios")
    assert result.code == 0
    assert result.err == ""
    lines = result.out.splitlines()
    assert len(lines) == len(SCENARIOS) == 42
    assert lines[0].startswith("A1   hcisvc stopped")
    assert lines[-1].startswith("F7   ")


def test_lab_scenarios_json(orchestrate):
    result = orchestrate("lab", "scenarios", "--output", "json")
    doc = json.loads(result.out)
    assert doc["format_version"] == 1
    assert [s["id"] for s in doc["scenarios"]] == list(SCENARIOS)


def test_help_lists_the_lab_verb(orchestrate):
    assert "lab" in orchestrate("--help").out


def test_inventory_scenario_builds_the_target_and_applies_the_fault(write_inventory):
    data = base_inventory()
    data["lab"]["scenario"] = "C6"
    world = world_from_inventory(load_inventory(str(write_inventory(data))))
    assert world.target.subscription_id == data["azure"]["subscription_id"]
    assert world.target.tenant_id == data["azure"]["tenant_id"]
    session = LabTransport(world).open("node1")
    view = session.run(Command.cmdlet("Get-AzureStackHCI")).first
    assert view["AzureResourceUri"].split("/")[2] == data["azure"]["subscription_id"]
    assert world.portal_arc_state(world.node("node2")) == "Not Installed"


def test_per_node_facts_win_over_the_scenario(write_inventory):
    data = base_inventory()
    data["lab"]["scenario"] = "A1"
    data["lab"]["nodes"] = {"node2": {"hcisvc": "running"}}
    world = world_from_inventory(load_inventory(str(write_inventory(data))))
    assert world.node("node2").services["hcisvc"].running
