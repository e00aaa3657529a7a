"""Shell completion (issue 15.13), through click's shell_complete API: verbs, flows, node names
from the inventory given with -i (also inside a --limit pattern), run ids of the state dir and
locked clusters; and the documented `_ORCHESTRATE_COMPLETE=<shell>_source` scripts exist."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import BashComplete

from orchestrator.cli import cli
from tests.conftest import EXAMPLES, REPO

HEALTHY = str(EXAMPLES / "lab-cluster.yaml")


def complete(args: list[str], incomplete: str) -> list[str]:
    completer = BashComplete(cli, {}, "orchestrate", "_ORCHESTRATE_COMPLETE")
    return [item.value for item in completer.get_completions(args, incomplete)]


def test_verbs_complete() -> None:
    assert complete([], "pre") == ["precheck", "prepare"]
    assert {"validate", "show", "unlock", "runs"} <= set(complete([], ""))
    assert complete(["runs"], "p") == ["prune"]


def test_flow_names_complete() -> None:
    assert complete(["graph"], "arc-o") == ["arc-onboard", "arc-offboard"]


def test_node_names_complete_from_the_inventory_given_with_i() -> None:
    assert complete(["precheck", "-i", HEALTHY, "--limit"], "node") == [
        "node1", "node2", "node3", "node4",
    ]  # fmt: skip
    assert complete(["prepare", "-i", HEALTHY, "--limit"], "node1,!node") == [
        "node1,!node1", "node1,!node2", "node1,!node3", "node1,!node4",
    ]  # fmt: skip
    assert complete(["arc-repair", "-i", HEALTHY, "--limit"], "NODE3") == ["node3"]


def test_node_names_without_a_usable_inventory_complete_nothing(tmp_path: Path) -> None:
    assert complete(["precheck", "--limit"], "n") == []
    broken = tmp_path / "broken.yaml"
    broken.write_text("cluster: [")
    assert complete(["precheck", "-i", str(broken), "--limit"], "n") == []


def test_run_ids_complete_from_the_state_dir(tmp_path: Path) -> None:
    for run_id in ("20261206T100000Z-aaaaaa", "20261206T110000Z-bbbbbb", "20261105T090000Z-cccccc"):
        (tmp_path / "runs" / run_id).mkdir(parents=True)
    state = ["--state-dir", str(tmp_path)]
    assert complete([*state, "resume"], "202612") == [
        "20261206T110000Z-bbbbbb", "20261206T100000Z-aaaaaa",
    ]  # fmt: skip
    assert complete([*state, "runs", "show"], "") == [
        "20261206T110000Z-bbbbbb", "20261206T100000Z-aaaaaa", "20261105T090000Z-cccccc",
    ]  # fmt: skip


def test_run_ids_follow_orchestrate_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "runs" / "20261206T100000Z-aaaaaa").mkdir(parents=True)
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path))
    assert complete(["resume"], "") == ["20261206T100000Z-aaaaaa"]


def test_locked_clusters_complete_for_unlock(lock_dir: Path) -> None:
    (lock_dir / "hci01.holder").write_text("{}")
    (lock_dir / "hci02.holder").write_text("{}")
    assert complete(["unlock"], "hci") == ["hci01", "hci02"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_documented_completion_scripts_are_generated(shell: str) -> None:
    script = subprocess.run(
        [sys.executable, "-m", "orchestrator"],
        env={**os.environ, "_ORCHESTRATE_COMPLETE": f"{shell}_source"},
        capture_output=True, text=True, check=False, timeout=60, cwd=REPO,
    )  # fmt: skip
    assert script.returncode == 0, script.stderr
    assert "_ORCHESTRATE_COMPLETE" in script.stdout
    assert (
        f"_ORCHESTRATE_COMPLETE={shell}_source orchestrate"
        in (REPO / "docs" / "cli.md").read_text()
    )


def test_a_completion_request_answers_like_the_shell_asks() -> None:
    """What bash sends on TAB (COMP_WORDS, COMP_CWORD) gets the verbs back, one per line."""
    answer = subprocess.run(
        [sys.executable, "-m", "orchestrator"],
        env={**os.environ, "_ORCHESTRATE_COMPLETE": "bash_complete",
             "COMP_WORDS": "orchestrate val", "COMP_CWORD": "1"},
        capture_output=True, text=True, check=False, timeout=60, cwd=REPO,
    )  # fmt: skip
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.split() == ["plain,validate"]
