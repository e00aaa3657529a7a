"""The one set of helpers for the scenario tests (SCENARIOS.md rows end to end).

Two ways to drive the lab, both from an inventory written by `inventory_data`:

- `Lab` drives flows through the engine's API against one in-process world, so a test can start
  from a fault, run a flow, read the final state and plan again;
- `ScenarioLab` (the `scenario_lab` fixture in conftest.py) drives the real CLI with the world
  kept in a state file, so several invocations meet one world.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from orchestrator.checks.base import CheckResult
from orchestrator.engine.api import make_plan, start_run
from orchestrator.engine.runner import Engine, Mode, RunOutcome, RunSettings
from orchestrator.engine.spec import OptionValue, Workflow
from orchestrator.inventory import load_inventory
from orchestrator.inventory.models import Inventory, Node
from orchestrator.lab.control_plane import LabControlPlane
from orchestrator.lab.snapshot import load_world, save_world
from orchestrator.lab.transport import LabTransport
from orchestrator.lab.world import LabNode, LabWorld
from orchestrator.transport.base import Command
from orchestrator.transport.factory import Connector, connect
from tests.conftest import CliResult, base_inventory
from workflows import load_workflow

NODES = ("node1", "node2", "node3", "node4")
# Az.StackHCI versions a row is run on (issue 12.3): the service creates `<cluster>` and
# `<cluster>.arc` (1.2.0-2.2.2); Arc onboards with the cluster's managed identity (2.2.3+).
MODULE_VERSIONS = ("1.4.3", "2.1.2", "2.2.3", "2.6.0")
WITH_ARC_APP = ("1.4.3", "2.1.2")
ARC_BY_CLUSTER_IDENTITY = ("2.2.3", "2.6.0")
SECRET_ENV = "ARC_SP_SECRET"  # the variable the arc-onboard flows read the secret from
REGIONS = {
    "AzureCloud": "eastus",
    "AzureUSGovernment": "usgovvirginia",
    "AzureChinaCloud": "chinaeast2",
}


def inventory_data(
    scenario: str | None = None,
    *,
    nodes: int = 4,
    https_proxy: str | None = None,
    module_version: str | None = None,
    **azure: Any,
) -> dict[str, Any]:
    """The example lab inventory with a scenario and changed `azure` fields; a cloud without a
    region gets the cloud's lab region."""
    data = base_inventory()
    data["cluster"]["nodes"] = data["cluster"]["nodes"][:nodes]
    if "cloud" in azure and "region" not in azure:
        azure["region"] = REGIONS[azure["cloud"]]
    data["azure"].update({k: v for k, v in azure.items() if v is not None})
    if https_proxy:
        data["cluster"]["https_proxy"] = https_proxy
    if scenario:
        data["lab"]["scenario"] = scenario
    if module_version:
        data["lab"]["module_version"] = module_version  # the Az.StackHCI the lab plays
    return data


def write_inventory_file(directory: Path, data: dict[str, Any], name: str = "inventory") -> Path:
    path = directory / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


FlowRef = Workflow | str


def _flow(flow: FlowRef) -> Workflow:
    return load_workflow(flow) if isinstance(flow, str) else flow


@attrs.frozen
class Lab:
    """One operator's view of a lab cluster: the inventory, its connector (holding the world)
    and the directory runs are journaled under. Waits go to the lab's virtual clock."""

    inventory: Inventory
    connector: Connector
    state_dir: Path

    @property
    def world(self) -> LabWorld:
        world = self.connector.world
        assert isinstance(world, LabWorld)
        return world

    def node(self, name: str) -> LabNode:
        return self.world.node(name)

    def run(
        self, flow: FlowRef, *, nodes: Sequence[str] | None = None, **options: OptionValue
    ) -> RunOutcome:
        workflow = _flow(flow)
        return start_run(
            workflow,
            self.inventory,
            self._nodes(nodes),
            RunSettings(options=options),
            state_dir=self.state_dir,
            argv=[workflow.name],
            connector=self.connector,
        )

    def plan(
        self, flow: FlowRef, *, nodes: Sequence[str] | None = None, **options: OptionValue
    ) -> dict[str, Any]:
        return make_plan(
            _flow(flow),
            self.inventory,
            self._nodes(nodes),
            RunSettings(options=options),
            connector=self.connector,
        )

    def checks(self, flow: FlowRef) -> dict[tuple[str, str], CheckResult]:
        """A checks-only flow (status, precheck) as `orchestrate status` runs it: (node, check) ->
        result."""
        settings = RunSettings(mode=Mode.PLAN)
        outcome = Engine(_flow(flow), self.connector, self.inventory.cluster.nodes, settings).run()
        return {(r.node, r.check): r for r in outcome.precheck_results}

    def registered_id(self) -> str | None:
        reg = self.world.cluster.registration
        return reg.resource_id if reg else None

    def with_inventory(self, path: Path) -> Lab:
        """The same world, driven with another inventory file (a wrong subscription, say)."""
        inventory = load_inventory(path)
        plane = lambda: LabControlPlane(self.world, inventory.azure)  # noqa: E731
        connector = attrs.evolve(self.connector, inventory=inventory, azure_factory=plane)
        return attrs.evolve(self, inventory=inventory, connector=connector)

    def _nodes(self, names: Sequence[str] | None) -> list[Node]:
        nodes = list(self.inventory.cluster.nodes)
        return nodes if names is None else [n for n in nodes if n.name in names]


def new_lab(tmp_path: Path, scenario: str | None = None, **inventory: Any) -> Lab:
    """A fresh lab world built from the example inventory with `scenario`'s fault."""
    loaded = load_inventory(write_inventory_file(tmp_path, inventory_data(scenario, **inventory)))
    return lab_of(loaded, tmp_path)


def lab_of(inventory: Inventory, tmp_path: Path) -> Lab:
    """A fresh lab world for an inventory already loaded (the world is built from it, as
    `orchestrate` builds it for a run), journaling under `tmp_path`: several worlds, one
    inventory file read once."""
    return Lab(inventory, connect(inventory), tmp_path / "state")


def commands_per_node(lab: Lab) -> dict[str, list[Command]]:
    """Every remote command the lab's run sends from now on, per node (the transport's 'before'
    hook), for tests that count what reaches a node."""
    seen: dict[str, list[Command]] = {}
    transport = lab.connector.transport
    assert isinstance(transport, LabTransport)

    def hook(node: str, command: Command, moment: str) -> None:
        if moment == "before":
            seen.setdefault(node, []).append(command)

    transport.hook = hook
    return seen


def changes(plan: dict[str, Any]) -> int:
    return int(plan["summary"]["change"])


def planned_changes(plan: dict[str, Any]) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """(node, step) -> (before, after) of every step the plan would change."""
    return {
        (n["node"], s["step"]): (s["before"], s["after"])
        for n in plan["nodes"]
        for s in n["steps"]
        if s["action"] != "no-op"
    }


def blocked_nodes(plan: dict[str, Any]) -> dict[str, str]:
    """node -> the reason a plan gives for a node it will not touch."""
    return {n["node"]: n.get("reason") or "" for n in plan["nodes"] if n["status"] == "blocked"}


def assert_plans_no_change(
    lab: Lab, flow: FlowRef, *, nodes: Sequence[str] | None = None, **options: OptionValue
) -> None:
    """Running the flow again would change nothing, and the plan says so with exit 0."""
    again = lab.plan(flow, nodes=nodes, **options)
    assert changes(again) == 0, planned_changes(again)
    assert again["exit_code"] == 0, blocked_nodes(again)


def failing(outcome: RunOutcome) -> dict[tuple[str, str], CheckResult]:
    """(node, check) -> the failing pre-check result."""
    return {(r.node, r.check): r for r in outcome.precheck_results if r.status.value == "fail"}


def steps(outcome: RunOutcome, node: str | None = None) -> dict[str, str]:
    """step id -> outcome (no-op, changed, failed, pending...) of one node (the only one of a
    cluster-scoped flow by default)."""
    run = outcome.nodes[0] if node is None else next(r for r in outcome.nodes if r.name == node)
    return {step: report.outcome for step, report in run.reports.items()}


def arc_machines(world: LabWorld, group: str) -> list[str]:
    """Names of the Arc-for-Server machines in one resource group of the target subscription."""
    with world.lock:
        return sorted(
            r.name
            for r in world.azure.resources_in_group(world.target.subscription_id, group)
            if r.type == "Microsoft.HybridCompute/machines"
        )


def arc_machine(world: LabWorld, node: str, group: str = "hci01-rg") -> object:
    """A node's Arc machine resource in `group`, or None."""
    return world.azure.find(world.machine_id(world.node(node), world.target.subscription_id, group))


@attrs.define
class ScenarioLab:
    """A scenario's lab kept in a state file, so several CLI invocations meet one world, and the
    test can read the final state (or change a fact, as an operator would) between them."""

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

    def plans_no_change(self, verb: str, *args: str) -> None:
        """A dry run of the same command exits 0 with --detailed-exitcode: nothing pending."""
        again = self.run(verb, *args, "--dry-run", "--detailed-exitcode")
        assert again.code == 0, again.out + again.err


def lab_state(world: LabWorld) -> dict[str, Any]:
    """The world as a document, less the count of PowerShell sessions opened (reading a node
    opens one; it changes nothing on the node)."""
    state = world.to_json(tokens=False)
    for node in state["nodes"]:
        node.get("mutations", {}).pop("pssession", None)
    return state


def assert_refused_again(
    lab: Lab, flow: FlowRef, exit_code: int, reason: str, **options: Any
) -> None:
    """Running the flow again is refused the same way (the plan blocks with `reason` and exits
    `exit_code`) and changes nothing in the lab."""
    before = lab_state(lab.world)
    again = lab.plan(flow, **options)
    assert changes(again) == 0, planned_changes(again)
    assert again["exit_code"] == exit_code, blocked_nodes(again)
    assert any(reason in why for why in blocked_nodes(again).values()), blocked_nodes(again)
    assert lab_state(lab.world) == before
