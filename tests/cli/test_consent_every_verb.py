"""Every verb that changes something asks for consent (issue 15.1), enumerated from the click
group itself: a verb (or sub-command) is either in CHANGES, with an invocation that would
change something, or in NEVER_CHANGES, with why. A new verb in neither fails
`test_every_verb_is_classified`, so a changing verb cannot skip consent unnoticed.

A verb changes something when it changes a node, Azure, or the controller's own records
(journals, lock records): the flows, `apply`, `resume` (it carries on changing the nodes; the
run's consent was given to an earlier command), `collect-logs --enable-debug-channel` (its only
change on a node), `runs prune` (removes journals), `unlock` (removes a lock record; like
`terraform force-unlock`, which asks unless -force). Each one, where stdin is not a terminal
and without --yes / ORCHESTRATE_YES=1, exits 2 with the same how-to-consent message, changes
nothing, and with `--output json` writes the error document instead."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
import yaml
from jsonschema import Draft202012Validator

from orchestrator.cli import cli as root
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from tests.conftest import EXAMPLES, REPO, CliResult

HEALTHY = str(EXAMPLES / "lab-cluster.yaml")
FAULTS = str(EXAMPLES / "lab-faults.yaml")
ERROR_SCHEMA = json.loads((REPO / "docs" / "schemas" / "error.schema.json").read_text())
SP = ("--service-principal-id", "00000000-0000-0000-0000-000000000001")


def leaf_commands(command: click.Command = root, path: tuple[str, ...] = ()) -> Iterator[str]:
    """`precheck`, `runs show`, `lab demo`, ...: every command a user can run. A group that
    does something itself (`runs` lists) counts too."""
    if isinstance(command, click.Group):
        if path and command.invoke_without_command:
            yield " ".join(path)
        for name, sub in command.commands.items():
            yield from leaf_commands(sub, (*path, name))
    else:
        yield " ".join(path)


def takes_yes(command: str) -> bool:
    found: click.Command = root
    for word in command.split():
        assert isinstance(found, click.Group)
        found = found.commands[word]
    return any("--yes" in p.opts for p in found.params if isinstance(p, click.Option))


NEVER_CHANGES = {
    "precheck": "read-only checks",
    "status": "read-only checks",
    "diagnose": "reads the files it is given",
    "graph": "prints a flow's state diagram",
    "show": "prints a saved plan",
    "validate": "offline: reads the inventory and the environment",
    "runs": "lists journals (and stale lock records)",
    "runs show": "reads one journal",
    "lab scenarios": "lists the lab's scenarios",
    "lab calls": "reads a served lab's call log",
    "lab serve": "serves a simulated cluster on 127.0.0.1; changes only its own lab world",
    "lab demo": "runs the flows against its own simulated cluster, never a real one",
}


class Scene:
    """What the changing invocations need made first (with consent): a plan file, a partial
    run, an old journal, a stale lock record, an Azure Local inventory."""

    def __init__(self, tmp: Path, run: Callable[..., CliResult], lock_dir: Path) -> None:
        self.tmp, self.run, self.lock_dir = tmp, run, lock_dir

    def plan(self) -> str:
        path = self.tmp / "plan.json"
        assert self.run("prepare", "-i", HEALTHY, "--dry-run", "--plan-out", str(path)).code == 0
        return str(path)

    def partial_run(self) -> str:
        done = self.run("prepare", "-i", FAULTS, "--output", "json")
        assert done.code == 4, done.err  # node4 unreachable: resume has work left
        return str(json.loads(done.out)["run_id"])

    def finished_run_age(self) -> str:
        assert self.run("prepare", "-i", HEALTHY).code == 0
        return "0s"  # the run just made is older than that: prune would remove it

    def stale_lock(self) -> str:
        child = subprocess.Popen([sys.executable, "-c", "pass"])
        child.wait()
        (self.lock_dir / "hci01.holder").write_text(json.dumps({
            "run_id": "20261206T220000Z-dead01", "pid": child.pid,
            "host": socket.gethostname(), "started_at": "2026-12-06T22:00:00+00:00",
        }))  # fmt: skip
        return "hci01"

    def azure_local(self) -> str:
        data = yaml.safe_load(Path(HEALTHY).read_text())
        data["lab"]["nodes"] = {n["name"]: {"release": "23H2"} for n in data["cluster"]["nodes"]}
        path = self.tmp / "azure-local.yaml"
        path.write_text(yaml.safe_dump(data))
        return str(path)


CHANGES: dict[str, Callable[[Scene], tuple[str, ...]]] = {
    "prepare": lambda s: ("prepare", "-i", FAULTS),
    "register": lambda s: ("register", "-i", HEALTHY),
    "repair": lambda s: ("repair", "-i", HEALTHY),
    "unregister": lambda s: ("unregister", "-i", HEALTHY),
    "arc-cleanup": lambda s: ("arc-cleanup", "-i", HEALTHY, "--limit", "node1"),
    "arc-repair": lambda s: ("arc-repair", "-i", HEALTHY, "--limit", "node1"),
    "arc-onboard": lambda s: ("arc-onboard", "-i", HEALTHY, *SP),
    "arc-offboard": lambda s: ("arc-offboard", "-i", HEALTHY),
    "arc-initialize": lambda s: ("arc-initialize", "-i", s.azure_local()),
    "collect-logs": lambda s: (
        "collect-logs",
        "-i",
        HEALTHY,
        "--enable-debug-channel",
        "--out",
        str(s.tmp),
    ),
    "apply": lambda s: ("apply", s.plan()),
    "resume": lambda s: ("resume", s.partial_run()),
    "runs prune": lambda s: ("runs", "prune", "--older-than", s.finished_run_age()),
    "unlock": lambda s: ("unlock", s.stale_lock()),
}


def test_every_verb_is_classified() -> None:
    verbs = set(leaf_commands())
    unclassified = verbs - set(CHANGES) - set(NEVER_CHANGES)
    assert not unclassified, (
        f"{sorted(unclassified)}: a verb that changes anything takes --yes and asks for consent "
        "(flowrun.yes_option, ask_consent / require_consent) and gets a case in CHANGES; one "
        "that never changes anything goes in NEVER_CHANGES with why"
    )
    assert set(CHANGES) | set(NEVER_CHANGES) <= verbs, "a classified verb is gone"
    assert {v for v in verbs if takes_yes(v)} == set(CHANGES), "--yes <=> changes something"


def _controller_state(tmp: Path, lock_dir: Path) -> dict[str, bytes]:
    """Every file the controller keeps: journals, lock records, the lab's world (the nodes)."""
    files = [p for p in sorted(tmp.rglob("*")) + sorted(lock_dir.rglob("*")) if p.is_file()]
    return {str(p): p.read_bytes() for p in files}


@pytest.mark.parametrize("verb", sorted(CHANGES))
@pytest.mark.parametrize("output", ["text", "json"])
def test_a_changing_verb_without_a_terminal_and_without_yes_changes_nothing(
    verb: str,
    output: str,
    orchestrate: Callable[..., CliResult],
    tmp_path: Path,
    lock_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab-setup.json"))
    monkeypatch.setenv("ORCHESTRATE_PROGRESS", "off")
    monkeypatch.setenv("ARC_SP_SECRET", "not-a-real-secret-0")
    argv = CHANGES[verb](Scene(tmp_path, orchestrate, lock_dir))  # made with consent
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab.json"))
    monkeypatch.delenv("ORCHESTRATE_YES")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)  # a pipeline, cron, `< /dev/null`
    before = _controller_state(tmp_path, lock_dir)

    result = orchestrate(*argv, *(("--output", "json") if output == "json" else ()))

    assert result.code == 2, (argv, result.err)
    assert "stdin is not a terminal" in result.err
    assert "nothing was changed" in result.err
    assert "--yes (or ORCHESTRATE_YES=1)" in result.err
    assert _controller_state(tmp_path, lock_dir) == before  # no journal, record, lab change
    if output == "json":
        document = json.loads(result.out)
        Draft202012Validator(ERROR_SCHEMA).validate(document)
        assert (document["field"], document["exit_code"]) == ("--yes", 2)
        assert "--yes" in document["fix"]
    else:
        assert result.out == ""


@pytest.mark.parametrize("verb", ["resume", "unlock", "collect-logs", "runs prune"])
def test_at_a_terminal_the_verbs_without_a_plan_ask_and_no_changes_nothing(
    verb: str,
    orchestrate: Callable[..., CliResult],
    tmp_path: Path,
    lock_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv(LAB_STATE_ENV, str(tmp_path / "lab.json"))
    monkeypatch.setenv("ORCHESTRATE_PROGRESS", "off")
    argv = CHANGES[verb](Scene(tmp_path, orchestrate, lock_dir))
    monkeypatch.delenv("ORCHESTRATE_YES")  # the operator at the terminal has not consented yet
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    asked: list[str] = []
    monkeypatch.setattr("click.confirm", lambda text, **_k: asked.append(text) and False)
    before = _controller_state(tmp_path, lock_dir)

    result = orchestrate(*argv)

    assert result.code == 5, result.err
    assert "cancelled; nothing was" in result.err
    assert len(asked) == 1, asked
    if verb in ("resume", "unlock"):
        assert argv[-1] in asked[0]  # the run id / the cluster the question is about
    assert _controller_state(tmp_path, lock_dir) == before
