"""`--limit` on the verbs whose steps act on the whole cluster (issue 17 defect 5).

Register-, Unregister-AzStackHCI and the repair run once for the cluster, so `unregister
--limit node3 --yes` unregistered every node while the operator meant one. A run of a cluster
verb refuses a selection that leaves nodes out (exit 2, nothing journaled or changed); a dry
run may narrow the pre-checks, and its plan says so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from orchestrator.lab.scenarios import register
from orchestrator.task import TaskRequest, run_task
from tests.conftest import CliResult
from tests.scenarios.support import ScenarioLab


def _registered(scenario_lab: Callable[..., ScenarioLab]) -> ScenarioLab:
    lab = scenario_lab(None, nodes=4)
    lab.edit(register)
    return lab


def _refused(result: CliResult, field: str) -> None:
    assert result.code == 2, (result.code, result.out, result.err)
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert result.err.startswith(f"error: {field}: ")
    assert "acts on the whole cluster" in result.err


def test_unregister_limit_node3_is_refused_and_the_cluster_stays_registered(
    scenario_lab: Callable[..., ScenarioLab],
) -> None:
    lab = _registered(scenario_lab)
    before = lab.world().cluster.registration

    result = lab.run("unregister", "--limit", "node3", "--yes")

    _refused(result, "--limit")
    assert lab.world().cluster.registration == before
    assert lab.world().node("node1").mutations.get("unregister", 0) == 0
    assert not (lab.tmp / "state" / "runs").exists()  # nothing journaled


@pytest.mark.parametrize("verb", ["register", "repair", "unregister"])
def test_every_cluster_verb_refuses_a_limit_that_leaves_nodes_out(
    scenario_lab: Callable[..., ScenarioLab], verb: str
) -> None:
    lab = scenario_lab(None, nodes=4)
    _refused(lab.run(verb, "--limit", "node2,node3", "--yes"), "--limit")
    _refused(
        lab.run(verb, "--limit", "node2", "--dry-run", "--plan-out", str(lab.tmp / "p.json")),
        "--limit",
    )
    assert not (lab.tmp / "p.json").exists()


def test_a_limit_naming_every_node_is_no_limit(
    scenario_lab: Callable[..., ScenarioLab],
) -> None:
    lab = scenario_lab(None, nodes=4)
    code, document = lab.json("register", "--limit", "NODE4,node3,node2,node1", "--yes")
    assert code == 0, document
    assert lab.world().cluster.registration is not None


def test_a_dry_run_narrows_the_prechecks_and_the_plan_says_so(
    scenario_lab: Callable[..., ScenarioLab],
) -> None:
    lab = scenario_lab(None, nodes=4)
    code, plan = lab.json("register", "--limit", "node3", "--dry-run")
    assert code == 0
    assert plan["prechecks_limited_to"] == ["node3"]
    assert {n["node"] for n in plan["nodes"]} == {"node1", "node3"}  # the entry node plans

    text = lab.run("register", "--limit", "node3", "--dry-run")
    assert "pre-checks ran on node3 only; register acts on the whole cluster" in text.out

    _code, full = lab.json("register", "--dry-run")
    assert "prechecks_limited_to" not in full


def test_apply_refuses_a_plan_made_for_some_nodes_of_a_cluster_flow(
    scenario_lab: Callable[..., ScenarioLab],
) -> None:
    lab = scenario_lab(None, nodes=4)
    plan_path = lab.tmp / "plan.json"
    assert lab.run("register", "--dry-run", "--plan-out", str(plan_path)).code == 0
    plan = json.loads(plan_path.read_text())
    plan["nodes"] = [n for n in plan["nodes"] if n["node"] in ("node1", "node3")]
    plan_path.write_text(json.dumps(plan))

    result = lab.cli("apply", str(plan_path))

    assert result.code == 2, result.err
    assert result.err.startswith("error: plan: ")
    assert lab.world().cluster.registration is None


def test_the_ansible_task_refuses_limit_on_a_cluster_flow_but_plans_with_it(
    scenario_lab: Callable[..., ScenarioLab], tmp_path: Path
) -> None:
    lab = scenario_lab(None, nodes=4)
    request = TaskRequest(
        flow="unregister",
        state_dir=tmp_path / "s",
        inventory_path=str(lab.inventory),
        limit=("node3",),
    )
    ran = run_task(request)
    assert ran["failed"] is True
    assert ran["msg"].startswith("limit: unregister acts on the whole cluster")
    assert not (tmp_path / "s" / "runs").exists()

    planned = run_task(
        TaskRequest(
            flow="register",
            state_dir=tmp_path / "s",
            inventory_path=str(lab.inventory),
            limit=("node3",),
            check_mode=True,
        )
    )
    assert planned["plan"]["prechecks_limited_to"] == ["node3"]
