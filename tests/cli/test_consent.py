"""No change without consent (issue 15.1): where stdin is not a terminal nobody can be asked,
so a changing verb goes ahead only with --yes or ORCHESTRATE_YES=1, as `terraform apply`
does only with -auto-approve. Dry runs and read-only verbs need no consent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from tests.conftest import EXAMPLES

FAULTS = str(EXAMPLES / "lab-faults.yaml")
CLUSTER = str(EXAMPLES / "lab-cluster.yaml")


@pytest.fixture
def cli(orchestrate, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab.json"))
    monkeypatch.delenv("ORCHESTRATE_YES", raising=False)
    monkeypatch.setenv("ORCHESTRATE_PROGRESS", "off")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)  # a pipeline, cron, `< /dev/null`
    return orchestrate


def _journaled(tmp_path: Path) -> list[Path]:
    runs = tmp_path / "state" / "runs"
    return list(runs.iterdir()) if runs.is_dir() else []


@pytest.mark.parametrize(
    ("verb", "extra"),
    [
        ("prepare", ("-i", FAULTS)),
        ("unregister", ("-i", CLUSTER)),
        ("register", ("-i", CLUSTER)),
        ("arc-cleanup", ("-i", CLUSTER, "--limit", "node1")),
        ("collect-logs", ("-i", CLUSTER, "--enable-debug-channel", "--out", "{tmp}")),
    ],
)
def test_a_changing_verb_without_a_terminal_needs_yes(cli, tmp_path, verb, extra):
    args = [a.replace("{tmp}", str(tmp_path)) for a in extra]
    result = cli(verb, *args)
    assert result.code == 2
    assert "--yes" in result.err
    assert "ORCHESTRATE_YES=1" in result.err
    assert "stdin is not a terminal" in result.err
    assert "nothing was changed" in result.err
    assert _journaled(tmp_path) == []  # refused before anything was journaled
    again = cli("prepare", "-i", FAULTS, "--dry-run", "--output", "json")
    assert json.loads(again.out)["summary"]["change"] == 2  # the lab is as it was


def test_unregister_from_dev_null_leaves_the_cluster_registered(cli, tmp_path):
    """The reported defect: `orchestrate unregister -i ... < /dev/null` unregistered."""
    assert cli("register", "-i", CLUSTER, "--yes").code == 0
    refused = cli("unregister", "-i", CLUSTER)
    assert refused.code == 2
    status = cli("status", "-i", CLUSTER, "--output", "json")
    assert status.code == 0, status.out  # still registered


def test_yes_and_the_environment_variable_are_consent(cli, tmp_path, monkeypatch):
    assert cli("prepare", "-i", FAULTS, "--yes", "--output", "json").code == 4
    assert cli("prepare", "-i", FAULTS, "--dry-run", "--output", "json").code == 4
    monkeypatch.setenv("ORCHESTRATE_YES", "1")
    done = cli("prepare", "-i", FAULTS, "--output", "json")
    assert done.code == 4  # node4 unreachable; the run went ahead
    assert json.loads(done.out)["run_id"]


def test_apply_of_a_saved_plan_needs_yes_too(cli, tmp_path):
    plan = tmp_path / "plan.json"
    planned = cli("prepare", "-i", CLUSTER, "--dry-run", "--plan-out", str(plan))
    assert planned.code == 0
    refused = cli("apply", str(plan))
    assert refused.code == 2
    assert "--yes" in refused.err
    assert _journaled(tmp_path) == []
    assert cli("apply", str(plan), "--yes").code == 0


def test_dry_runs_and_read_only_verbs_need_no_consent(cli, tmp_path, monkeypatch):
    for args in (
        ("prepare", "-i", FAULTS, "--dry-run"),
        (
            "unregister",
            "-i",
            CLUSTER,
            "--dry-run",
        ),  # blocked (not registered): exit 1, asked nothing
        ("precheck", "-i", CLUSTER),
        ("status", "-i", CLUSTER),
        ("collect-logs", "-i", CLUSTER, "--out", str(tmp_path)),
    ):
        # one lab world per inventory: a world is made from its inventory's lab: section
        monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / f"lab-{Path(args[2]).stem}.json"))
        result = cli(*args)
        assert result.code != 2, (args, result.err)
        assert "--yes" not in result.err, (args, result.err)
    assert list(tmp_path.glob("hci01-logs-*.zip"))  # collect-logs read the nodes and wrote
