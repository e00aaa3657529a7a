"""A lab cluster driven through the engine's API: one world for several runs of any flow, so a
test can start from a SCENARIOS.md fault, run a flow, assert the lab's final state, and plan
again to show that nothing is left to change."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from orchestrator.checks.base import CheckResult
from orchestrator.engine.api import make_plan, start_run
from orchestrator.engine.runner import Engine, Mode, RunOutcome, RunSettings
from orchestrator.engine.spec import OptionValue, Workflow
from orchestrator.inventory import load_inventory
from orchestrator.lab.world import LabNode, LabWorld
from orchestrator.transport.factory import Connector, connect
from tests.conftest import base_inventory

CLOUD_REGIONS = {
    "AzureCloud": "eastus",
    "AzureUSGovernment": "usgovvirginia",
    "AzureChinaCloud": "chinaeast2",
}


def inventory_data(
    scenario: str | None = None,
    *,
    cloud: str = "AzureCloud",
    arc_resource_group: str | None = None,
    https_proxy: str | None = None,
    nodes: int = 4,
) -> dict[str, Any]:
    data = copy.deepcopy(base_inventory())
    data["cluster"]["nodes"] = data["cluster"]["nodes"][:nodes]
    data["azure"]["cloud"] = cloud
    data["azure"]["region"] = CLOUD_REGIONS[cloud]
    if arc_resource_group:
        data["azure"]["arc_resource_group"] = arc_resource_group
    if https_proxy:
        data["cluster"]["https_proxy"] = https_proxy
    if scenario:
        data["lab"]["scenario"] = scenario
    return data


class Lab:
    def __init__(self, directory: Path, data: dict[str, Any]) -> None:
        self.directory = directory
        path = directory / "inventory.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        self.inventory = load_inventory(str(path))
        self.connector: Connector = connect(self.inventory)
        self.sleeps: list[float] = []

    @property
    def world(self) -> LabWorld:
        world = self.connector.world
        assert isinstance(world, LabWorld)
        return world

    def node(self, name: str) -> LabNode:
        return self.world.node(name)

    def settings(self, options: dict[str, OptionValue] | None = None) -> RunSettings:
        return RunSettings(options=options or {}, sleep=self.sleeps.append)

    def run(self, flow: Workflow, **options: OptionValue) -> RunOutcome:
        return start_run(
            flow,
            self.inventory,
            self.inventory.cluster.nodes,
            self.settings(options),
            state_dir=self.directory / "state",
            argv=[flow.name],
            connector=self.connector,
        )

    def plan(self, flow: Workflow, **options: OptionValue) -> dict[str, Any]:
        return make_plan(
            flow,
            self.inventory,
            self.inventory.cluster.nodes,
            self.settings(options),
            connector=self.connector,
        )

    def checks(self, flow: Workflow) -> dict[tuple[str, str], CheckResult]:
        """A checks-only flow (status, precheck) as `orchestrate status` runs it: (node, check) ->
        result."""
        settings = RunSettings(mode=Mode.PLAN, sleep=self.sleeps.append)
        outcome = Engine(flow, self.connector, self.inventory.cluster.nodes, settings).run()
        return {(r.node, r.check): r for r in outcome.precheck_results}

    def registered_id(self) -> str | None:
        reg = self.world.cluster.registration
        return reg.resource_id if reg else None


def changes(plan: dict[str, Any]) -> int:
    return int(plan["summary"]["change"])


def failing(outcome: RunOutcome) -> dict[tuple[str, str], Any]:
    """(node, check) -> the failing pre-check result."""
    return {(r.node, r.check): r for r in outcome.precheck_results if r.status.value == "fail"}


def step_outcomes(outcome: RunOutcome) -> dict[str, str]:
    return {step: report.outcome for run in outcome.nodes for step, report in run.reports.items()}
