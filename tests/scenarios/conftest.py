"""The `scenario_lab` fixture: a scenario's lab world in a state file, driven through the CLI
(see support.ScenarioLab)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orchestrator.inventory import load_inventory
from orchestrator.lab import world_from_inventory
from orchestrator.lab.snapshot import STATE_CHECK_ENV, save_world
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from tests.conftest import CliResult
from tests.scenarios.support import SECRET_ENV, ScenarioLab, inventory_data, write_inventory_file


@pytest.fixture
def scenario_lab(
    orchestrate: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., ScenarioLab]:
    def make(scenario: str | None, nodes: int = 3, **azure: Any) -> ScenarioLab:
        data = inventory_data(scenario, nodes=nodes, **azure)
        path = write_inventory_file(tmp_path, data, f"inventory-{scenario or 'healthy'}")
        state = tmp_path / "lab.json"
        save_world(world_from_inventory(load_inventory(path)), state)
        monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
        monkeypatch.setenv(LAB_STATE_ENV, str(state))
        # every command the lab skips comparing is checked to have changed nothing (issue 16.6)
        monkeypatch.setenv(STATE_CHECK_ENV, "1")
        monkeypatch.delenv(SECRET_ENV, raising=False)
        return ScenarioLab(path, state, tmp_path, orchestrate, monkeypatch)

    return make
