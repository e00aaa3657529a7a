"""`-q` prints only the result (issue 15.8), for every verb: enumerated from the click group,
each is run for real against the lab with -q; stderr stays empty (it is for errors, and these
runs end in results: done, partial, findings, refusals by a guard), stdout holds the result and
no hint. What the operator must act on (a debug channel left enabled on a node, a staging
folder kept for resume, a stale lock record) is part of the result, so -q keeps it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from orchestrator.engine.spec import Change, StepContext
from orchestrator.errors import RemoteCommandError
from orchestrator.steps.evidence import DEBUG_CHANNEL, CollectEvidence
from tests.cli.test_consent_every_verb import CHANGES, FAULTS, HEALTHY, Scene, leaf_commands
from tests.conftest import CliResult

# Hints that help a person at a terminal and are not the result.
HINTS = ("every step and why", "apply it with", "plan saved to", "journals: `orchestrate runs`")

# Not run here, and why.
NOT_RUN = {
    "lab serve": "a server that runs until Ctrl-C: tests/protocol/test_lab_serve.py::"
    "test_quiet_lab_serve_prints_its_endpoints_and_export_line_and_nothing_on_stderr",
}


def _served_calls(scene: Scene) -> str:
    from orchestrator.inventory import load_inventory
    from orchestrator.lab import world_from_inventory
    from orchestrator.lab.call_log import CallLog
    from orchestrator.transport.base import Command

    directory = scene.tmp / "served"
    directory.mkdir(exist_ok=True)
    CallLog(world_from_inventory(load_inventory(HEALTHY)), directory).record(
        "node1", Command("Get-AzureStackHCI")
    )
    return str(directory)


def _with_a_stale_record(scene: Scene, *argv: str) -> tuple[str, ...]:
    scene.stale_lock()
    return argv


def _console_text(scene: Scene) -> str:
    path = scene.tmp / "console.txt"
    path.write_text("Couldn't generate self-signed certificate on node(s) {node2}\n")
    return str(path)


CASES: dict[str, Callable[[Scene], tuple[str, ...]]] = {
    # The changing verbs with the invocations test_consent_every_verb refuses without consent,
    # but collect-logs: one node of the faulty cluster leaves its debug channel enabled.
    **{verb: argv for verb, argv in CHANGES.items() if verb != "collect-logs"},
    "collect-logs": lambda s: (
        *("collect-logs", "-i", FAULTS, "--out", str(s.tmp)),
        *("--enable-debug-channel", "--debug-window", "0"),
    ),
    "precheck": lambda s: ("precheck", "-i", FAULTS),
    "status": lambda s: ("status", "-i", HEALTHY),
    "diagnose": lambda s: ("diagnose", _console_text(s)),
    "graph": lambda s: ("graph", "register"),
    "show": lambda s: ("show", s.plan()),
    "validate": lambda s: ("validate", "-i", HEALTHY),
    "runs": lambda s: _with_a_stale_record(s, "runs"),
    "runs show": lambda s: ("runs", "show", s.partial_run()),
    "lab scenarios": lambda s: ("lab", "scenarios"),
    "lab calls": lambda s: ("lab", "calls", "--dir", _served_calls(s)),
    "lab demo": lambda s: ("lab", "demo", "--nodes", "2"),
}


def test_every_verb_has_a_quiet_case() -> None:
    verbs = set(leaf_commands())
    assert verbs - set(CASES) - set(NOT_RUN) == set(), "add a -q case for the new verb"
    assert set(CASES) | set(NOT_RUN) <= verbs


@pytest.mark.parametrize("verb", sorted(CASES))
def test_quiet_prints_only_the_result(
    verb: str,
    orchestrate: Callable[..., CliResult],
    tmp_path: Path,
    lock_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("ORCHESTRATE_LAB_STATE", raising=False)  # each command's lab afresh
    monkeypatch.delenv("ORCHESTRATE_PROGRESS", raising=False)  # -q alone silences progress
    monkeypatch.setenv("ARC_SP_SECRET", "not-a-real-secret-0")
    if verb == "collect-logs":
        # node2 fails after its debug channel was enabled: the channel stays enabled there
        _break_collection_on("node2", monkeypatch)
    argv = CASES[verb](Scene(tmp_path, orchestrate, lock_dir))

    quiet = orchestrate("-q", *argv)

    assert quiet.err == "", (argv, quiet.code)
    assert quiet.out.strip(), (argv, quiet.code)  # the result
    for hint in HINTS:
        assert hint not in quiet.out, (argv, hint)
    if verb == "collect-logs":
        assert quiet.code == 4
        assert f"node2: {DEBUG_CHANNEL} is still enabled by this run" in quiet.out
        assert "`orchestrate resume " in quiet.out  # the staging folder kept for it
    if verb in ("runs", "unlock"):
        assert "20261206T220000Z-dead01" in quiet.out  # the stale record, the one removed


def _break_collection_on(node: str, monkeypatch: pytest.MonkeyPatch) -> None:
    original = CollectEvidence.apply

    def broken(self: CollectEvidence, ctx: StepContext, change: Change) -> None:
        if ctx.node == node:
            raise RemoteCommandError(node, "Get-Content", "Access is denied")
        original(self, ctx, change)

    monkeypatch.setattr(CollectEvidence, "apply", broken)


def test_quiet_still_prints_errors_one_line_each(
    orchestrate: Callable[..., CliResult], tmp_path: Path
) -> None:
    result = orchestrate("-q", "prepare", "-i", str(tmp_path / "missing.yaml"))
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("error: ")
    assert len(result.err.strip().splitlines()) == 1
    document = orchestrate("-q", "prepare", "-i", str(tmp_path / "none.yaml"), "--output", "json")
    assert json.loads(document.out)["kind"] == "error"
