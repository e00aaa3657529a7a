"""The lab state is honest (issue 15.5): a world kept in ORCHESTRATE_LAB_STATE that was made
from another inventory (other faults, other nodes) is not used silently; the command says so,
naming the file, how the worlds differ and the fix, and exits 2 with nothing changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from tests.conftest import EXAMPLES, CliResult, base_inventory

HEALTHY = str(EXAMPLES / "lab-cluster.yaml")
FAULTS = str(EXAMPLES / "lab-faults.yaml")
Cli = Callable[..., CliResult]


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "lab.json"
    monkeypatch.setenv(LAB_STATE_ENV, str(path))
    monkeypatch.chdir(tmp_path)
    return path


def test_a_world_made_from_other_faults_is_named_with_the_differences_and_the_fix(
    orchestrate: Cli, state: Path
) -> None:
    assert orchestrate("precheck", "-i", HEALTHY).code == 0  # makes the world, healthy
    saved = state.read_text()

    result = orchestrate("precheck", "-i", FAULTS)

    assert result.code == 2
    assert result.out == ""
    message = result.err
    assert f"{state} holds a lab world made from another inventory" in message
    assert "lab.nodes.node2: world healthy, inventory {hcisvc: stopped}" in message
    assert "lab.nodes.node4: world healthy, inventory {reachable: False}" in message
    assert f"Remove {state}" in message
    assert "ORCHESTRATE_LAB_STATE" in message
    assert "Traceback" not in message
    assert state.read_text() == saved  # nothing changed


def test_a_world_of_other_nodes_is_named(
    orchestrate: Cli, state: Path, write_inventory: Callable[[dict[str, Any]], Path]
) -> None:
    assert orchestrate("precheck", "-i", HEALTHY).code == 0
    data = base_inventory()
    data["cluster"]["nodes"] = data["cluster"]["nodes"][:2]
    result = orchestrate("precheck", "-i", str(write_inventory(data)))
    assert result.code == 2
    assert "nodes: world node1, node2, node3, node4, inventory node1, node2" in result.err


def test_the_same_lab_with_another_azure_section_still_meets_the_world(
    orchestrate: Cli, state: Path, write_inventory: Callable[[dict[str, Any]], Path]
) -> None:
    """Pointing a wrong-subscription inventory at the same world is how the guards are
    rehearsed: the azure section is not part of what the world was made from."""
    assert orchestrate("precheck", "-i", HEALTHY).code == 0
    data = base_inventory()
    data["azure"]["resource_group"] = "another-rg"
    result = orchestrate("precheck", "-i", str(write_inventory(data)))
    assert result.code in (0, 1), result.err
    assert "made from another inventory" not in result.err


def test_the_json_error_document_carries_the_fix(orchestrate: Cli, state: Path) -> None:
    assert orchestrate("precheck", "-i", HEALTHY).code == 0
    result = orchestrate("precheck", "-i", FAULTS, "--output", "json")
    assert result.code == 2
    document = json.loads(result.out)
    assert document["field"] == LAB_STATE_ENV
    assert document["fix"] == f"rm {state}, or point ORCHESTRATE_LAB_STATE at another file"


def test_a_snapshot_without_an_origin_is_still_read(orchestrate: Cli, state: Path) -> None:
    """Snapshots written before the origin was kept carry none: they are used as before."""
    assert orchestrate("precheck", "-i", HEALTHY).code == 0
    data = json.loads(state.read_text())
    del data["origin"]
    state.write_text(json.dumps(data))
    assert orchestrate("precheck", "-i", FAULTS).code == 0  # the healthy world, as before
