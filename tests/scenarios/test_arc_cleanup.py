"""`arc-cleanup`: the safe ladder per node (B2's node, foreign resources, idempotence)."""

from __future__ import annotations

import json
from pathlib import Path

from orchestrator.exitcodes import ExitCode
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from tests.scenarios.support import (
    NODES,
    arc_machine,
    assert_plans_no_change,
    inventory_data,
    new_lab,
    planned_changes,
    steps,
    write_inventory_file,
)


def test_b2_node_is_disabled_through_the_local_disconnect_and_azure_is_left_alone(
    tmp_path: Path,
) -> None:
    lab_ = new_lab(tmp_path, scenario="B2")
    world = lab_.world

    outcome = lab_.run("arc-cleanup", nodes=["node2"])

    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert steps(outcome) == {
        "disable_arc_integration": "changed",  # after the remediation's local disconnect
        "agent_disconnected": "no-op",
        "delete_arc_resource": "no-op",  # not asked
    }
    node2 = world.node("node2")
    assert node2.arc_status == "Disabled"
    assert node2.arc_agent.status == "Disconnected"
    assert node2.mutations.get("azcmagent:disconnect") == 1
    assert arc_machine(world, "node2") is not None  # no --delete-azure-resources
    assert world.node("node1").arc_status == "Enabled"  # --limit: other nodes untouched
    assert_plans_no_change(lab_, "arc-cleanup", nodes=["node2"])


def test_delete_azure_resources_removes_only_what_this_cluster_owns(tmp_path: Path) -> None:
    """B1 left every agent disconnected locally and every machine in Azure; node3's machine
    now names another cluster as its parent: it stays."""
    lab_ = new_lab(tmp_path, scenario="B1")
    world = lab_.world
    sub = world.target.subscription_id
    foreign = arc_machine(world, "node3")
    foreign.properties["parentClusterResourceId"] = (  # type: ignore[attr-defined]
        f"/subscriptions/{sub}/resourceGroups/x/providers/Microsoft.AzureStackHCI/clusters/other"
    )

    outcome = lab_.run("arc-cleanup", delete_azure_resources=True)

    assert outcome.exit_code is ExitCode.OK
    assert [arc_machine(world, n) is None for n in NODES] == [True, True, False, True]
    assert steps(outcome, "node3")["delete_arc_resource"] == "no-op"
    assert_plans_no_change(lab_, "arc-cleanup", delete_azure_resources=True)


def test_whole_cluster_cleanup_on_a_healthy_cluster_is_idempotent(tmp_path: Path) -> None:
    lab_ = new_lab(tmp_path, scenario="E3")
    world = lab_.world

    outcome = lab_.run("arc-cleanup", delete_azure_resources=True)

    assert outcome.exit_code is ExitCode.OK
    assert {world.node(n).arc_agent.status for n in NODES} == {"Disconnected"}
    assert {world.node(n).arc_status for n in NODES} == {"Disabled"}
    assert all(arc_machine(world, n) is None for n in NODES)
    assert_plans_no_change(lab_, "arc-cleanup", delete_azure_resources=True)


def test_the_ladder_deletes_an_owned_resource_left_by_a_local_only_disconnect(
    tmp_path: Path,
) -> None:
    """B1 left the agents disconnected locally and the machines in Azure: rung 3 only."""
    lab_ = new_lab(tmp_path, scenario="B1")
    plan = lab_.plan("arc-cleanup", nodes=["node1"], delete_azure_resources=True)
    assert list(planned_changes(plan)) == [("node1", "delete_arc_resource")]

    outcome = lab_.run("arc-cleanup", nodes=["node1"], delete_azure_resources=True)

    assert outcome.exit_code is ExitCode.OK
    assert arc_machine(lab_.world, "node1") is None
    assert arc_machine(lab_.world, "node2") is not None


def test_cli_dry_run_then_apply_then_no_change(tmp_path: Path, orchestrate, monkeypatch) -> None:
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab.json"))
    path = str(write_inventory_file(tmp_path, inventory_data("B2")))
    plan = orchestrate(
        "arc-cleanup", "-i", path, "--limit", "node2", "--dry-run", "--detailed-exitcode"
    )
    assert plan.code == ExitCode.CHANGES_PENDING
    applied = orchestrate("arc-cleanup", "-i", path, "--limit", "node2", "--output", "json")
    assert applied.code == 0, applied.err
    assert json.loads(applied.out)["nodes"][0]["state"] == "done"
    again = orchestrate(
        "arc-cleanup", "-i", path, "--limit", "node2", "--dry-run", "--detailed-exitcode"
    )
    assert again.code == 0


def test_local_rungs_need_no_azure_section_deletion_does(tmp_path: Path, orchestrate) -> None:
    path = write_inventory_file(tmp_path, inventory_data("B2"))
    text = path.read_text()
    start = text.index("azure:")
    end = text.index("lab:")
    path.write_text(text[:start] + text[end:])
    state = ["--state-dir", str(tmp_path / "state")]

    local = orchestrate(*state, "arc-cleanup", "-i", str(path), "--limit", "node2")
    assert local.code == 0, local.out + local.err

    deleting = orchestrate(
        *state, "arc-cleanup", "-i", str(path), "--limit", "node2", "--delete-azure-resources"
    )
    assert deleting.code == ExitCode.USAGE
    assert "azure" in deleting.err
    assert "Traceback" not in deleting.err
