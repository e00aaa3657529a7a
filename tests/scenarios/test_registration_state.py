"""Issue 12.1 and 12.2 end to end: Get-AzureStackHCI as it is (no cloud, subscription or tenant)
and OutOfPolicy that is not a registration (never registered past 30 days, just unregistered)."""

from __future__ import annotations

import json
import zipfile

import pytest

from orchestrator.exitcodes import ExitCode
from orchestrator.facts.registration_log import last_attempt_lines, registration_log_dirs
from orchestrator.lab.scenarios import register as run_register_cmdlet
from tests.scenarios.support import assert_plans_no_change, new_lab, planned_changes, steps
from workflows.register import WORKFLOW as REGISTER
from workflows.unregister import WORKFLOW as UNREGISTER

WORKING = "C:\\Users\\hciadmin\\Documents"  # the lab's remote session working directory
DEFAULT = "C:\\ProgramData\\AzureStackHCI\\Registration"


def test_a_cluster_never_registered_past_30_days_is_registered(tmp_path) -> None:
    """C9: installed 31 days ago, never registered: RegistrationStatus OutOfPolicy with an empty
    AzureResourceUri. That is no registration: register must register it."""
    lab = new_lab(tmp_path, scenario="C9")
    assert lab.world.cluster.registration is None

    outcome = lab.run(REGISTER)

    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert steps(outcome)["registration"] == "changed"
    assert lab.world.cluster.registration is not None
    assert lab.node("node1").mutations["register"] == 1
    assert_plans_no_change(lab, REGISTER)


def test_a_cluster_just_unregistered_can_be_registered_again(tmp_path) -> None:
    """Just unregistered: OutOfPolicy, empty AzureResourceUri. unregister finishes (a second
    plan changes nothing) and register registers it again."""
    lab = new_lab(tmp_path, scenario="E3")

    gone = lab.run(UNREGISTER)

    assert gone.exit_code is ExitCode.OK, gone.nodes[0].error
    assert lab.world.cluster.registration is None
    assert_plans_no_change(lab, UNREGISTER)
    again = lab.run(REGISTER)
    assert again.exit_code is ExitCode.OK, again.nodes[0].error
    assert lab.world.cluster.registration is not None
    assert lab.node("node1").mutations["unregister"] == 1


def test_the_b1_guard_says_how_cloud_and_tenant_were_compared(tmp_path) -> None:
    """The node records neither: the plan says Azure confirmed them (the recorded subscription
    answered in the inventory's cloud with the inventory's tenant)."""
    lab = new_lab(tmp_path, scenario="E3")

    plan = lab.plan(UNREGISTER)

    guard = next(s for s in plan["nodes"][0]["steps"] if s["step"] == "guard_registration")
    assert "cloud and tenant confirmed by Azure" in guard["reason"]
    assert ("node1", "unregister") in planned_changes(plan)


@pytest.mark.parametrize(("module", "folder"), [("2.1.2", WORKING), ("2.6.0", DEFAULT)])
def test_the_last_attempt_is_found_by_event_9009_in_the_folder_the_module_logs_to(
    tmp_path, module: str, folder: str
) -> None:
    """Before 2.2.0 the module logs to the session's working directory, from 2.2.0 to
    %ProgramData%\\AzureStackHCI\\Registration; an attempt starts at its event 9009 ("Parameters
    for Register-AzStackHCI are:"), not at a line of the log."""
    lab = new_lab(tmp_path, scenario="A1", module_version=module)
    session = lab.connector.transport.open("node1")
    assert run_register_cmdlet(lab.world).first["Result"] == "Failed"  # 9110: hcisvc stopped
    first = last_attempt_lines(session)
    assert any("Couldn't generate self-signed certificate on node(s) node2" in x for x in first)
    assert folder in registration_log_dirs(session)
    lab.world.node("node2").services["hcisvc"].running = True
    lab.world.clock.advance(20)  # the same minute: the same log file
    second = lab.run(REGISTER)

    assert second.exit_code is ExitCode.OK, second.nodes[0].error
    lines = last_attempt_lines(session)
    assert lines
    assert not any("Couldn't generate self-signed certificate" in x for x in lines)
    names = {p.rsplit("\\", 1)[0] for p in lab.node("node1").files if "RegisterHCI_" in p}
    assert names == {folder}


def test_collect_logs_reads_the_working_directory_of_an_old_module(scenario_lab) -> None:
    """E1 on Az.StackHCI 2.1.2: the logs are in the session's working directory; collect-logs
    finds them there (Get-Location), with the module's own events (source HCI Registration)."""
    lab = scenario_lab("E1", module_version="2.1.2")
    code, doc = lab.json("collect-logs", "--out", str(lab.tmp / "evidence"))
    assert code == 0, doc
    archive = zipfile.ZipFile(doc["archive"])
    entries = json.loads(archive.read("manifest.json"))["files"]
    logs = [
        e["path"] for e in entries if e["node"] == "node1" and e["source"] == "registration-log"
    ]
    assert sorted(p.rsplit("\\", 1)[0] for p in logs) == [WORKING] * 3
    events = next(e for e in entries if e["node"] == "node1" and e["source"] == "event-source")
    assert b"Parameters for Register-AzStackHCI are:" in archive.read(events["file"])
