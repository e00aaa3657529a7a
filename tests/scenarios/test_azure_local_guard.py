"""Issue 13 items 1-2: every node's OS release is shown, and on Azure Local 23H2 and later the
Azure Stack HCI 21H2/22H2 flows refuse (exit 5) before anything changes or is journaled, with
the node, its release, Microsoft's reason and the supported path; mixed clusters are refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orchestrator.errors import RefusedError
from orchestrator.lab.snapshot import load_world, world_to_json
from orchestrator.task import TaskRequest, run_task
from tests.conftest import CliResult
from tests.scenarios.support import inventory_data, new_lab, write_inventory_file

Cli = Callable[..., CliResult]

# Each verb with the options it needs to get as far as its guard.
VERBS: dict[str, tuple[str, ...]] = {
    "register": (),
    "repair": (),
    "unregister": (),
    "arc-cleanup": (),
    "arc-repair": ("--limit", "node2"),
    "arc-offboard": (),
}
REGISTER_QUOTE = (
    "can\u2019t use this method to register systems running Azure stack HCI, version 23H2"
)
UNDO_QUOTE = "the only way to undo the registration is to install the operating system again"


def _inventory(tmp_path: Path, releases: dict[str, str], **extra: Any) -> Path:
    data = inventory_data(nodes=3, **extra)
    data["lab"]["nodes"] = {node: {"release": release} for node, release in releases.items()}
    return write_inventory_file(tmp_path, data)


@pytest.fixture
def lab_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each CLI call meets the same world, kept in a state file; runs journal under tmp."""
    from orchestrator.lab.snapshot_transport import LAB_STATE_ENV

    state = tmp_path / "lab.json"
    monkeypatch.setenv(LAB_STATE_ENV, str(state))
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "home"))
    return state


@pytest.mark.parametrize("verb", list(VERBS))
def test_every_22h2_era_flow_refuses_on_azure_local_before_any_change(
    orchestrate: Cli, tmp_path: Path, lab_state: Path, verb: str
) -> None:
    inventory = _inventory(tmp_path, {n: "23H2" for n in ("node1", "node2", "node3")})

    for dry_run in (("--dry-run",), ()):
        result = orchestrate(verb, "-i", str(inventory), *VERBS[verb], "--yes", *dry_run)

        assert result.code == 5, result.out + result.err
        message = result.err
        assert f"refused: {verb} is an Azure Stack HCI 21H2/22H2 flow" in message
        assert "node2: Azure Local 23H2 (build 25398.1251, DisplayVersion 23H2)" in message
        quote = REGISTER_QUOTE if verb in ("register", "repair") else UNDO_QUOTE
        assert quote in message
        assert "Supported path:" in message
        assert "Nothing was changed." in message
    # nothing was journaled, and the world took no change (no mutating call was counted;
    # register's and repair's guard read the OS through the entry node's second-hop sessions,
    # opened and closed in its one call: opening a session changes nothing on a node)
    assert not (tmp_path / "home" / "runs").exists()
    world = load_world(lab_state)
    changes = [
        {k: v for k, v in n.mutations.items() if k != "pssession"} for n in world.ordered_nodes()
    ]
    assert changes == [{}, {}, {}]
    assert all(n.open_sessions == 0 for n in world.ordered_nodes())


def test_register_points_to_arc_initialize_and_deployment(orchestrate: Cli, tmp_path: Path) -> None:
    inventory = _inventory(tmp_path, {n: "24H2" for n in ("node1", "node2", "node3")})
    result = orchestrate("register", "-i", str(inventory), "--yes")
    assert result.code == 5
    assert "node1: Azure Local 24H2 (build 26100" in result.err
    assert "orchestrate arc-initialize" in result.err
    assert "Azure portal or an ARM template" in result.err


def test_a_mixed_release_cluster_is_refused_with_each_nodes_release_even_with_limit(
    orchestrate: Cli, tmp_path: Path
) -> None:
    inventory = _inventory(tmp_path, {"node1": "22H2", "node2": "23H2", "node3": "22H2"})
    # node1 alone is 22H2, but its cluster is not one release: still refused
    result = orchestrate("arc-cleanup", "-i", str(inventory), "--limit", "node1", "--yes")
    assert result.code == 5, result.out
    assert "the cluster's nodes run different releases" in result.err
    for line in (
        "node1: Azure Stack HCI 22H2 (build 20349",
        "node2: Azure Local 23H2 (build 25398.1251",
        "node3: Azure Stack HCI 22H2 (build 20349",
    ):
        assert line in result.err


def test_a_22h2_cluster_is_not_refused(tmp_path: Path) -> None:
    lab = new_lab(tmp_path)
    for node in lab.world.ordered_nodes():
        node.set_release("22H2")
    plan = lab.plan("register")
    assert plan["exit_code"] == 0
    assert plan["summary"]["change"] > 0


def test_the_ansible_task_is_refused_the_same_way(tmp_path: Path) -> None:
    data = inventory_data(nodes=3)
    data["lab"]["nodes"] = {"node2": {"release": "23H2"}, "node1": {"release": "23H2"}}
    data["lab"]["nodes"]["node3"] = {"release": "23H2"}
    for check_mode in (True, False):
        result = run_task(
            TaskRequest(
                flow="arc-cleanup",
                state_dir=tmp_path / "state",
                inventory_data=data,
                check_mode=check_mode,
            )
        )
        assert result["failed"] is True
        assert result["exit_code"] == 5
        assert "Azure Local 23H2" in result["msg"]
    assert not (tmp_path / "state" / "runs").exists()


def test_resume_is_refused_once_a_node_runs_azure_local(tmp_path: Path) -> None:
    """A run stopped on 22H2; the node was reinstalled with 23H2 before the resume."""
    from orchestrator.engine.api import resume_run
    from workflows import load_workflow

    lab = new_lab(tmp_path, "B2")  # arc-cleanup's first rung fails on node2 (needs a person)
    first = lab.run("arc-cleanup", nodes=["node2"])
    assert first.run_id is not None
    lab.node("node2").set_release("23H2")
    before = world_to_json(lab.world, tokens=False)

    with pytest.raises(RefusedError, match="node2: Azure Local 23H2"):
        resume_run(
            first.run_id,
            state_dir=lab.state_dir,
            argv=["resume"],
            load_flow=load_workflow,
            connector=lab.connector,
        )
    assert world_to_json(lab.world, tokens=False) == before


def test_precheck_and_status_show_each_nodes_release(orchestrate: Cli, tmp_path: Path) -> None:
    inventory = _inventory(tmp_path, {"node2": "23H2"})
    for verb in ("precheck", "status"):
        result = orchestrate(verb, "-i", str(inventory), "--output", "json")
        rows = {(r["node"], r["check"]): r for r in json.loads(result.out)["results"]}
        assert rows[("node1", "os")]["observed"] == (
            "Azure Stack HCI 21H2 (build 20348.2113, DisplayVersion 21H2)"
        )
        assert rows[("node2", "os")]["observed"].startswith(
            "Azure Local 23H2 (build 25398.1251, DisplayVersion 23H2); Arc-first"
        )
