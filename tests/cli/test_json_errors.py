"""With --output json every exit writes one JSON document on stdout (issue 15.7): an error
(bad input, bad flag, stale plan, lock held, no consent) is an error document validating
against docs/schemas/error.schema.json, with the exit code the text mode has."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from orchestrator.engine.lock import ClusterLock
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from tests.conftest import EXAMPLES, REPO

SCHEMA = json.loads((REPO / "docs" / "schemas" / "error.schema.json").read_text())
HEALTHY = str(EXAMPLES / "lab-cluster.yaml")


@pytest.fixture
def cli(orchestrate, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab.json"))
    monkeypatch.setenv("ORCHESTRATE_PROGRESS", "off")
    return orchestrate


def error_of(result, code: int) -> dict:
    assert result.code == code, result.err
    document = json.loads(result.out)  # exactly one document, nothing else on stdout
    Draft202012Validator(SCHEMA).validate(document)
    assert document["exit_code"] == code
    assert document["message"] in result.err  # the same error as the text mode's line
    return document


def test_bad_input_is_an_error_document_naming_the_field(cli, tmp_path):
    missing = tmp_path / "nope.yaml"
    document = error_of(cli("prepare", "-i", str(missing), "--output", "json"), 2)
    assert document["command"] == "prepare"
    assert document["code"] == "usage"


def test_a_bad_flag_value_is_an_error_document(cli):
    document = error_of(cli("prepare", "-i", HEALTHY, "--parallel", "zero", "--output", "json"), 2)
    assert document["field"] == "--parallel"
    assert document["fix"]


def test_no_consent_is_an_error_document_with_the_fix(cli, monkeypatch):
    monkeypatch.delenv("ORCHESTRATE_YES")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    document = error_of(cli("prepare", "-i", HEALTHY, "--output", "json"), 2)
    assert document["field"] == "--yes"
    assert "--yes" in document["fix"]


def test_a_stale_plan_is_a_refused_error_document(cli, tmp_path):
    plan = tmp_path / "plan.json"
    assert (
        cli(
            "prepare", "-i", str(EXAMPLES / "lab-faults.yaml"), "--dry-run", "--plan-out", str(plan)
        ).code
        == 4
    )
    assert cli("prepare", "-i", str(EXAMPLES / "lab-faults.yaml")).code == 4  # the cluster moved on
    document = error_of(cli("apply", str(plan), "--output", "json"), 5)
    assert document["code"] == "refused"
    assert "stale" in document["message"]


def test_a_held_lock_is_a_refused_error_document(cli):
    with ClusterLock("hci01", "20990101T000000Z-held"):
        result = cli("prepare", "-i", HEALTHY, "--output", "json")
    document = error_of(result, 5)
    assert "locked by run 20990101T000000Z-held" in document["message"]


def test_an_unknown_run_is_an_error_document(cli):
    document = error_of(cli("runs", "--output", "json", "show", "nope"), 2)
    assert document["command"] == "runs"


def test_text_mode_writes_nothing_on_stdout_for_an_error(cli, tmp_path):
    result = cli("prepare", "-i", str(tmp_path / "nope.yaml"))
    assert result.code == 2
    assert result.out == ""


def _valid(schema: str, text: str) -> dict:
    document = json.loads(text)
    schema_doc = json.loads((REPO / "docs" / "schemas" / schema).read_text())
    Draft202012Validator(schema_doc).validate(document)
    return document


def test_status_runs_and_runs_show_validate_against_their_schemas(cli):
    status = cli("status", "-i", HEALTHY, "--output", "json")
    assert _valid("precheck-result.schema.json", status.out)["command"] == "status"
    assert cli("prepare", "-i", HEALTHY, "--output", "json").code == 0
    listed = _valid("runs.schema.json", cli("runs", "--output", "json").out)
    run_id = listed["runs"][-1]["run_id"]
    shown = _valid("run-show.schema.json", cli("runs", "show", run_id, "--output", "json").out)
    assert shown["run_id"] == run_id
