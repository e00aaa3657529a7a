"""`orchestrate prepare`, `apply`, `resume`, `runs`, `graph` from the user's side."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orchestrator.engine.lock import ClusterLock
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from tests.conftest import EXAMPLES

FAULTS = str(EXAMPLES / "lab-faults.yaml")


@pytest.fixture
def cli(orchestrate, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The CLI with its state and the lab world kept under tmp_path, as one operator's machine."""
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab.json"))
    return orchestrate


def steps(doc: dict) -> dict[tuple[str, str], tuple[str, str | None, str | None]]:
    return {
        (n["node"], s["step"]): (s["action"], s["before"], s["after"])
        for n in doc["nodes"]
        for s in n["steps"]
    }


def test_dry_run_shows_what_would_change_and_changes_nothing(cli):
    result = cli("prepare", "-i", FAULTS, "--dry-run", "--output", "json")
    assert result.code == 4  # node4 is unreachable: only part of the cluster can be prepared
    doc = json.loads(result.out)
    assert doc["format_version"] == 1
    assert doc["kind"] == "plan"
    changes = {k: v for k, v in steps(doc).items() if v[0] != "no-op"}
    assert changes == {
        ("node2", "start_hcisvc"): ("change", "Stopped", "Running"),
        ("node3", "resync_clock"): ("change", "+420.0 s", "+0.0 s"),
    }
    node4 = next(n for n in doc["nodes"] if n["node"] == "node4")
    assert node4["status"] == "blocked"
    assert "unreachable" in node4["reason"]
    assert doc["summary"] == {"change": 2, "no_op": 10, "unknown": 0, "blocked": 1}
    again = cli("prepare", "-i", FAULTS, "--dry-run", "--output", "json")
    assert json.loads(again.out)["summary"]["change"] == 2  # the dry run changed nothing


def test_dry_run_table_and_debug_channel_only_when_asked(cli):
    result = cli("prepare", "-i", FAULTS, "--dry-run", "--enable-debug-channel")
    assert "Plan: prepare on cluster hci01" in result.out
    assert "5 to change, 7 no-op, 0 unknown, 1 node(s) blocked" in result.out
    assert result.err == ""


def test_apply_fixes_reachable_nodes_reports_the_unreachable_one_then_plans_no_change(cli):
    applied = cli("prepare", "-i", FAULTS, "--output", "json")
    assert applied.code == 4
    doc = json.loads(applied.out)
    assert {n["node"]: n["state"] for n in doc["nodes"]} == {
        "node1": "done",
        "node2": "done",
        "node3": "done",
        "node4": "failed",
    }
    node4 = next(n for n in doc["nodes"] if n["node"] == "node4")
    assert "WinRM cannot complete the operation" in node4["error"]
    outcomes = {(n["node"], s["step"]): s["outcome"] for n in doc["nodes"] for s in n["steps"]}
    assert outcomes[("node2", "start_hcisvc")] == outcomes[("node3", "resync_clock")] == "changed"
    second = cli("prepare", "-i", FAULTS, "--dry-run", "--output", "json")
    assert json.loads(second.out)["summary"] == {
        "change": 0,
        "no_op": 12,
        "unknown": 0,
        "blocked": 1,
    }


def test_detailed_exitcode_is_3_with_changes_and_0_without(cli, write_inventory, tmp_path):
    from tests.conftest import base_inventory

    data = base_inventory()
    data["lab"]["nodes"] = {"node2": {"himds": "stopped"}}
    path = str(write_inventory(data))
    assert cli("prepare", "-i", path, "--dry-run", "--detailed-exitcode").code == 3
    assert cli("prepare", "-i", path, "--dry-run").code == 0
    assert cli("prepare", "-i", path).code == 0
    assert cli("prepare", "-i", path, "--dry-run", "--detailed-exitcode").code == 0


def test_plan_flags_without_dry_run_are_a_usage_error(cli):
    result = cli("prepare", "-i", FAULTS, "--detailed-exitcode")
    assert result.code == 2
    assert "--detailed-exitcode only makes sense with --dry-run" in result.err


def test_saved_plan_applies_once_then_is_refused_as_stale(cli, tmp_path):
    plan = tmp_path / "plan.json"
    planned = cli("prepare", "-i", FAULTS, "--dry-run", "--plan-out", str(plan))
    assert planned.code == 4
    saved = json.loads(plan.read_text())
    assert saved["summary"]["change"] == 2
    assert Path(saved["inventory"]).is_absolute()  # so `apply` works from any directory
    applied = cli("apply", str(plan), "--output", "json")
    assert applied.code == 4, applied.err
    assert json.loads(applied.out)["summary"]["done"] == 3
    stale = cli("apply", str(plan))
    assert stale.code == 5
    assert "is stale, nothing was applied" in stale.err
    assert "node2/start_hcisvc: planned change 'Stopped'->'Running', now no-op" in stale.err
    assert len(json.loads(cli("runs", "--output", "json").out)["runs"]) == 1  # no run was started


def test_apply_of_a_file_that_is_not_a_plan_is_a_usage_error(cli, tmp_path):
    bogus = tmp_path / "x.json"
    bogus.write_text("{}")
    result = cli("apply", str(bogus))
    assert result.code == 2
    assert "not a plan written by `--plan-out`" in result.err


def test_runs_lists_and_shows_runs(cli):
    cli("prepare", "-i", FAULTS)
    listing = json.loads(cli("runs", "--output", "json").out)
    (run,) = listing["runs"]
    assert run["run_id"] in cli("runs").out  # the table shows the whole id, ready to paste
    assert (run["workflow"], run["status"], run["exit_code"]) == ("prepare", "finished", 4)
    shown = cli("runs", "show", run["run_id"], "--output", "json")
    doc = json.loads(shown.out)
    assert doc["nodes"][3] == {
        "node": "node4",
        "state": "failed",
        "role": "worked on",
        "finished": {},
        "in_doubt": [],
        "error": doc["nodes"][3]["error"],
        "detail": doc["nodes"][3]["error"],
    }
    assert doc["nodes"][1]["finished"]["start_hcisvc"] == "changed"
    text = cli("runs", "show", run["run_id"])
    assert f"run {run['run_id']}: prepare on hci01, finished, exit 4" in text.out


def test_a_second_run_while_one_holds_the_lock_is_refused(cli, tmp_path, lock_dir):
    with ClusterLock("hci01", "20990101T000000Z-held"):
        result = cli("prepare", "-i", FAULTS)
    assert result.code == 5
    assert "cluster hci01 is locked by run 20990101T000000Z-held (pid" in result.err
    assert str(lock_dir / "hci01.lock") in result.err
    assert not (tmp_path / "state" / "runs").exists()  # refused before a journal existed


def test_ctrl_c_exits_130_and_resume_finishes_the_run(cli, monkeypatch):
    from orchestrator.steps.clock import ResyncClock

    def interrupted(self, ctx, change):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(ResyncClock, "apply", interrupted)
        stopped = cli("prepare", "-i", FAULTS)
    assert stopped.code == 130
    assert "orchestrate resume" in stopped.err
    run_id = stopped.err.split("orchestrate resume ")[1].split()[0]
    listing = json.loads(cli("runs", "--output", "json").out)
    assert listing["runs"][0]["status"] == "interrupted"
    resumed = cli("resume", run_id, "--output", "json")
    assert resumed.code == 4  # node4 is still unreachable; everything else converged
    states = {n["node"]: n["state"] for n in json.loads(resumed.out)["nodes"]}
    assert states == {"node1": "done", "node2": "done", "node3": "done", "node4": "failed"}


def test_resume_refuses_when_the_inventory_changed(cli, write_inventory, tmp_path):
    from tests.conftest import base_inventory

    path = write_inventory(base_inventory())
    cli("prepare", "-i", str(path))
    run_id = json.loads(cli("runs", "--output", "json").out)["runs"][0]["run_id"]
    Path(path).write_text(Path(path).read_text() + "\n# edited\n")
    result = cli("resume", run_id)
    assert result.code == 5
    assert "changed since the run started" in result.err


def test_graph_of_an_unknown_flow_is_a_usage_error(cli):
    result = cli("graph", "nope")
    assert result.code == 2
    assert "'nope' is not one of 'precheck', 'prepare'" in result.err


def test_at_a_terminal_the_plan_is_shown_and_no_means_nothing_changes(
    orchestrate, tmp_path, monkeypatch
):
    monkeypatch.delenv("ORCHESTRATE_YES")  # the operator at the terminal has not consented yet
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    monkeypatch.setattr("click.confirm", lambda *a, **k: False)
    result = orchestrate(
        "--state-dir", str(tmp_path), "prepare", "-i", str(EXAMPLES / "lab-faults.yaml")
    )
    assert result.code == 5
    assert "cancelled; nothing was changed" in result.err
    assert "Plan: prepare" in result.err
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())


def test_yes_skips_the_question_at_a_terminal(orchestrate, tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)

    def never(*_a, **_k):
        raise AssertionError("asked despite --yes")

    monkeypatch.setattr("click.confirm", never)
    monkeypatch.setenv("ORCHESTRATE_PROGRESS", "off")
    result = orchestrate(
        "--state-dir", str(tmp_path), "prepare", "-i", str(EXAMPLES / "lab-faults.yaml"), "--yes"
    )
    assert result.code == 4  # applied: node4 unreachable, the others fixed
