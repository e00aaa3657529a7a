"""The lab demo's story (issue 15.17): what the tool is for, shown in one screen.

One served lab cluster (over WinRM/PSRP and ARM/Graph, lab/demo.py), seven commands an operator
would type, each with what it found or did:

1. `precheck` finds a fault: hcisvc stopped on node2 (SCENARIOS.md A1), with the fix;
2. `prepare` fixes it (Start-Service on node2 only);
3. `register --dry-run` shows the plan: Register-AzStackHCI on the entry node, the resource ID;
4. `register` parks: the tenant requires admin consent (A10, PendingForAdminConsent), the
   run names the application; the lab's administrator then grants consent;
5. `resume RUN` finishes where the run stopped, skipping the steps finished before;
6. `status` verifies the registration and Arc on every node;
7. `unregister` with the wrong subscription in the inventory is refused by the guard (B1):
   nothing changes, the cluster stays registered.

Each beat has the exit the verb exits with and the exit the story expects; the demo exits 0
when every beat ended as expected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

from orchestrator.checks.base import Status
from orchestrator.engine.api import make_plan, resume_run, start_run
from orchestrator.engine.journal import load_run
from orchestrator.engine.runner import Mode, RunOutcome, RunSettings
from orchestrator.errors import OrchestratorError
from orchestrator.exitcodes import ExitCode
from orchestrator.inventory import Inventory
from orchestrator.inventory.models import LabNodeSpec, LabSpec
from orchestrator.lab.world import LabWorld
from orchestrator.transport.factory import connect
from workflows import load_workflow

# The story's lab: A10 (the tenant requires admin consent) and hcisvc stopped on node2 (A1).
STORY_SCENARIO = "A10"
FAULTY_NODE = "node2"
# A subscription the cluster is not registered in (the B1 mistake the guard refuses).
WRONG_SUBSCRIPTION = "0b0b0b0b-1111-4222-8333-444455556666"


@attrs.frozen
class Beat:
    command: str
    exit_code: ExitCode | None  # None: not a command (the administrator's consent)
    expected: ExitCode | None
    what: str
    run_id: str | None = None

    @property
    def as_expected(self) -> bool:
        return self.exit_code == self.expected


def story_lab(lab: Inventory) -> Inventory:
    """The demo's world: the lab inventory with the story's scenario and node2's fault."""
    spec = lab.lab or LabSpec()
    faults = {**spec.nodes, FAULTY_NODE: LabNodeSpec(hcisvc="stopped")}
    return attrs.evolve(lab, lab=attrs.evolve(spec, scenario=STORY_SCENARIO, nodes=faults))


def _consent_needed(error: str) -> str:
    """ "registration needs admin consent for application <id>" out of the step's error."""
    found = re.search(r"needs admin consent for application [0-9a-f-]+", error)
    return found.group(0) if found else error


def _guard_reason(error: str) -> str:
    """What differs, out of the B1 guard's refusal (workflows/unregister.py)."""
    found = re.search(r"the request differs \((.*?)\)\. ", error)
    return found.group(1) if found else error


def _failing(document: dict[str, Any]) -> list[dict[str, Any]]:
    checks = [
        *document.get("cluster_prechecks", []),
        *(c for n in document["nodes"] for c in n.get("prechecks", [])),
    ]
    return [c for c in checks if c["status"] == Status.FAIL.value]


def _changed(outcome: RunOutcome) -> list[str]:
    return [
        f"{run.name} {report.step}: {report.change.before} -> {report.change.after}"
        for run in outcome.nodes
        for report in run.reports.values()
        if report.outcome in ("changed", "reconciled") and report.change is not None
    ]


class Story:
    """Runs the beats against one served lab, as the verbs would (same engine calls)."""

    def __init__(
        self,
        inventory: Inventory,
        world: LabWorld,
        *,
        state_dir: Path,
        parallel: int = 4,
        on_beat: Callable[[Beat], None] | None = None,
    ) -> None:
        self.inventory = inventory
        self.world = world
        self.state_dir = state_dir
        self.parallel = parallel
        self.on_beat = on_beat
        self.beats: list[Beat] = []

    def _add(self, beat: Beat) -> None:
        self.beats.append(beat)
        if self.on_beat is not None:
            self.on_beat(beat)

    def _plan(self, flow: str, inventory: Inventory | None = None) -> dict[str, Any]:
        inventory = inventory or self.inventory
        connector = connect(inventory)
        try:
            return make_plan(
                load_workflow(flow),
                inventory,
                inventory.cluster.nodes,
                RunSettings(mode=Mode.PLAN, parallel=self.parallel),
                connector=connector,
            )
        finally:
            connector.close()

    def _run(self, flow: str, inventory: Inventory | None = None) -> RunOutcome:
        inventory = inventory or self.inventory
        connector = connect(inventory)
        try:
            return start_run(
                load_workflow(flow),
                inventory,
                inventory.cluster.nodes,
                RunSettings(parallel=self.parallel),
                state_dir=self.state_dir,
                argv=["lab", "demo", flow],
                connector=connector,
            )
        finally:
            connector.close()

    def tell(self) -> list[Beat]:
        for beat in (
            self.fault_found,
            self.fault_fixed,
            self.plan,
            self.parked,
            self.consent,
            self.resumed,
            self.verified,
            self.refused,
        ):
            beat()
            if self.beats and not self.beats[-1].as_expected:
                break  # the rest of the story depends on this beat
        return self.beats

    # -- the beats ---------------------------------------------------------------------------

    def fault_found(self) -> None:
        failing = _failing(self._plan("precheck"))
        code = ExitCode.FAILED if failing else ExitCode.OK
        what = "fault found: " + "; ".join(
            f"{c['node']}/{c['check']}: {c['observed']}" for c in failing
        )
        if failing and failing[0].get("remediation"):
            # the fix's first clause, as `precheck` prints it under "What to do"
            what += f"\nfix: {failing[0]['remediation'].split(' (')[0]}"
        self._add(Beat("orchestrate precheck", code, ExitCode.FAILED, what))

    def fault_fixed(self) -> None:
        outcome = self._run("prepare")
        changed = _changed(outcome)
        what = "fixed: " + ("; ".join(changed) if changed else "nothing to change")
        self._add(Beat("orchestrate prepare", outcome.exit_code, ExitCode.OK, what, outcome.run_id))

    def plan(self) -> None:
        document = self._plan("register")
        changes = [
            f"{n['node']} {s['step']} -> {s['after']}"
            for n in document["nodes"]
            for s in n["steps"]
            if s["action"] != "no-op"
        ]
        summary = document["summary"]
        what = (
            "plan: "
            + "\n".join(changes)
            + f"\n({summary['change']} to change, {summary['no_op']} no-op; nothing changed yet)"
        )
        self._add(
            Beat(
                "orchestrate register --dry-run",
                ExitCode(document["exit_code"]),
                ExitCode.OK,
                what,
            )
        )

    def parked(self) -> None:
        outcome = self._run("register")
        entry = outcome.nodes[0]
        what = f"parked for an operator: {_consent_needed(entry.error or '')}"
        self._add(
            Beat("orchestrate register", outcome.exit_code, ExitCode.REFUSED, what, outcome.run_id)
        )
        self.parked_run = outcome.run_id

    def consent(self) -> None:
        tenant = self.inventory.azure.tenant_id if self.inventory.azure else ""
        with self.world.lock:
            apps = self.world.azure.apps_named(tenant, self.inventory.cluster.name)
            for app in apps:
                self.world.azure.grant_admin_consent(app.app_id)
        names = ", ".join(a.app_id for a in apps) or "none"
        self._add(
            Beat(
                "(an administrator grants admin consent in the lab's Entra ID)",
                None,
                None,
                f"consent granted to application {names}",
            )
        )

    def resumed(self) -> None:
        run_id = self.parked_run
        assert run_id is not None
        before = load_run(self.state_dir, run_id)
        done_before = sorted({step for node in before.nodes.values() for step in node.finished})
        connector = connect(self.inventory)
        try:
            outcome = resume_run(
                run_id,
                state_dir=self.state_dir,
                argv=["lab", "demo", "resume", run_id],
                load_flow=load_workflow,
                connector=connector,
            )
        finally:
            connector.close()
        changed = sorted(
            {
                r.step
                for run in outcome.nodes
                for r in run.reports.values()
                if r.outcome == "changed"
            }
        )
        what = "finished where it stopped: changed " + (", ".join(changed) or "nothing")
        if done_before:
            what += f"; not repeated: {', '.join(done_before)}"
        self._add(
            Beat(f"orchestrate resume {run_id}", outcome.exit_code, ExitCode.OK, what, run_id)
        )

    def verified(self) -> None:
        results = _status_results(self.inventory, self.parallel)
        per_node: dict[str, list[str]] = {n.name: [] for n in self.inventory.cluster.nodes}
        for result in results:
            if result.check == "registration" and result.node in per_node:
                per_node[result.node].append(result.observed.split(";")[0])
            elif result.check == "arc" and result.node in per_node:
                per_node[result.node].append(f"Arc {result.observed}")
        # every node named; nodes in the same state share a line, so 16 nodes fit the screen
        same: dict[str, list[str]] = {}
        for node, found in per_node.items():
            same.setdefault("; ".join(found), []).append(node)
        lines = [f"{', '.join(nodes)}: {state}" for state, nodes in same.items()]
        code = ExitCode.FAILED if any(r.status is Status.FAIL for r in results) else ExitCode.OK
        self._add(
            Beat("orchestrate status", code, ExitCode.OK, "verified per node:\n" + "\n".join(lines))
        )

    def refused(self) -> None:
        azure = self.inventory.azure
        assert azure is not None
        wrong = attrs.evolve(
            self.inventory, azure=attrs.evolve(azure, subscription_id=WRONG_SUBSCRIPTION)
        )
        try:
            outcome = self._run("unregister", wrong)
            code, run_id = outcome.exit_code, outcome.run_id
            error = next((r.error for r in outcome.nodes if r.error), "")
        except OrchestratorError as error_raised:
            code, run_id, error = error_raised.exit_code, None, str(error_raised)
        with self.world.lock:
            registration = self.world.cluster.registration
        still = (
            "nothing changed: the cluster is still registered"
            if registration is not None
            else "the cluster is no longer registered"
        )
        self._add(
            Beat(
                "orchestrate unregister (the inventory names another subscription)",
                code,
                ExitCode.REFUSED,
                f"refused by the guard: {_guard_reason(error)}\n{still}",
                run_id,
            )
        )


def _status_results(inventory: Inventory, parallel: int) -> Sequence[Any]:
    """The status flow's per-node results (registration, Arc), as `orchestrate status` shows."""
    from orchestrator.engine.runner import Engine

    connector = connect(inventory)
    outcome = Engine(
        load_workflow("status"),
        connector,
        inventory.cluster.nodes,
        RunSettings(mode=Mode.PLAN, parallel=parallel),
    ).run()
    return outcome.precheck_results
