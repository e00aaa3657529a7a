"""A blocked or failed flow says what to do (issue 15.3), and every node is accounted for
(issue 15.4): the flow's own failure output carries each failing check's fix exactly as
`orchestrate precheck` prints it, and a cluster flow reports every node, none "pending"."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, CliResult

FAULTS = str(EXAMPLES / "lab-faults.yaml")
HEALTHY = str(EXAMPLES / "lab-cluster.yaml")
Cli = Callable[..., CliResult]


@pytest.fixture(autouse=True)
def _journals_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ORCHESTRATE_LAB_STATE", raising=False)


def _fix_lines(text: str) -> list[str]:
    """The "What to do" notes, without their numbers: "node / check: fix"."""
    return [
        re.sub(r"^\[\d+\] ", "", line) for line in text.splitlines() if re.match(r"^\[\d+\] ", line)
    ]


def test_a_blocked_register_prints_every_failing_checks_fix_as_precheck_does(
    orchestrate: Cli,
) -> None:
    precheck = orchestrate("precheck", "-i", FAULTS)
    register = orchestrate("register", "-i", FAULTS)
    assert register.code == 1
    expected = _fix_lines(precheck.out)
    assert len(expected) == 3  # node2 hcisvc, node3 clock, node4 unreachable
    assert "What to do:" in register.out
    assert _fix_lines(register.out) == expected
    assert any(line.startswith("node2 / service:hcisvc: Start it on node2") for line in expected)


def test_a_blocked_register_in_json_carries_each_fix(orchestrate: Cli) -> None:
    precheck = json.loads(orchestrate("precheck", "-i", FAULTS, "--output", "json").out)
    wanted = {
        (r["node"], r["check"]): r["remediation"]
        for r in precheck["results"]
        if r["status"] == "fail"
    }
    result = orchestrate("register", "-i", FAULTS, "--output", "json")
    document = json.loads(result.out)
    assert result.code == 1
    assert {(f["node"], f["check"]): f["fix"] for f in document["what_to_do"]} == wanted


def test_a_blocked_plan_prints_the_fixes_too(orchestrate: Cli) -> None:
    plan = orchestrate("prepare", "-i", FAULTS, "--dry-run")
    assert plan.code != 0
    fixes = _fix_lines(plan.out)
    assert any(line.startswith("node4 / reachability: ") for line in fixes), plan.out


def test_a_cluster_flow_reports_every_node_and_how_it_was_reached(orchestrate: Cli) -> None:
    result = orchestrate("register", "-i", HEALTHY, "--output", "json")
    document = json.loads(result.out)
    assert result.code == 0
    nodes = {n["node"]: n for n in document["nodes"]}
    assert list(nodes) == ["node1", "node2", "node3", "node4"]
    assert {n["state"] for n in nodes.values()} == {"done"}
    assert nodes["node1"]["role"] == "entry node"
    assert {nodes[n]["role"] for n in ("node2", "node3", "node4")} == {"through node1"}
    assert document["summary"] == {"done": 4, "failed": 0, "needs_operator": 0, "not_started": 0}
    text = orchestrate("register", "-i", HEALTHY).out
    for node in ("node2", "node3", "node4"):
        assert re.search(rf"{node}\s*│\s*done\s*│\s*-\s*│\s*through node1", text), text


def test_runs_show_of_a_finished_cluster_run_lists_no_node_as_pending(orchestrate: Cli) -> None:
    run_id = json.loads(orchestrate("register", "-i", FAULTS, "--output", "json").out)["run_id"]
    shown = json.loads(orchestrate("runs", "show", run_id, "--output", "json").out)
    states = {n["node"]: n["state"] for n in shown["nodes"]}
    assert states == dict.fromkeys(("node1", "node2", "node3", "node4"), "failed")
    errors = {n["node"]: n["error"] for n in shown["nodes"]}
    assert "service:hcisvc: Stopped" in errors["node2"]
    listed = json.loads(orchestrate("runs", "--output", "json").out)["runs"]
    assert "pending" not in listed[-1]["nodes"].values()
    text = orchestrate("runs", "show", run_id).out
    assert "pending" not in text
    assert "through node1" in text


def test_nodes_a_stopped_node_flow_never_started_are_reported_not_started(
    orchestrate: Cli,
) -> None:
    """node4 is unreachable: --max-fail-percent 0 stops every other node from starting."""
    result = orchestrate("prepare", "-i", FAULTS, "--max-fail-percent", "0", "--output", "json")
    document = json.loads(result.out)
    states = {n["node"]: n["state"] for n in document["nodes"]}
    assert states == {
        "node1": "not_started",
        "node2": "not_started",
        "node3": "not_started",
        "node4": "failed",
    }
    assert "--max-fail-percent" in document["nodes"][0]["detail"]
    shown = json.loads(orchestrate("runs", "show", document["run_id"], "--output", "json").out)
    assert {n["node"]: n["state"] for n in shown["nodes"]} == states


def test_a_failed_step_prints_the_failure_catalogs_remedy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A11 without its pre-checks (a proxy that broke after them): the registration lands,
    Arc does not; the run says what to do with the catalog's remedy for that error."""
    import io

    from orchestrator import run_report
    from orchestrator.engine.spec import Workflow
    from orchestrator.output import stdout_console
    from orchestrator.run_report import run_document, step_fix
    from tests.scenarios.support import new_lab
    from workflows import load_workflow

    register = load_workflow("register")
    lab = new_lab(tmp_path, "A11")
    steps_only = Workflow("register", 1, "steps only", steps=register.steps, scope="cluster")
    outcome = lab.run(steps_only)
    document = run_document(outcome, cluster="hci01")
    (fix,) = document["what_to_do"]
    assert (fix["node"], fix["check"]) == ("node1", "arc_integration")
    assert "RegisterArc_*.log" in fix["fix"]
    assert "`orchestrate arc-repair -i INVENTORY --limit NODES`" in fix["fix"]
    assert fix["fix"] == step_fix(outcome.nodes[0].reports["arc_integration"].error)
    stream = io.StringIO()
    monkeypatch.setattr(run_report, "stdout_console", lambda: stdout_console(stream))
    run_report.report_run(outcome, output="text", cluster="hci01")
    text = stream.getvalue()
    assert "What to do:" in text
    assert "[1] node1 / arc_integration: 1. Read" in text
