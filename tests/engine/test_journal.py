"""The journal: first record, append-only fsynced lines, scrubbed argv, folding, torn lines."""

from __future__ import annotations

import os

import pytest

from orchestrator.engine.api import start_run
from orchestrator.engine.journal import (
    Journal,
    JournalClosed,
    fold,
    load_run,
    read_records,
    scrub_argv,
)
from orchestrator.engine.runner import RunSettings
from orchestrator.errors import InputError
from orchestrator.inventory import inventory_hash
from tests.engine.fakes import lab, records
from workflows.prepare import WORKFLOW


def test_first_record_stamps_fingerprint_inventory_hash_and_scrubbed_argv(tmp_path):
    inventory, connector = lab("lab-faults.yaml")
    outcome = start_run(
        WORKFLOW,
        inventory,
        inventory.cluster.nodes,
        RunSettings(),
        state_dir=tmp_path,
        argv=["prepare", "-i", "x.yaml", "--client-secret", "hunter2", "--token=s3cr3t-tok"],
        connector=connector,
    )
    journal = records(tmp_path, outcome.run_id)
    first = journal[0]
    assert first["type"] == "run_started"
    assert first["workflow"] == {
        "name": "prepare",
        "version": 1,
        "fingerprint": WORKFLOW.fingerprint,
    }
    assert first["inventory_hash"] == inventory_hash(inventory.source)
    assert first["argv"] == ["prepare", "-i", "x.yaml", "--client-secret", "***", "--token=***"]
    text = (tmp_path / "runs" / outcome.run_id / "journal.jsonl").read_text()
    assert "hunter2" not in text
    assert "s3cr3t-tok" not in text
    assert [r["seq"] for r in journal] == list(range(1, len(journal) + 1))
    assert journal[-1]["type"] == "run_finished"
    assert journal[-1]["exit_code"] == 4


def test_scrub_argv_leaves_ordinary_arguments_alone():
    assert scrub_argv(["-i", "inv.yaml", "--parallel", "4"]) == [
        "-i",
        "inv.yaml",
        "--parallel",
        "4",
    ]
    assert scrub_argv(["--password", "p", "--api-key=k"]) == ["--password", "***", "--api-key=***"]


def test_each_record_is_on_disk_when_write_returns_and_appends_only(tmp_path):
    path = tmp_path / "runs" / "r1" / "journal.jsonl"
    journal = Journal(path)
    journal.write("run_started", nodes=["n1"], workflow={"name": "t"})
    size = path.stat().st_size
    journal.write("node_state", node="n1", state="prechecks")
    assert path.read_bytes()[:size].endswith(b"\n")
    assert path.stat().st_size > size
    journal.close()
    with pytest.raises(JournalClosed):
        journal.write("late")
    again = Journal(path)  # a resumed run appends; numbering continues
    assert again.write("run_resumed")["seq"] == 3
    again.close()


def test_a_torn_last_line_from_a_crash_is_ignored(tmp_path):
    path = tmp_path / "runs" / "r1" / "journal.jsonl"
    journal = Journal(path)
    journal.write("run_started", nodes=["n1"], workflow={"name": "t"})
    journal.close()
    with open(path, "a") as stream:
        stream.write('{"seq": 2, "type": "node_st')
    assert [r["type"] for r in read_records(path)] == ["run_started"]
    assert load_run(tmp_path, "r1").status == "incomplete"
    resumed = Journal(path)  # the torn tail is cut, so the next record stands on its own line
    resumed.write("run_resumed")
    resumed.close()
    assert [(r["seq"], r["type"]) for r in read_records(path)] == [
        (1, "run_started"),
        (2, "run_resumed"),
    ]


def test_fold_finds_finished_and_in_doubt_steps():
    history = fold(
        "r",
        [
            {"type": "run_started", "nodes": ["n1", "n2"]},
            {"type": "node_state", "node": "n1", "state": "a", "step_state": True},
            {"type": "step_finished", "node": "n1", "step": "a", "outcome": "changed"},
            {"type": "node_state", "node": "n1", "state": "b", "step_state": True},
            {"type": "step_started", "node": "n1", "step": "b", "attempt": 1},
        ],
    )
    n1 = history.nodes["n1"]
    assert (n1.state, n1.finished, n1.in_doubt) == ("b", {"a": "changed"}, {"b"})
    assert history.nodes["n2"].state == "pending"
    assert history.status == "incomplete"


def test_unknown_run_id_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such run"):
        load_run(tmp_path, "nope")
    with pytest.raises(InputError):
        load_run(tmp_path, "../../etc")
    assert not os.path.exists(tmp_path / "runs")
