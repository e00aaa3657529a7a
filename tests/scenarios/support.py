"""Driving a flow against a lab world from an inventory, and reading the outcome back."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import yaml

from orchestrator.engine.api import make_plan, start_run
from orchestrator.engine.runner import RunOutcome, RunSettings
from orchestrator.engine.spec import OptionValue
from orchestrator.inventory import load_inventory
from orchestrator.inventory.models import Inventory
from orchestrator.lab.world import LabWorld
from orchestrator.transport.factory import Connector, connect
from tests.conftest import base_inventory
from workflows import load_workflow

REGIONS = {
    "AzureCloud": "eastus",
    "AzureUSGovernment": "usgovvirginia",
    "AzureChinaCloud": "chinaeast2",
}


@attrs.frozen
class Lab:
    """One operator's view of a lab cluster: the inventory, its connector and the world."""

    inventory: Inventory
    connector: Connector
    state_dir: Path

    @property
    def world(self) -> LabWorld:
        world = self.connector.world
        assert isinstance(world, LabWorld)
        return world

    def run(
        self, flow: str, *, nodes: Sequence[str] | None = None, **options: OptionValue
    ) -> RunOutcome:
        return start_run(
            load_workflow(flow),
            self.inventory,
            self._nodes(nodes),
            RunSettings(options=options),
            state_dir=self.state_dir,
            argv=[flow],
            connector=self.connector,
        )

    def plan(
        self, flow: str, *, nodes: Sequence[str] | None = None, **options: OptionValue
    ) -> dict[str, Any]:
        return make_plan(
            load_workflow(flow),
            self.inventory,
            self._nodes(nodes),
            RunSettings(options=options),
            connector=self.connector,
        )

    def _nodes(self, names: Sequence[str] | None) -> list[Any]:
        nodes = list(self.inventory.cluster.nodes)
        return nodes if names is None else [n for n in nodes if n.name in names]

    def with_inventory(self, path: Path) -> Lab:
        """The same world, driven with another inventory file (a wrong subscription, say)."""
        inventory = load_inventory(path)
        return attrs.evolve(
            self, inventory=inventory, connector=attrs.evolve(self.connector, inventory=inventory)
        )


def write_lab_inventory(
    tmp_path: Path, name: str = "inventory", *, scenario: str | None = None, **azure: Any
) -> Path:
    data = base_inventory()
    data["azure"].update(azure)
    if scenario:
        data["lab"]["scenario"] = scenario
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def lab(tmp_path: Path, *, scenario: str | None = None, **azure: Any) -> Lab:
    inventory = load_inventory(write_lab_inventory(tmp_path, scenario=scenario, **azure))
    return Lab(inventory, connect(inventory), tmp_path / "state")


def steps(outcome: RunOutcome, node: str | None = None) -> dict[str, str]:
    """step id -> outcome (no-op, changed, failed, pending...) of one node (the only one by default)."""
    run = outcome.nodes[0] if node is None else next(r for r in outcome.nodes if r.name == node)
    return {step: report.outcome for step, report in run.reports.items()}


def planned_changes(plan: dict[str, Any]) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    return {
        (n["node"], s["step"]): (s["before"], s["after"])
        for n in plan["nodes"]
        for s in n["steps"]
        if s["action"] != "no-op"
    }
