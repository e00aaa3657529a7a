"""17.11: a value a node reports is spliced into ARM paths only when it is a valid Azure name.

`azcmagent show -j` names the resource group of the node's Arc machine; the cleanup flows look
the machine up (and may delete it) there. A hostile or corrupt value (`..`, `rg/../../x`) would
be normalised away by the HTTP layer and address another resource; it is refused instead, with
where it came from, and nothing in Azure is read or changed through it."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.exitcodes import ExitCode
from tests.scenarios.support import arc_machine, new_lab

HOSTILE = [
    "..",
    "hci01-rg/../../victim-rg",
    "hci01-rg/..",
    "hci01-rg%2F..%2Fvictim-rg",
    "victim-rg?x=",
]


def _refusal(group: str, text: str | None) -> None:
    assert text is not None
    assert "azcmagent show -j on node2" in text
    assert "not a valid Azure resource group name" in text
    assert repr(group) in text  # shown escaped, as it was, never normalised


@pytest.mark.parametrize("group", HOSTILE)
def test_the_plan_refuses_a_hostile_resource_group_from_azcmagent(
    tmp_path: Path, group: str
) -> None:
    lab_ = new_lab(tmp_path, scenario="E3")
    lab_.world.node("node2").arc_agent.resource_group = group

    plan = lab_.plan("arc-cleanup", nodes=["node2"], delete_azure_resources=True)

    [node2] = plan["nodes"]
    assert node2["status"] == "blocked"
    _refusal(group, node2.get("reason"))


@pytest.mark.parametrize("group", HOSTILE)
def test_unregister_refuses_it_and_deletes_nothing(tmp_path: Path, group: str) -> None:
    # B2: Disable-AzureStackHCIArcIntegration fails on node2; the cleanup looks node2's machine
    # up where its (still connected) agent says it is, before disconnecting it
    lab_ = new_lab(tmp_path, scenario="B2")
    world = lab_.world
    world.node("node2").arc_agent.resource_group = group
    assert arc_machine(world, "node2") is not None

    outcome = lab_.run("unregister", cleanup_azure=True)

    assert outcome.exit_code is ExitCode.REFUSED
    [entry] = outcome.nodes
    _refusal(group, entry.error)
    # the module's own unregister removed what it removes; node2's machine, which only the
    # cleanup would delete, is still there: nothing was deleted through the hostile value
    assert arc_machine(world, "node2") is not None
