"""A scenario's lab kept in a state file, so several CLI invocations meet one world, and the
test can read the final state (or change a fact, as an operator would) between them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from orchestrator.inventory import load_inventory
from orchestrator.lab import LabWorld, world_from_inventory
from orchestrator.lab.snapshot import load_world, save_world
from orchestrator.transport.lab_snapshot import LAB_STATE_ENV
from tests.conftest import CliResult, base_inventory

SECRET_ENV = "ARC_SP_SECRET"


@attrs.define
class ScenarioLab:
    inventory: Path
    state: Path
    tmp: Path
    cli: Callable[..., CliResult]
    monkeypatch: pytest.MonkeyPatch

    def world(self) -> LabWorld:
        return load_world(self.state)

    def edit(self, change: Callable[[LabWorld], Any]) -> Any:
        world = self.world()
        result = change(world)
        save_world(world, self.state)
        return result

    def onboarding_secret(self) -> tuple[str, str]:
        """A usable secret for the `arc-onboarding` app, exported as the flows expect it."""

        def reset(world: LabWorld) -> tuple[str, str]:
            app = world.azure.apps_named(world.target.tenant_id, "arc-onboarding")[0]
            return app.app_id, world.azure.reset_credential(app.app_id)

        app_id, secret = self.edit(reset)
        self.monkeypatch.setenv(SECRET_ENV, secret)
        return app_id, secret

    def run(self, verb: str, *args: str) -> CliResult:
        return self.cli(verb, "-i", str(self.inventory), *args)

    def json(self, verb: str, *args: str) -> tuple[int, dict[str, Any]]:
        result = self.run(verb, *args, "--output", "json")
        assert result.out, result.err
        return result.code, json.loads(result.out)


@pytest.fixture
def scenario_lab(
    orchestrate: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., ScenarioLab]:
    def make(scenario: str | None, nodes: int = 3, **azure: Any) -> ScenarioLab:
        data = base_inventory()
        data["cluster"]["nodes"] = data["cluster"]["nodes"][:nodes]
        data["azure"].update(azure)
        if scenario:
            data["lab"]["scenario"] = scenario
        path = tmp_path / f"inventory-{scenario or 'healthy'}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        state = tmp_path / "lab.json"
        save_world(world_from_inventory(load_inventory(path)), state)
        monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
        monkeypatch.setenv(LAB_STATE_ENV, str(state))
        monkeypatch.delenv(SECRET_ENV, raising=False)
        return ScenarioLab(path, state, tmp_path, orchestrate, monkeypatch)

    return make
