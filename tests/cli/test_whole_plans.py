"""Plans are shown whole (issue 15.2): what an operator approves (resource IDs, step and node
names) wraps or folds, and never ends in "…", at any width and when piped."""

from __future__ import annotations

import io

import pytest

from orchestrator.engine.plan import plan_text
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from orchestrator.output import stdout_console
from tests.conftest import EXAMPLES

RESOURCE_ID = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
    "hci-production-westeurope-rg/providers/Microsoft.AzureStackHCI/clusters/"
    "hci01-a-rather-long-cluster-name"
)
NODE = "node-with-a-long-fully-qualified-name-01.corp.example.com"
STEP = "register_cluster_with_azure_and_verify_arc_on_every_node"


def _plan() -> dict:
    return {
        "workflow": {"name": "register"},
        "cluster": "hci01",
        "nodes": [
            {
                "node": NODE,
                "status": "ready",
                "steps": [
                    {
                        "step": STEP,
                        "action": "change",
                        "before": "NotYetRegistered",
                        "after": RESOURCE_ID,
                        "reason": "the cluster is not registered",
                    }
                ],
            }
        ],
        "summary": {"change": 1, "no_op": 0, "unknown": 0, "blocked": 0},
    }


def _column(text: str, index: int) -> str:
    """The cell text of column `index` of every table line, joined: a folded value is whole
    again when its pieces are read top to bottom."""
    pieces = []
    for line in text.splitlines():
        cells = line.split("│")
        if len(cells) > index + 1:
            pieces.append(cells[index + 1].strip())
    return "".join(pieces)


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_a_plan_never_cuts_a_value_at_any_width(width):
    out = io.StringIO()
    console = stdout_console(out)
    console.width = width
    plan_text(_plan(), console)
    text = out.getvalue()
    assert "…" not in text
    assert NODE in _column(text, 0)
    assert STEP in _column(text, 1)
    assert RESOURCE_ID in _column(text, 4)


def test_piped_text_is_wider_than_80_columns_unless_columns_says(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    assert stdout_console(io.StringIO()).width > 80
    monkeypatch.setenv("COLUMNS", "50")
    assert stdout_console(io.StringIO()).width == 50


@pytest.mark.parametrize("columns", ["40", "70"])
def test_dry_run_and_run_tables_in_a_pipe_cut_nothing(orchestrate, tmp_path, monkeypatch, columns):
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab.json"))
    monkeypatch.setenv("ORCHESTRATE_PROGRESS", "off")
    monkeypatch.setenv("COLUMNS", columns)
    faults = str(EXAMPLES / "lab-faults.yaml")
    planned = orchestrate("prepare", "-i", faults, "--dry-run")
    assert "Plan: prepare" in planned.out
    assert "…" not in planned.out
    assert "start_hcisvc" in _column(planned.out, 1)
    applied = orchestrate("-v", "prepare", "-i", faults, "--yes")  # -v: a row per step
    assert "…" not in applied.out
    assert "resync_clock" in _column(applied.out, 2)
    summary = orchestrate("prepare", "-i", faults, "--yes")  # a row per node
    assert "…" not in summary.out
    assert "alreadydone" in _column(summary.out, 2).replace(" ", "")  # wrapped or not


def test_plan_saved_note_comes_after_the_plan_on_its_own_line(orchestrate, tmp_path, monkeypatch):
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab.json"))
    plan = tmp_path / "plan.json"
    result = orchestrate(
        "prepare", "-i", str(EXAMPLES / "lab-cluster.yaml"), "--dry-run", "--plan-out", str(plan)
    )
    assert result.out.endswith("\n")
    assert result.err == f"plan saved to {plan}; apply it with: orchestrate apply {plan} --yes\n"
