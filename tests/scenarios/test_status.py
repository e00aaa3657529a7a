"""`orchestrate status` (read-only): C9 registration state and days since the last sync, C8 policy
events, C5/C4 Arc per node, C1 disconnection, each with the command that fixes it."""

from __future__ import annotations

import json

from orchestrator.lab.scenarios import registered
from tests.scenarios.support import Lab, assert_plans_no_change, inventory_data, lab_state, new_lab
from workflows.register import WORKFLOW as REGISTER
from workflows.repair import WORKFLOW as REPAIR
from workflows.status import WORKFLOW as STATUS


def _statuses(lab: Lab, check: str) -> dict[str, str]:
    return {node: r.status.value for (node, name), r in lab.checks(STATUS).items() if name == check}


def test_c9_never_registered_is_reported_with_register_as_the_fix(orchestrate, write_inventory):
    result = orchestrate(
        "status", "-i", str(write_inventory(inventory_data("C9"))), "--output", "json"
    )
    assert result.code == 1
    doc = json.loads(result.out)
    assert doc["command"] == "status"
    registration = [r for r in doc["results"] if r["check"] == "registration"]
    assert [(r["node"], r["status"], r["observed"]) for r in registration] == [
        (f"node{i}", "fail", "not registered (OutOfPolicy)") for i in range(1, 5)
    ]
    assert "orchestrate register" in registration[0]["remediation"]
    assert "licensed for a particular number of connections" in registration[0]["remediation"]


def test_c9_status_changes_nothing_and_register_fixes_it(tmp_path):
    lab = new_lab(tmp_path, "C9")
    before = lab_state(lab.world)
    assert set(_statuses(lab, "registration").values()) == {"fail"}
    assert set(_statuses(lab, "registration").values()) == {"fail"}  # the same, run again
    assert lab_state(lab.world) == before  # read-only
    assert lab.run(REGISTER).exit_code == 0
    assert set(_statuses(lab, "registration").values()) == {"pass"}
    assert set(_statuses(lab, "arc").values()) == {"pass"}
    assert lab.world.cluster.registration is not None
    assert_plans_no_change(lab, REGISTER)


def test_c9_more_than_30_days_without_a_sync_fails_with_the_days_shown(tmp_path):
    lab = new_lab(tmp_path)
    registered(lab.world)
    authority = lab.world.endpoints("AzureCloud")["authority"]
    for node in lab.world.ordered_nodes():
        node.endpoints[authority] = "firewall_drop"
    lab.world.clock.advance(31 * 24 * 3600)
    result = lab.checks(STATUS)[("node2", "registration")]
    # read-only: asking again (once the lab caught up with the month's background syncs)
    # reports the same and changes nothing
    before = lab_state(lab.world)
    assert lab.checks(STATUS)[("node2", "registration")] == result
    assert lab_state(lab.world) == before
    assert (result.status.value, result.observed) == (
        "fail",
        "Registered, Disconnected; last sync 31 days ago",
    )
    assert "orchestrate register" in result.remediation


def test_c8_591_is_reported_for_its_node_and_cleared_by_repair(tmp_path):
    lab = new_lab(tmp_path, "C8")
    result = lab.checks(STATUS)[("node2", "registration")]
    assert result.status.value == "fail"
    assert result.observed.startswith("OutOfPolicy (event 591 at ")
    assert "orchestrate repair" in result.remediation
    assert _statuses(lab, "registration")["node1"] == "pass"
    assert lab.run(REPAIR).exit_code == 0
    assert set(_statuses(lab, "registration").values()) == {"pass"}


def test_c8_592_is_informational_and_594_names_the_manual_steps(tmp_path):
    lab = new_lab(tmp_path)
    registered(lab.world)
    lab.world.out_of_policy(lab.node("node2"), 592)
    lab.world.out_of_policy(lab.node("node3"), 594)
    results = lab.checks(STATUS)
    assert results[("node2", "registration")].status.value == "warn"
    assert "nothing to do" in results[("node2", "registration")].remediation
    assert results[("node3", "registration")].status.value == "fail"
    assert (
        "remove it from the cluster, restart it" in results[("node3", "registration")].remediation
    )


def test_c5_arc_not_installed_within_12_hours_warns_then_passes(tmp_path):
    lab = new_lab(tmp_path, "C5")
    result = lab.checks(STATUS)[("node2", "arc")]
    assert (result.status.value, result.observed) == (
        "warn",
        "Enabled; agent Connected; portal Not Installed",
    )
    assert "re-check after" in result.remediation
    lab.world.clock.advance(12 * 3600)
    assert set(_statuses(lab, "arc").values()) == {"pass"}


def test_c4_arc_not_installed_long_after_registration_fails_with_repair(tmp_path):
    lab = new_lab(tmp_path, "C4")
    lab.world.clock.advance(13 * 3600)
    result = lab.checks(STATUS)[("node1", "arc")]
    assert result.status.value == "fail"
    assert "orchestrate repair" in result.remediation
    assert "Azure Connected Machine Resource Manager" in result.remediation


def test_c1_disconnected_for_hours_warns_with_repair(tmp_path):
    lab = new_lab(tmp_path, "C1")
    result = lab.checks(STATUS)[("node1", "registration")]
    assert (result.status.value, result.observed) == (
        "warn",
        "Registered, Disconnected; last sync 9 h ago",
    )
    assert result.remediation.startswith("Disconnected for more than 8 hours")
    assert "orchestrate repair" in result.remediation


def test_healthy_cluster_status_passes_with_exit_0(orchestrate, write_inventory):
    result = orchestrate("status", "-i", str(write_inventory(inventory_data("E3"))))
    assert result.code == 0, result.out
    assert "16 pass, 0 warn, 0 fail" in result.out
