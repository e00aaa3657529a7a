"""A lab world on both real wires for flow tests: WinRM/PSRP for the nodes (pypsrp), ARM/Graph
over HTTPS for Azure (azure-core), an inventory file that reaches them (short timeouts), and
ways to run a flow as a user would (the CLI) or through the engine API with a recorded sleep."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from orchestrator.cli.lab_serve import lab_inventory
from orchestrator.engine.api import resume_run, start_run
from orchestrator.engine.runner import RunOutcome, RunSettings
from orchestrator.engine.spec import OptionValue
from orchestrator.inventory import Inventory, load_inventory
from orchestrator.lab import LabWorld, world_from_inventory
from orchestrator.lab.arm_emulator import ArmEmulator
from orchestrator.lab.emulator import FaultRule, LabEmulator
from orchestrator.lab.emulator.faults import Effect
from orchestrator.lab.scenarios import SCENARIOS, registered
from orchestrator.transport.factory import connect
from tests.conftest import CliResult
from workflows import load_workflow

TOKEN_ENV = "HCI_TEST_ARM_TOKEN"
SECRET_ENV = "ARC_SP_SECRET"  # the flows' default variable


@attrs.define
class WireLab:
    world: LabWorld
    wsman: LabEmulator
    arm: ArmEmulator
    inventory_path: Path
    state_dir: Path
    cli: Callable[..., CliResult]
    monkeypatch: pytest.MonkeyPatch
    slept: list[float] = attrs.field(factory=list)

    @property
    def inventory(self) -> Inventory:
        return load_inventory(self.inventory_path)

    def fault(self, node: str, effect: Effect, **match: Any) -> None:
        self.wsman.endpoint(node).faults.add(FaultRule(effect, **match))

    def mutations(self, node: str) -> dict[str, int]:
        """What changed on `node` (opening a second-hop session, a pre-check, is not a change)."""
        return {k: v for k, v in self.world.node(node).mutations.items() if k != "pssession"}

    def run_cli(self, verb: str, *args: str) -> tuple[CliResult, dict[str, Any]]:
        result = self.cli(
            "--state-dir",
            str(self.state_dir),
            verb,
            "-i",
            str(self.inventory_path),
            "--output",
            "json",
            *args,
        )
        assert result.out, result.err
        return result, json.loads(result.out)

    def run(self, flow: str, **options: OptionValue) -> RunOutcome:
        """Apply `flow` through the engine API, retries sleeping into `slept` (never for real)."""
        inventory = self.inventory
        connector = connect(inventory)
        try:
            return start_run(
                load_workflow(flow),
                inventory,
                inventory.cluster.nodes,
                RunSettings(parallel=4, options=options, sleep=self.slept.append),
                state_dir=self.state_dir,
                argv=[flow],
                connector=connector,
            )
        finally:
            connector.close()

    def resume(self, run_id: str) -> RunOutcome:
        connector = connect(self.inventory)
        try:
            return resume_run(
                run_id,
                state_dir=self.state_dir,
                argv=["resume", run_id],
                load_flow=load_workflow,
                connector=connector,
                sleep=self.slept.append,
            )
        finally:
            connector.close()

    def end_calls(self) -> None:
        """The long calls running on the nodes (`slow=` faults) end now, as if their time
        were up: the next command any node receives finds them finished."""
        with self.world.lock:
            for call in self.world.in_flight:
                call.finishes_at = self.world.now()

    def onboarding_secret(self) -> str:
        """The `arc-onboarding` app's id, its fresh secret exported as the flows expect it."""
        app = self.world.azure.apps_named(self.world.target.tenant_id, "arc-onboarding")[0]
        self.monkeypatch.setenv(SECRET_ENV, self.world.azure.reset_credential(app.app_id))
        return str(app.app_id)


def served(
    world: LabWorld,
    wsman: LabEmulator,
    arm: ArmEmulator,
    *,
    password_env: str,
    connection: Mapping[str, Any],
    directory: Path,
    cli: Callable[..., CliResult],
    monkeypatch: pytest.MonkeyPatch,
) -> WireLab:
    """The inventory for `world` on both emulators, its secrets exported by variable name."""
    data = wsman.inventory(cluster="hci01", password_env=password_env, **connection)
    data["azure"] = arm.inventory_azure(TOKEN_ENV)
    path = directory / "inventory.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    monkeypatch.setenv(TOKEN_ENV, world.caller_token())
    monkeypatch.delenv(SECRET_ENV, raising=False)
    return WireLab(world, wsman, arm, path, directory / "state", cli, monkeypatch)


def lab_world(scenario: str | None, *, nodes: int, is_registered: bool) -> LabWorld:
    """The world `orchestrate lab serve` would serve (seed 7)."""
    world = world_from_inventory(lab_inventory("hci01", nodes, None, 7))
    if is_registered:
        registered(world)
    if scenario:
        SCENARIOS[scenario].apply(world)
    return world


def states(outcome: RunOutcome) -> dict[str, str]:
    return {run.name: run.state for run in outcome.nodes}


def doc_states(document: Mapping[str, Any]) -> dict[str, str]:
    return {n["node"]: n["state"] for n in document["nodes"]}


def doc_errors(document: Mapping[str, Any]) -> dict[str, str]:
    return {n["node"]: n.get("error") or "" for n in document["nodes"]}
