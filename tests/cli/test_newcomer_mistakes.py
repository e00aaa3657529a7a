"""The mistakes a newcomer makes first: each is one line on stderr, the documented exit code,
no traceback, nothing changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from tests.conftest import EXAMPLES

HEALTHY = str(EXAMPLES / "lab-cluster.yaml")


@pytest.fixture
def cli(orchestrate, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab.json"))
    return orchestrate


def _one_line_error(result, code=2):  # type: ignore[no-untyped-def]
    assert result.code == code, (result.out, result.err)
    assert "Traceback" not in result.err
    assert "internal error" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    return lines[0]


@pytest.fixture
def saved_plan(cli, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    plan = tmp_path / "plan.json"
    planned = cli("register", "-i", HEALTHY, "--dry-run", "--plan-out", str(plan))
    assert planned.code == 0, planned.err
    return plan


def _edit(plan: Path, change) -> Path:  # type: ignore[no-untyped-def]
    document = json.loads(plan.read_text())
    change(document)
    plan.write_text(json.dumps(document))
    return plan


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d.pop("workflow"), "workflow: missing"),
        (lambda d: d.pop("nodes"), "nodes: missing"),
        (lambda d: d.pop("inventory_hash"), "inventory_hash: missing"),
        (lambda d: d["nodes"][0]["steps"][0].pop("before"), "a step lacks step/action/before"),
    ],
    ids=["workflow", "nodes", "inventory_hash", "step"],
)
def test_apply_of_a_plan_with_fields_cut_out_is_a_usage_error(cli, saved_plan, change, named):
    line = _one_line_error(cli("apply", str(_edit(saved_plan, change))))
    assert line.startswith(f"error: plan: {saved_plan}: ")
    assert named in line
    assert line.endswith("plan again with --dry-run --plan-out")
    assert json.loads(cli("runs", "--output", "json").out)["runs"] == []  # nothing ran


def test_apply_of_a_plan_naming_a_node_the_inventory_lacks_says_so(cli, saved_plan):
    plan = _edit(saved_plan, lambda d: d["nodes"][0].update(node="node9"))
    line = _one_line_error(cli("apply", str(plan)), code=5)
    assert "node9: in the plan but not in the inventory" in line


def test_lab_scenario_on_a_one_node_cluster_is_refused_when_the_inventory_loads(
    orchestrate, write_inventory
):
    path = write_inventory(
        {
            "cluster": {"name": "hci01", "nodes": [{"name": "node1"}]},
            "connection": {"transport": "lab"},
            "lab": {"scenario": "A1"},
        }
    )
    line = _one_line_error(orchestrate("precheck", "-i", str(path)))
    assert line == (
        f"error: {path}: lab.scenario: 'A1': scenarios need a cluster of at least two nodes, "
        "cluster.nodes has 1; add a node or drop lab.scenario"
    )


def test_lab_serve_with_a_scenario_and_one_node_is_refused_before_serving(
    orchestrate, tmp_path, monkeypatch
):
    monkeypatch.setenv("HCI_LAB_PASSWORD", "lab-only")
    result = orchestrate(
        "lab", "serve", "--nodes", "1", "--scenario", "a1", "--dir", str(tmp_path / "lab")
    )
    line = _one_line_error(result)
    assert line == "error: --nodes: 1: scenario A1 needs at least 2 nodes; use --nodes 2"
    assert not (tmp_path / "lab").exists()  # nothing was written


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "inventory: the file is empty; it needs at least a cluster section"),
        ("# only a comment\n", "inventory: the file is empty; it needs at least a cluster section"),
    ],
)
def test_an_empty_inventory_says_it_is_empty(orchestrate, write_inventory, content, message):
    path = write_inventory(content)
    assert message in _one_line_error(orchestrate("precheck", "-i", str(path)))


def test_a_directory_given_as_inventory_says_so(orchestrate, tmp_path):
    line = _one_line_error(orchestrate("precheck", "-i", str(tmp_path)))
    assert (
        line
        == f"error: {tmp_path}: inventory: is a directory; give the inventory file itself to -i"
    )


def test_apply_where_the_plans_inventory_is_gone_says_which_file(cli, saved_plan, tmp_path):
    plan = _edit(saved_plan, lambda d: d.update(inventory=str(tmp_path / "moved.yaml")))
    line = _one_line_error(cli("apply", str(plan)))
    assert line == (
        f"error: plan: {plan}: its inventory {tmp_path / 'moved.yaml'} is not there; apply needs "
        "the file the plan was made from, at the same path"
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("garbage"), "is not a lab snapshot this version reads"),
        (lambda p: p.write_text('{"format_version": 99}'), "is not a lab snapshot this version"),
        (lambda p: p.mkdir(), "is a directory; name a file"),
    ],
    ids=["not-json", "other-version", "directory"],
)
def test_a_bad_lab_state_file_is_named(orchestrate, tmp_path, monkeypatch, make, message):
    state = tmp_path / "lab.json"
    make(state)
    monkeypatch.setenv(LAB_STATE_ENV, str(state))
    line = _one_line_error(orchestrate("status", "-i", HEALTHY))
    assert line.startswith(f"error: {LAB_STATE_ENV}: {state} ")
    assert message in line


def test_a_lab_state_file_in_a_missing_directory_is_named(orchestrate, tmp_path, monkeypatch):
    state = tmp_path / "no" / "such" / "lab.json"
    monkeypatch.setenv(LAB_STATE_ENV, str(state))
    line = _one_line_error(orchestrate("status", "-i", HEALTHY))
    assert line.startswith(f"error: {LAB_STATE_ENV}: {state} cannot be written")


def test_plan_out_into_a_missing_directory_is_refused_before_planning(cli, tmp_path):
    target = tmp_path / "nope" / "plan.json"
    result = cli("prepare", "-i", HEALTHY, "--dry-run", "--plan-out", str(target))
    line = _one_line_error(result)
    assert line == f"error: --plan-out: {target}: directory {target.parent} does not exist"
    assert result.out == ""


def test_state_dir_that_is_a_file_is_named(orchestrate, tmp_path, monkeypatch):
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab.json"))
    afile = tmp_path / "state"
    afile.write_text("")
    line = _one_line_error(orchestrate("--state-dir", str(afile), "prepare", "-i", HEALTHY))
    assert line == f"error: --state-dir: {afile} is a file, not a directory; give a directory"


def test_a_lab_state_file_of_another_cluster_is_named(cli, write_inventory, tmp_path):
    assert cli("status", "-i", HEALTHY).code == 1  # builds lab.json for hci01 (unregistered)
    other = write_inventory(
        {
            "cluster": {"name": "hci02", "nodes": [{"name": "nodeA"}, {"name": "nodeB"}]},
            "connection": {"transport": "lab"},
        }
    )
    line = _one_line_error(cli("status", "-i", str(other)))
    assert line == (
        f"error: {LAB_STATE_ENV}: {tmp_path / 'lab.json'} holds the lab world of cluster hci01 "
        "(nodes node1, node2, node3, node4), not this inventory's hci02; point it at another "
        "file, or delete it"
    )


def test_lab_serve_names_scenarios_as_lab_scenarios_lists_them(orchestrate, tmp_path):
    result = orchestrate("lab", "serve", "--scenario", "Z9", "--dir", str(tmp_path / "lab"))
    assert result.code == 2
    assert "'Z9' is not a scenario; use one of: A1, A2," in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "lab").exists()


def test_runs_output_json_before_show_still_gives_json(cli):
    cli("prepare", "-i", HEALTHY)
    (run,) = json.loads(cli("runs", "--output", "json").out)["runs"]
    early = cli("runs", "--output", "json", "show", run["run_id"])
    assert early.code == 0, early.err
    assert json.loads(early.out)["run_id"] == run["run_id"]
    assert cli(
        "runs", "--output", "json", "show", run["run_id"], "--output", "text"
    ).out.startswith(f"run {run['run_id']}")


def test_a_client_secret_in_the_azure_section_points_at_the_credential(
    orchestrate, write_inventory
):
    path = write_inventory(
        {
            "cluster": {"name": "hci01", "nodes": [{"name": "node1"}, {"name": "node2"}]},
            "connection": {"transport": "lab"},
            "azure": {"client_secret": "s3cr3t-value"},
        }
    )
    line = _one_line_error(orchestrate("precheck", "-i", str(path)))
    assert line == (
        f"error: {path}: azure.client_secret: a literal secret is not accepted in the "
        "inventory; use credential: environment (AZURE_CLIENT_ID, AZURE_TENANT_ID, "
        "AZURE_CLIENT_SECRET in the environment) or credential: token_env:NAME"
    )
    assert "s3cr3t-value" not in line


def test_collect_logs_does_not_advertise_the_plan_out_it_refuses(orchestrate):
    from tests.conftest import REPO

    assert "--plan-out" not in orchestrate("collect-logs", "--help").out
    assert "| `--plan-out` |" not in (REPO / "docs" / "workflows" / "collect-logs.md").read_text()


def test_a_second_lab_serve_on_the_same_dir_is_refused(orchestrate, tmp_path, monkeypatch):
    monkeypatch.setenv("HCI_LAB_PASSWORD", "lab-only")
    directory = tmp_path / "lab"
    directory.mkdir()
    (directory / "serve.pid").write_text(str(os.getpid()))  # a live holder: this process
    line = _one_line_error(orchestrate("lab", "serve", "--nodes", "2", "--dir", str(directory)))
    assert line == (
        f"error: --dir: {directory} is in use by another `orchestrate lab serve` "
        f"(pid {os.getpid()}); stop it, or give another --dir"
    )
    assert sorted(p.name for p in directory.iterdir()) == ["serve.pid"]  # nothing written


def test_the_claim_of_a_lab_that_was_killed_is_taken_over(tmp_path):
    from orchestrator.cli.lab_serve import _claimed

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # its pid no longer exists
    (tmp_path / "serve.pid").write_text(str(gone.pid))
    with _claimed(tmp_path):
        assert (tmp_path / "serve.pid").read_text() == str(os.getpid())
    assert not (tmp_path / "serve.pid").exists()  # released when the lab stops


@pytest.mark.parametrize(
    ("argv", "where"),
    [
        (["prepare", "-i", HEALTHY, "--state-dir", "/tmp/x"], "prepare"),
        (["runs", "show", "RUN", "--state-dir", "/tmp/x"], "runs show"),
    ],
)
def test_a_global_option_after_the_verb_says_where_it_goes(orchestrate, argv, where):
    result = orchestrate(*argv)
    assert result.code == 2
    assert (
        "Error: --state-dir is a global option: put it before the verb, e.g. "
        f"orchestrate --state-dir ... {where} ..."
    ) in result.err
