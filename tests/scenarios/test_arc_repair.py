"""`arc-repair`: C7 (expired agent identity) and C6 (Sync right after a reboot), with the warm-up
guard that keeps Sync-AzureStackHCI from deleting a rebooting node's Arc resource."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from orchestrator.exitcodes import ExitCode
from orchestrator.lab.transport import LabTransport
from orchestrator.transport.base import Command
from tests.scenarios.support import (
    NODES,
    assert_plans_no_change,
    assert_refused_again,
    inventory_data,
    new_lab,
    steps,
    write_inventory_file,
)

REPAIR_STEPS = ("disable_arc_integration", "delete_arc_resource", "enable_arc_integration", "sync")


def test_c7_expired_node_is_disabled_cleaned_enabled_and_synced(tmp_path: Path) -> None:
    lab_ = new_lab(tmp_path, scenario="C7")
    world = lab_.world
    node2 = world.node("node2")
    assert node2.arc_agent.status == "Expired"

    outcome = lab_.run("arc-repair", nodes=["node2"])

    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert {s: steps(outcome)[s] for s in REPAIR_STEPS} == dict.fromkeys(REPAIR_STEPS, "changed")
    assert node2.arc_agent.status == "Connected"
    assert node2.arc_status == "Enabled"
    assert node2.mutations.get("sync") == 1
    assert world.portal_arc_state(node2) == "Connected"
    assert node2.last_connected == world.now()
    assert world.node("node1").mutations.get("arc:disable") is None  # only the named node
    assert_plans_no_change(lab_, "arc-repair", nodes=["node2"])


def test_c6_refuses_during_warm_up_then_repairs_after_it(tmp_path: Path) -> None:
    lab_ = new_lab(tmp_path, scenario="C6")
    world = lab_.world
    node2 = world.node("node2")
    assert world.portal_arc_state(node2) == "Not Installed"
    boot = node2.last_boot
    assert boot is not None
    before = {n: dict(world.node(n).mutations) for n in NODES}

    refused = lab_.run("arc-repair", nodes=["node2"])

    assert refused.exit_code is ExitCode.REFUSED
    wait_until = boot + timedelta(minutes=15)
    assert f"wait until {wait_until:%H:%M} UTC" in (refused.nodes[0].error or "")
    assert {n: dict(world.node(n).mutations) for n in NODES} == before  # nothing ran, no Sync
    assert_refused_again(lab_, "arc-repair", ExitCode.REFUSED, "wait until", nodes=["node2"])

    world.clock.advance(15 * 60)
    repaired = lab_.run("arc-repair", nodes=["node2"])

    assert repaired.exit_code is ExitCode.OK, repaired.nodes[0].error
    assert world.portal_arc_state(node2) == "Connected"
    assert node2.arc_agent.status == "Connected"
    assert all(world.portal_arc_state(world.node(n)) == "Connected" for n in NODES)
    assert_plans_no_change(lab_, "arc-repair", nodes=["node2"])


def test_the_guard_looks_at_every_node_not_only_the_one_repaired(tmp_path: Path) -> None:
    """A Sync from node2 would drop node3 (rebooting) from the census: refuse."""
    lab_ = new_lab(tmp_path, scenario="C7")
    world = lab_.world
    LabTransport(world).open("node3").run(Command.cmdlet("Restart-Computer", Force=True))

    outcome = lab_.run("arc-repair", nodes=["node2"], warmup_minutes=15.0)

    assert outcome.exit_code is ExitCode.REFUSED
    assert "node3 booted at" in (outcome.nodes[0].error or "")
    assert world.node("node2").mutations.get("sync") is None
    assert world.node("node3").arc_status == "Enabled"


def test_a_healthy_node_is_left_alone(tmp_path: Path) -> None:
    lab_ = new_lab(tmp_path, scenario="E3")
    world = lab_.world
    LabTransport(world).open("node2").run(Command.cmdlet("Restart-Computer", Force=True))

    outcome = lab_.run("arc-repair", nodes=["node2"])  # even during warm-up: nothing to do

    assert outcome.exit_code is ExitCode.OK, outcome.nodes[0].error
    assert set(steps(outcome).values()) == {"no-op"}
    assert world.node("node2").mutations.get("arc:disable") is None


def test_cli_needs_limit_and_refuses_with_the_time_to_wait(tmp_path: Path, orchestrate) -> None:
    path = str(write_inventory_file(tmp_path, inventory_data("C6")))
    state = ["--state-dir", str(tmp_path / "state")]
    missing = orchestrate(*state, "arc-repair", "-i", path)
    assert missing.code == ExitCode.USAGE
    assert "--limit" in missing.err

    refused = orchestrate(*state, "arc-repair", "-i", path, "--limit", "node2", "--output", "json")
    assert refused.code == ExitCode.REFUSED
    assert "wait until" in json.loads(refused.out)["nodes"][0]["error"]


def test_a_stopped_himds_blocks_the_repair_before_any_change(tmp_path: Path) -> None:
    lab_ = new_lab(tmp_path, scenario="C7")
    world = lab_.world
    world.node("node2").services["himds"].running = False

    outcome = lab_.run("arc-repair", nodes=["node2"])

    assert outcome.exit_code is ExitCode.FAILED
    assert "service:himds" in (outcome.nodes[0].error or "")
    assert world.node("node2").arc_status == "Enabled"  # nothing disabled
    assert world.node("node2").mutations.get("arc:disable") is None


def test_dry_run_during_warm_up_is_refused_with_the_time(tmp_path: Path, orchestrate) -> None:
    path = str(write_inventory_file(tmp_path, inventory_data("C6")))
    plan = orchestrate(
        "arc-repair", "-i", path, "--limit", "node2", "--dry-run", "--output", "json"
    )
    assert plan.code == ExitCode.REFUSED
    node = json.loads(plan.out)["nodes"][0]
    assert node["status"] == "blocked"
    assert "wait until" in node["reason"]
