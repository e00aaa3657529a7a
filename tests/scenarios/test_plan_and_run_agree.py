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

from pathlib import Path
from typing import Any

import pytest

from orchestrator.engine.spec import OptionValue
from orchestrator.run_report import CHANGED, run_document
from tests.scenarios.support import new_lab
from workflows import FLOWS, load_workflow

# flow -> (lab scenario, nodes, flows run first, options): a world where the flow has work.
CASES: dict[str, tuple[str | None, tuple[str, ...] | None, tuple[str, ...], dict[str, Any]]] = {
    "prepare": ("A1", None, (), {}),
    "register": (None, None, (), {}),
    "unregister": (None, None, ("register",), {}),
    "repair": ("C1", None, (), {}),
    "arc-cleanup": ("B2", ("node2",), (), {}),
    "arc-repair": ("C7", ("node2",), (), {}),
    "arc-initialize": ("F1", None, (), {}),
    "collect-logs": ("E1", None, (), {"enable_debug_channel": True}),
}
# Flows without steps (checks only) and the flows whose worlds need secrets the Lab helper
# does not hand out (arc-onboard/offboard: their own tests in test_arc_onboard.py).
NOT_HERE = {"precheck", "status", "arc-onboard", "arc-offboard"}


def test_every_flow_with_steps_is_covered_here_or_named_as_not() -> None:
    with_steps = {name for name in FLOWS if load_workflow(name).steps}
    assert with_steps - NOT_HERE == set(CASES)


@pytest.mark.parametrize("flow", sorted(CASES))
def test_the_run_reports_what_the_plan_said_or_why_not(flow: str, tmp_path: Path) -> None:
    scenario, nodes, before, options = CASES[flow]
    lab = new_lab(tmp_path, scenario)
    settings: dict[str, OptionValue] = dict(options)
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
