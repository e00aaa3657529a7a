"""docs/schemas/ describe the documents orchestrate really writes: real outputs of the CLI on
the lab (plans, run results, pre-check results) and real journals are validated against them,
and the schemas reject what the code never writes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from orchestrator.engine.journal import read_records
from tests.conftest import EXAMPLES, REPO, CliResult

SCHEMAS = REPO / "docs" / "schemas"
FAULTS = str(EXAMPLES / "lab-faults.yaml")
HEALTHY = str(EXAMPLES / "lab-cluster.yaml")

Orchestrate = Callable[..., CliResult]


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text())
    return Draft202012Validator(schema, format_checker=FormatChecker())


def assert_valid(name: str, document: Any) -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(name).iter_errors(document)
    ]
    assert errors == []


@pytest.mark.parametrize("name", sorted(p.name for p in SCHEMAS.glob("*.schema.json")))
def test_every_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    Draft202012Validator.check_schema(json.loads((SCHEMAS / name).read_text()))


@pytest.mark.parametrize("inventory", [FAULTS, HEALTHY])
def test_real_plans_match_the_plan_schema(
    orchestrate: Orchestrate, tmp_path: Path, inventory: str
) -> None:
    plan_file = tmp_path / "plan.json"
    result = orchestrate(
        "--state-dir", str(tmp_path), "prepare", "-i", inventory,
        "--dry-run", "--output", "json", "--plan-out", str(plan_file),
    )  # fmt: skip
    assert result.code in (0, 4)
    assert_valid("plan.schema.json", json.loads(result.out))
    assert_valid("plan.schema.json", json.loads(plan_file.read_text()))


def test_real_run_results_and_their_journal_match_the_schemas(
    orchestrate: Orchestrate, tmp_path: Path
) -> None:
    state = str(tmp_path)
    first = orchestrate("--state-dir", state, "prepare", "-i", FAULTS, "--output", "json")
    assert first.code == 4  # node4 unreachable: partial
    document = json.loads(first.out)
    assert_valid("run-result.schema.json", document)
    records = list(read_records(tmp_path / "runs" / document["run_id"] / "journal.jsonl"))
    kinds = {r["type"] for r in records}
    assert {"run_started", "precheck", "step_checked", "step_started", "step_finished"} <= kinds
    for record in records:
        assert_valid("journal-record.schema.json", record)

    healthy = orchestrate("--state-dir", state, "prepare", "-i", HEALTHY, "--output", "json")
    assert healthy.code == 0
    assert_valid("run-result.schema.json", json.loads(healthy.out))


def test_real_precheck_results_match_the_precheck_schema(orchestrate: Orchestrate) -> None:
    result = orchestrate("precheck", "-i", FAULTS, "--output", "json")
    assert result.code == 1
    document = json.loads(result.out)
    assert {r["status"] for r in document["results"]} >= {"pass", "fail"}
    assert_valid("precheck-result.schema.json", document)


def test_the_journal_schema_knows_exactly_the_record_types_the_code_writes() -> None:
    written = set()
    for path in (REPO / "orchestrator").rglob("*.py"):
        written |= set(re.findall(r"journal\.(?:write|append)\(\s*\"(\w+)\"", path.read_text()))
    schema = json.loads((SCHEMAS / "journal-record.schema.json").read_text())
    assert written == set(schema["properties"]["type"]["enum"])


@pytest.mark.parametrize(
    ("name", "document", "where"),
    [
        (
            "plan.schema.json",
            {"kind": "plan", "format_version": 1, "nodes": [{"steps": [{"action": "maybe"}]}]},
            "",
        ),
        (
            "journal-record.schema.json",
            {"seq": 1, "ts": "2026-11-24T00:15:44.807+00:00", "type": "step_finished"},
            "",
        ),
        (
            "run-result.schema.json",
            {"format_version": 1, "run_id": "latest", "summary": {}},
            "run_id",
        ),
        ("precheck-result.schema.json", {"command": "precheck", "exit_code": 3}, "exit_code"),
    ],
)
def test_schemas_reject_what_the_code_never_writes(
    name: str, document: dict[str, Any], where: str
) -> None:
    errors = list(validator(name).iter_errors(document))
    assert errors
    if where:
        assert any(where in "/".join(map(str, e.absolute_path)) for e in errors)


def test_journals_with_retries_remediations_failures_and_a_resume_match_the_schema(
    tmp_path: Path,
) -> None:
    from orchestrator.engine.api import resume_run, start_run
    from orchestrator.engine.runner import RunSettings
    from orchestrator.engine.spec import RemediationSpec, RetryPolicy, StepSpec, Workflow
    from tests.engine.fakes import FixWith, ScriptedError, SetValue, Store, lab

    store = Store()
    fix = RemediationSpec(FixWith(store, "clear_lock", "locked"), max_uses=1)
    retry = RetryPolicy(attempts=3, initial_s=1, jitter_s=0)
    workflow = Workflow(
        "t",
        1,
        "x",
        steps=[
            StepSpec(SetValue(store, "a"), retry=retry),
            StepSpec(SetValue(store, "b"), remediations=(fix,)),
        ],
    )
    store.fail_next("node1", "a", ScriptedError("busy", transient=True))
    store.fail_next("node2", "b", ScriptedError("installer locked"))
    store.fail_next("node3", "a", ScriptedError("disk full"))
    inventory, connector = lab()
    settings = RunSettings(parallel=2, sleep=lambda _s: None)
    first = start_run(
        workflow, inventory, inventory.cluster.nodes, settings,
        state_dir=tmp_path, argv=["t", "--password", "x"], connector=connector,
    )  # fmt: skip
    assert first.exit_code == 4
    assert first.run_id is not None
    resume_run(
        first.run_id, state_dir=tmp_path, argv=["resume"], load_flow=lambda _n: workflow,
        connector=connector, sleep=lambda _s: None,
    )  # fmt: skip

    records = list(read_records(tmp_path / "runs" / first.run_id / "journal.jsonl"))
    for record in records:
        assert_valid("journal-record.schema.json", record)
    kinds = {r["type"] for r in records}
    assert {
        "step_retry", "step_failed", "remediation_started", "remediation_finished",
        "run_resumed", "run_finished",
    } <= kinds  # fmt: skip
