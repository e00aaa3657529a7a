"""The lab demo: the product's main job end to end, over the real wire, in one command.

It serves a simulated cluster on 127.0.0.1 (one WinRM/PSRP endpoint per node, HTTPS with a
throw-away CA, and an ARM/Graph emulator for Azure), writes an inventory for it, and runs the
flows exactly as a user would through pypsrp and the azure-core client: precheck, register,
status, repair, unregister. Secrets exist only in this process's environment.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import yaml

from orchestrator.engine.api import make_plan, start_run
from orchestrator.engine.runner import Mode, RunSettings
from orchestrator.exitcodes import ExitCode
from orchestrator.inventory import Inventory, load_inventory
from orchestrator.lab import world_from_inventory
from orchestrator.lab.arm_emulator import ArmEmulator
from orchestrator.lab.emulator import Credentials, LabEmulator
from orchestrator.transport.factory import connect
from workflows import load_workflow

PASSWORD_ENV = "HCI_LAB_DEMO_PASSWORD"  # noqa: S105 (a variable name)
TOKEN_ENV = "HCI_LAB_DEMO_ARM_TOKEN"  # noqa: S105 (a variable name)
TOKEN_LIFETIME_S = 8 * 3600
READ_ONLY = ("precheck", "status")
SEQUENCE = ("precheck", "register", "status", "repair", "unregister")
# From a fault: detect it, let prepare fix what it can, then try to register and report.
FAULT_SEQUENCE = ("precheck", "prepare", "register", "status")


@attrs.frozen
class FlowResult:
    flow: str
    exit_code: ExitCode
    summary: str
    run_id: str | None = None


@attrs.frozen
class DemoEndpoints:
    nodes: tuple[str, ...]  # "node1 127.0.0.1:port"
    azure: str
    # The served world itself: the demo's story plays the lab's administrator with it.
    world: Any = attrs.field(default=None, eq=False, repr=False)


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    previous = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def served_lab(lab: Inventory) -> Iterator[tuple[Inventory, DemoEndpoints]]:
    """The world of `lab` on the wire, and a psrp inventory that reaches it."""
    world = world_from_inventory(lab)
    password = secrets.token_urlsafe(18)
    with tempfile.TemporaryDirectory(prefix="hci-lab-demo-") as scratch:
        directory = Path(scratch)
        wsman = LabEmulator(
            world,
            auth="basic",
            tls=True,
            credentials=Credentials("labadmin", password),
            state_dir=directory,
        )
        with wsman, ArmEmulator(world, certificates=wsman.tls_files, state_dir=directory) as arm:
            data = wsman.inventory(cluster=lab.cluster.name, password_env=PASSWORD_ENV)
            data["azure"] = arm.inventory_azure(TOKEN_ENV)
            path = directory / "inventory.yaml"
            path.write_text(yaml.safe_dump(data, sort_keys=False))
            token = world.caller_token(lifetime_s=TOKEN_LIFETIME_S)
            with _environment({PASSWORD_ENV: password, TOKEN_ENV: token}):
                endpoints = DemoEndpoints(
                    tuple(f"{e.name} 127.0.0.1:{e.port}" for e in wsman.endpoints.values()),
                    arm.url,
                    world,
                )
                yield load_inventory(path), endpoints


def _failed_checks(document: dict[str, Any]) -> list[str]:
    return [
        f"{p['node']}/{p['check']}: {p['observed']}"
        for n in document["nodes"]
        for p in n.get("prechecks", [])
        if p["status"] == "fail"
    ] + [
        f"{p['node']}/{p['check']}: {p['observed']}"
        for p in document.get("cluster_prechecks", [])
        if p["status"] == "fail"
    ]


def _summary(document_or_outcome: Any) -> str:
    if isinstance(document_or_outcome, dict):  # a plan document (read-only flows)
        failed = _failed_checks(document_or_outcome)
        return "all checks pass" if not failed else "; ".join(failed[:3])
    changed = [
        f"{run.name}: {report.step}"
        for run in document_or_outcome.nodes
        for report in run.reports.values()
        if report.outcome in ("changed", "reconciled")
    ]
    errors = [f"{run.name}: {run.error}" for run in document_or_outcome.nodes if run.error]
    if errors:
        return "; ".join(errors[:2])
    return "changed " + ", ".join(changed) if changed else "nothing to change"


def run_flows(
    inventory: Inventory, flows: Sequence[str], *, state_dir: Path, parallel: int = 4
) -> list[FlowResult]:
    results = []
    for name in flows:
        workflow = load_workflow(name)
        connector = connect(inventory)
        try:
            if name in READ_ONLY:
                document = make_plan(
                    workflow,
                    inventory,
                    inventory.cluster.nodes,
                    RunSettings(mode=Mode.PLAN, parallel=parallel),
                    connector=connector,
                )
                # The verbs' own rule (`orchestrate precheck` / `status`): a failed check is 1.
                code = ExitCode.FAILED if _failed_checks(document) else ExitCode.OK
                results.append(FlowResult(name, code, _summary(document)))
            else:
                outcome = start_run(
                    workflow,
                    inventory,
                    inventory.cluster.nodes,
                    RunSettings(parallel=parallel),
                    state_dir=state_dir,
                    argv=["lab", "demo", name],
                    connector=connector,
                )
                results.append(
                    FlowResult(name, outcome.exit_code, _summary(outcome), outcome.run_id)
                )
        finally:
            connector.close()
    return results
