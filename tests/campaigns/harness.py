"""Randomized kill and fault campaigns against the in-process lab: seeded, bounded, cheap.

One trial: a fresh lab world for one flow (register, unregister, repair, arc-onboard,
prepare); the controller is stopped at a random command (`k`) and a random moment of it
(before it is sent, while it runs on the node, after it ran), or meets a random protocol fault;
a new controller resumes the run. Oracles, against the same flow run once uninterrupted:
  - the exit code is the uninterrupted run's;
  - every one-shot mutation (Register-/Unregister-AzStackHCI, azcmagent connect and
    disconnect, Arc disable, restarts) happened exactly as often as uninterrupted (at most once);
  - the final world's state is the uninterrupted run's (registration, Arc, agents, services,
    clocks, Azure resources);
  - no azcmagent config file (a secret) and no call marker left on any node, no call still
    running;
  - the service principal's secret (the canary) is in no journal and no output;
  - no internal error (anything but the injected stop escaping the engine).
Each trial returns None or a one-line failure naming its seed; `reproduce(seed)` reruns one.
"""

from __future__ import annotations

import logging
import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from orchestrator.engine.api import resume_run, start_run
from orchestrator.engine.journal import list_runs
from orchestrator.engine.runner import RunSettings
from orchestrator.errors import OrchestratorError
from orchestrator.inventory import Inventory, load_inventory
from orchestrator.lab import fault_names
from orchestrator.lab.scenarios import registered
from orchestrator.lab.transport import LabTransport
from orchestrator.lab.world import LabWorld
from orchestrator.steps.arc_agent import CONFIG_PREFIX
from orchestrator.steps.one_shot import MARKER_DIR, MARKER_SUFFIX
from orchestrator.transport.base import Command
from orchestrator.transport.factory import Connector, connect
from tests.scenarios.support import SECRET_ENV, inventory_data, write_inventory_file
from workflows import load_workflow

ONE_SHOT = (
    "register",
    "unregister",
    "azcmagent:connect",
    "azcmagent:disconnect",
    "arc:disable",
    "restart",
)
# the one-shot cmdlet of each flow, and how long it may run on the node (virtual seconds)
LONG_CALL_S = 600.0


class Killed(BaseException):
    """The controller dies (SIGKILL): no Exception handler or `finally` reaches a node."""


@attrs.frozen
class FlowCase:
    flow: str
    inventory: Inventory
    options: dict[str, Any]
    prepare: Callable[[LabWorld], None]
    slow_cmdlet: str | None  # the call that may run long and outlive the controller


def _cases(base: Path) -> dict[str, FlowCase]:
    def inventory(
        name: str, scenario: str | None = None, size: int = 4, lab: dict[str, Any] | None = None
    ) -> Inventory:
        data = inventory_data(scenario, nodes=size)
        data["lab"].update(lab or {})
        return load_inventory(write_inventory_file(base, data, name))

    # Two nodes each: every cross-node path is there (cluster steps reach the other node,
    # per-node work runs in parallel) at half the cost of a trial.
    prepare_lab = {
        "nodes": {
            "node1": {"hcisvc": "stopped", "clock_offset_s": -500},
            "node2": {"himds": "stopped", "clock_offset_s": 400},
        }
    }
    onboard = inventory("arc-onboard", "D2", 2)
    probe = connect(onboard).world
    assert isinstance(probe, LabWorld)
    app = probe.azure.apps_named(probe.target.tenant_id, "arc-onboarding")[0]
    return {
        "prepare": FlowCase(
            "prepare",
            inventory("prepare", size=2, lab=prepare_lab),
            {"enable_debug_channel": True, "clock_fail_s": 300.0},
            lambda world: None,
            None,
        ),
        "register": FlowCase(
            "register", inventory("register"), {}, lambda w: None, "Register-AzStackHCI"
        ),
        "unregister": FlowCase(
            "unregister", inventory("unregister", size=2), {}, registered, "Unregister-AzStackHCI"
        ),
        "repair": FlowCase(
            "repair", inventory("repair", "C3"), {}, lambda w: None, "Register-AzStackHCI"
        ),
        "arc-onboard": FlowCase(
            "arc-onboard",
            onboard,
            {"service_principal_id": app.app_id},
            _onboarding_secret,
            "azcmagent",
        ),
    }


def _onboarding_secret(world: LabWorld) -> None:
    app = world.azure.apps_named(world.target.tenant_id, "arc-onboarding")[0]
    secret = world.azure.reset_credential(app.app_id)
    os.environ[SECRET_ENV] = secret


def world_of(connector: Connector) -> LabWorld:
    world = connector.world
    assert isinstance(world, LabWorld)
    return world


def state(world: LabWorld) -> dict[str, Any]:
    """What a flow leaves behind, without virtual-time stamps (waits move the clock)."""
    reg = world.cluster.registration
    return {
        "registered": reg.resource_id if reg else None,
        "cluster_arc": world.cluster.arc.status,
        "resources": sorted(
            k for k in world.azure.resources if "/arcsettings/" not in k or k.endswith("/default")
        ),
        "nodes": {
            n.name: {
                "arc": n.arc_status,
                "agent": (n.arc_agent.status, n.arc_agent.resource_id.lower()),
                "services": {s.name: s.running for s in n.services.values()},
                "clock_offset_s": round(n.clock_offset_s, 3),
                "debug": n.debug_channel_enabled,
                "policy": n.policy_state,
                "one_shot": {k: n.mutations.get(k, 0) for k in ONE_SHOT},
            }
            for n in world.ordered_nodes()
        },
    }


@attrs.define
class Reference:
    exit_code: int
    state: dict[str, Any]
    commands: int
    names: list[str]  # the commands the uninterrupted run sent, in order


class Campaign:
    """Runs trials for the flows in `base` (a scratch directory)."""

    def __init__(self, base: Path) -> None:
        self.base = base
        # Journals fsync every record (that is their promise); on a memory file system that
        # costs nothing, which is what makes hundreds of trials cheap.
        shm = Path("/dev/shm")
        self.journals = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else base / "journals"
        (base / "inventories").mkdir(parents=True, exist_ok=True)
        self.cases = _cases(base / "inventories")
        self.references: dict[tuple[str, bool], Reference] = {}
        self.slowest_s = 0.0
        self.trials = 0
        # What the trials exercised: controllers stopped while a one-shot call ran on a node,
        # and resumes that waited for such a call to end.
        self.stopped_mid_call = 0
        self.waited_for_a_call = 0

    def _connector(self, case: FlowCase, slow: bool) -> Connector:
        connector = connect(case.inventory)
        world = world_of(connector)
        case.prepare(world)
        if slow and case.slow_cmdlet:
            for node in world.ordered_nodes():
                key = case.slow_cmdlet.lower() + (
                    " connect" if case.slow_cmdlet == "azcmagent" else ""
                )
                node.faults.call_seconds[key] = LONG_CALL_S
        return connector

    def _start(self, case: FlowCase, connector: Connector, state_dir: Path) -> int:
        workflow = load_workflow(case.flow)
        return int(
            start_run(
                workflow,
                case.inventory,
                case.inventory.cluster.nodes,
                RunSettings(options=case.options),
                state_dir=state_dir,
                argv=[case.flow],
                connector=connector,
            ).exit_code
        )

    def reference(self, flow: str, slow: bool) -> Reference:
        key = (flow, slow)
        if key not in self.references:
            case = self.cases[flow]
            connector = self._connector(case, slow)
            counted: list[str] = []
            transport = connector.transport
            assert isinstance(transport, LabTransport)
            transport.hook = lambda node, command, moment: (
                counted.append(command.name) if moment == "before" else None
            )
            directory = self.journals / f"reference-{flow}-{slow}"
            code = self._start(case, connector, directory)
            self.references[key] = Reference(
                code, state(world_of(connector)), len(counted), counted
            )
        return self.references[key]

    def trial(self, seed: int, *, faults: bool = False) -> str | None:
        """One kill trial (or, with `faults`, one protocol-fault trial); None when it passed."""
        started = time.monotonic()
        rng = random.Random(seed)
        flow = rng.choice(sorted(self.cases))
        slow = rng.random() < 0.5
        case = self.current = self.cases[flow]
        expected = self.reference(flow, slow)
        connector = self._connector(case, slow)
        world = world_of(connector)
        transport = connector.transport
        assert isinstance(transport, LabTransport)
        if faults:
            injected = self._random_faults(rng, case, expected.names)
            hook: Any = fault_names.InProcessFaults(injected)
            what = ", ".join(f.describe() for f in injected)
        else:
            hook, what = self._random_kill(rng, expected.commands)
        transport.hook = hook
        state_dir = self.journals / f"trial-{seed}"
        label = f"seed {seed} ({flow}, {'slow' if slow else 'quick'} calls, {what})"
        try:
            try:
                self._start(case, connector, state_dir)
            except Killed:
                pass
            except OrchestratorError:
                pass  # refused/failed cleanly: the resume below decides
            except BaseException as error:
                return f"{label}: internal error in the run: {error.__class__.__name__}: {error}"
            transport.hook = None  # a new controller; the nodes went on
            outcome_code = self._finish(state_dir, connector, label)
            if isinstance(outcome_code, str):
                return outcome_code
            failure = self._check(label, expected, world, outcome_code, state_dir)
            self.waited_for_a_call += sum(
                1
                for path in state_dir.rglob("journal.jsonl")
                if '"type": "earlier_call_awaited"' in path.read_text()
            )
            return failure
        finally:
            self.trials += 1
            self.slowest_s = max(self.slowest_s, time.monotonic() - started)
            shutil.rmtree(state_dir, ignore_errors=True)

    def _random_kill(self, rng: random.Random, commands: int) -> tuple[Any, str]:
        at = rng.randint(1, commands + 1)
        # "one-shot": while the flow's one-shot call runs on its node (the hazard of defect 2);
        # otherwise at command `at`, before it is sent, while it runs, or after it ran.
        moment = rng.choice(("before", "started", "after", "one-shot"))
        seen: list[int] = []
        dead: list[bool] = []

        def hook(node: str, command: Command, when: str) -> None:
            if dead:
                raise Killed()
            if moment == "one-shot":
                if when == "started":
                    dead.append(True)
                    self.stopped_mid_call += 1
                    raise Killed()
                return
            if when == "before":
                seen.append(1)
            if len(seen) != at:
                return
            held = command.marker is not None
            if when == moment or (moment == "started" and not held and when == "after"):
                dead.append(True)
                if when == "started":
                    self.stopped_mid_call += 1
                raise Killed()

        where = "during the one-shot call" if moment == "one-shot" else f"at command {at} {moment}"
        return hook, f"killed {where}"

    def _random_faults(
        self, rng: random.Random, case: FlowCase, names: list[str]
    ) -> list[fault_names.Fault]:
        """One or two named faults, each on a command this flow sends (its one-shot cmdlet
        half the time), striking one to three times."""
        kinds = sorted(n for n in fault_names.KINDS if n != "http-401")
        faults = []
        for _ in range(rng.randint(1, 2)):
            one_shot = case.slow_cmdlet and rng.random() < 0.5
            cmdlet = case.slow_cmdlet if one_shot else rng.choice(names)
            faults.append(fault_names.Fault(rng.choice(kinds), None, cmdlet, rng.randint(1, 3)))
        return faults

    def _finish(self, state_dir: Path, connector: Connector, label: str) -> int | str:
        """Resume until the run is finished (a fault campaign may need more than one)."""
        for _ in range(4):
            runs = list_runs(state_dir)
            if not runs:
                # stopped before the run was journaled (the run guard's reads): run it again
                return self._start(self.current, connector, state_dir)
            run = runs[-1]
            if run.status == "finished" and run.exit_code == 0:
                return 0
            try:
                code = resume_run(
                    run.run_id,
                    state_dir=state_dir,
                    argv=["resume"],
                    load_flow=load_workflow,
                    connector=connector,
                ).exit_code
            except OrchestratorError as error:
                return f"{label}: the resume was refused: {error}"
            except BaseException as error:
                return f"{label}: internal error in the resume: {error.__class__.__name__}: {error}"
            if code == 0:
                return 0
        return int(code)

    def _check(
        self, label: str, expected: Reference, world: LabWorld, code: int, state_dir: Path
    ) -> str | None:
        if code != expected.exit_code:
            return f"{label}: exit code {code}, uninterrupted {expected.exit_code}"
        got = state(world)
        if got != expected.state:
            diff = [k for k in got if got[k] != expected.state[k]]
            detail = {k: (got[k], expected.state[k]) for k in diff if k != "nodes"}
            nodes = {
                n: {
                    k: (v, expected.state["nodes"][n][k])
                    for k, v in f.items()
                    if v != expected.state["nodes"][n][k]
                }
                for n, f in got["nodes"].items()
                if f != expected.state["nodes"][n]
            }
            return f"{label}: final world differs from the uninterrupted run's: {detail} {nodes}"
        for node in world.ordered_nodes():
            # a one-shot call's marker: in one_shot's folder, or beside azcmagent's config file
            left = [
                p
                for p in node.files
                if CONFIG_PREFIX in p or p.startswith(MARKER_DIR) or p.endswith(MARKER_SUFFIX)
            ]
            if left:
                return f"{label}: {node.name} still holds {left}"
        if world.in_flight:
            return f"{label}: a call still runs on {world.in_flight[0].node}"
        canary = os.environ.get(SECRET_ENV)
        if canary:
            for path in state_dir.rglob("*"):
                if path.is_file() and canary in path.read_text(errors="replace"):
                    return f"{label}: the secret is in {path.name}"
        return None


def run_campaign(base: Path, seeds: range, *, faults: bool = False) -> tuple[list[str], Campaign]:
    """Every trial of `seeds`; the process's logging and environment are as they were after."""
    logger = logging.getLogger("orchestrator")
    level, secret = logger.level, os.environ.get(SECRET_ENV)
    logger.setLevel(logging.CRITICAL)  # trials are noisy
    try:
        campaign = Campaign(base)
        try:
            failures = [f for seed in seeds if (f := campaign.trial(seed, faults=faults))]
        finally:
            shutil.rmtree(campaign.journals, ignore_errors=True)
    finally:
        logger.setLevel(level)
        if secret is None:
            os.environ.pop(SECRET_ENV, None)
        else:
            os.environ[SECRET_ENV] = secret
    return failures, campaign
