"""The plan and the run agree (issue 15.6), across the flows: plan, then run on the same world,
and check every step of every node against the flow's declared steps.

- a step the run changed was declared able to change (not read-only) and the plan did not
  call it a no-op;
- a step the run did not change says so (`changed: false`) and why (the check's reason, e.g.
  "already registered here"), in particular a step the plan said would change and the run found
  done already (an earlier step did it: Register-AzStackHCI enables Arc on every node);
- a read-only step (a wait, evidence copied to the controller) is never reported "changed".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from orchestrator.cli.arc_options import arc_options
from orchestrator.engine.spec import OptionValue
from orchestrator.errors import RefusedError
from orchestrator.inventory import load_inventory
from orchestrator.lab.scenarios import SCENARIOS
from orchestrator.run_report import CHANGED, run_document
from tests.scenarios.support import (
    SECRET_ENV,
    Lab,
    inventory_data,
    lab_of,
    new_lab,
    write_inventory_file,
)
from workflows import FLOWS, load_workflow

Options = Callable[[Lab, pytest.MonkeyPatch], dict[str, OptionValue]]


def _arc_agent(*, principal: bool) -> Options:
    """arc-onboard/offboard's options as the CLI makes them (cli/arc_options.py), with the
    onboarding service principal's secret in its variable, as an operator exports it."""

    def options(lab: Lab, monkeypatch: pytest.MonkeyPatch) -> dict[str, OptionValue]:
        world = lab.world
        apps = world.azure.apps_named(world.target.tenant_id, "arc-onboarding")
        # a world without the onboarding app (an HCI cluster's): an unknown principal
        app_id = apps[0].app_id if apps else "00000000-0000-0000-0000-0000000000aa"
        secret = world.azure.reset_credential(app_id) if apps else "no-such-principal-0"
        monkeypatch.setenv(SECRET_ENV, secret)
        return arc_options(
            lab.inventory,
            lab.inventory.cluster.nodes,
            service_principal_id=app_id if principal else None,
            secret_env=SECRET_ENV,
            needs_principal=principal,
            needs_secret=True,
        )

    return options


def _fixed(options: dict[str, OptionValue]) -> Options:
    return lambda _lab, _monkeypatch: dict(options)


# flow -> (lab scenario, nodes, flows run first, options): a world where the flow has work
# (and, where the scenario has one, a node where it has none).
CASES: dict[str, tuple[str | None, tuple[str, ...] | None, tuple[str, ...], Options]] = {
    "prepare": ("A1", None, (), _fixed({})),
    "register": (None, None, (), _fixed({})),
    "unregister": (None, None, ("register",), _fixed({})),
    "repair": ("C1", None, (), _fixed({})),
    "arc-cleanup": ("B2", ("node2",), (), _fixed({})),
    "arc-repair": ("C7", ("node2",), (), _fixed({})),
    "arc-initialize": ("F1", None, (), _fixed({})),
    "collect-logs": ("E1", None, (), _fixed({"enable_debug_channel": True})),
    # D1: node1 connected already, node2 connected but its resource is gone, node3 never
    "arc-onboard": ("D1", None, (), _arc_agent(principal=True)),
    "arc-offboard": ("D1", None, (), _arc_agent(principal=False)),
}
# Every flow of the registry that has steps; the others (precheck, status) only check.
WITH_STEPS = sorted(name for name in FLOWS if load_workflow(name).steps)


def test_every_flow_with_steps_has_a_world_with_work_here() -> None:
    assert set(WITH_STEPS) - set(CASES) == set(), "add a world where the new flow has work"
    assert set(CASES) <= set(WITH_STEPS)


@pytest.mark.parametrize("flow", WITH_STEPS)
def test_the_run_reports_what_the_plan_said_or_why_not(
    flow: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario, nodes, before, options = CASES[flow]
    lab = new_lab(tmp_path, scenario)
    settings = options(lab, monkeypatch)
    if flow == "collect-logs":
        settings["staging_dir"] = str(tmp_path / "staging")
    for earlier in before:
        assert lab.run(earlier).exit_code == 0
    plan = lab.plan(flow, nodes=nodes, **settings)
    planned = {(n["node"], s["step"]): s["action"] for n in plan["nodes"] for s in n["steps"]}
    assert "change" in planned.values(), f"{flow}: the world gives the flow nothing to do"

    outcome = lab.run(flow, nodes=nodes, **settings)
    document = run_document(outcome, cluster=lab.inventory.cluster.name)

    workflow = load_workflow(flow)
    read_only = {s.id: s.read_only_outcome for s in workflow.steps}
    reported = 0
    for node in document["nodes"]:
        for step in node["steps"]:
            reported += 1
            where = f"{flow} {node['node']}/{step['step']}"
            assert step["step"] in read_only, where  # one of the flow's declared steps
            assert step["changed"] is (step["outcome"] in CHANGED), where
            if step["outcome"] in CHANGED:
                assert read_only[step["step"]] is None, f"{where}: read-only, reported changed"
                assert planned.get((node["node"], step["step"])) != "no-op", where
            elif step["outcome"] != "failed":
                assert step["reason"], f"{where}: {step['outcome']} without saying why"
            if read_only[step["step"]] is not None:
                assert step["outcome"] in (read_only[step["step"]], "no-op"), where
            if planned.get((node["node"], step["step"])) == "change" and step["outcome"] == "no-op":
                assert step["reason"], f"{where}: planned a change, found done, says nothing"
    assert reported
    assert outcome.exit_code == 0, [n["error"] for n in document["nodes"]]


# Steps that change on every run by design: the debug channel is enabled for the capture and
# restored after it (the plan marks the pair TRANSIENT).
CHANGE_EVERY_RUN = {
    ("collect-logs", "enable_debug_channel"),
    ("collect-logs", "restore_debug_channel"),
}


@pytest.mark.parametrize("flow", WITH_STEPS)
def test_a_change_the_plan_announced_and_the_run_finds_done_is_reported_done_and_why(
    flow: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan is made, then the work gets done before the run (another run, a colleague, an
    earlier step): the run reports each such step as not changed, with the check's reason
    ("already registered here", "not connected"), never "changed", and exits 0."""
    scenario, nodes, before, options = CASES[flow]
    lab = new_lab(tmp_path, scenario)
    settings = options(lab, monkeypatch)
    for earlier in before:
        assert lab.run(earlier).exit_code == 0
    if flow == "collect-logs":
        settings["staging_dir"] = str(tmp_path / "first")
    plan = lab.plan(flow, nodes=nodes, **settings)
    announced = [
        (n["node"], s["step"]) for n in plan["nodes"] for s in n["steps"] if s["action"] == "change"
    ]
    assert lab.run(flow, nodes=nodes, **settings).exit_code == 0  # the work gets done
    if flow == "collect-logs":
        settings["staging_dir"] = str(tmp_path / "second")

    outcome = lab.run(flow, nodes=nodes, **settings)
    document = run_document(outcome, cluster=lab.inventory.cluster.name)

    steps = {(n["node"], s["step"]): s for n in document["nodes"] for s in n["steps"]}
    read_only = {s.id: s.read_only_outcome for s in load_workflow(flow).steps}
    for node, step_id in announced:
        step = steps[(node, step_id)]
        where = f"{flow} {node}/{step_id}"
        if (flow, step_id) in CHANGE_EVERY_RUN:
            continue
        assert step["changed"] is False, f"{where}: found done, reported {step['outcome']}"
        assert step["outcome"] in ("no-op", read_only[step_id]), where
        assert step["reason"], f"{where}: found done, says nothing of why"
    assert outcome.exit_code == 0


@pytest.mark.parametrize("scenario", [None, *SCENARIOS])
def test_no_run_contradicts_its_plan_in_any_lab_scenario(
    scenario: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every flow with steps, planned then run in each scenario's world (faults included):
    no step the plan called a no-op is changed (B3: unregister's plan said the app
    registrations were in use, then the run deleted them), no read-only step is changed,
    and every step not changed says why, a step the run never reached included (it said
    "pending" with no reason in a finished run)."""
    # one inventory, read once; each flow gets a fresh world built from it
    inventory = load_inventory(write_inventory_file(tmp_path, inventory_data(scenario)))
    for flow in WITH_STEPS:
        (tmp_path / flow).mkdir()
        lab = lab_of(inventory, tmp_path / flow)
        _, nodes, _, options = CASES[flow]
        settings = options(lab, monkeypatch)
        if flow == "collect-logs":
            settings["staging_dir"] = str(tmp_path / flow / "staging")
        try:
            plan = lab.plan(flow, nodes=nodes, **settings)
            outcome = lab.run(flow, nodes=nodes, **settings)
        except RefusedError:
            continue  # refused before anything ran (a 21H2 flow on Azure Local, say)
        planned = {(n["node"], s["step"]): s["action"] for n in plan["nodes"] for s in n["steps"]}
        document = run_document(outcome, cluster=lab.inventory.cluster.name)
        read_only = {s.id: s.read_only_outcome for s in load_workflow(flow).steps}
        for node in document["nodes"]:
            for step in node["steps"]:
                where = f"{scenario} {flow} {node['node']}/{step['step']}"
                assert step["changed"] is (step["outcome"] in CHANGED), where
                if step["outcome"] in CHANGED:
                    assert read_only[step["step"]] is None, f"{where}: read-only, changed"
                    assert planned.get((node["node"], step["step"])) != "no-op", where
                elif step["outcome"] != "failed":
                    assert step["reason"], f"{where}: {step['outcome']} without saying why"
