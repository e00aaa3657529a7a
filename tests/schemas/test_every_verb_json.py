"""Every command that takes `--output json` writes one document that validates against its
schema in docs/schemas/, on success and on error (issue 15.7).

The commands are enumerated from the click group itself, so a new verb (or sub-command) with
`--output json` and no entry in CASES fails this test until it has a schema and a case. Each
case runs the real CLI on the lab; every command also ends once in an error (an unknown flag,
and where there is one, a bad value), which must be an error document (error.schema.json) with
the same exit code as its `exit_code`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import click
import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from orchestrator.cli import cli
from orchestrator.engine.lock import ClusterLock
from orchestrator.lab.snapshot_transport import LAB_STATE_ENV
from tests.conftest import EXAMPLES, REPO, CliResult

SCHEMAS = REPO / "docs" / "schemas"
HEALTHY = str(EXAMPLES / "lab-cluster.yaml")
FAULTS = str(EXAMPLES / "lab-faults.yaml")
# Written by orchestrate, but not on stdout: checked by tests/schemas/test_schemas.py.
NOT_STDOUT = {"journal-record.schema.json"}

Orchestrate = Callable[..., CliResult]


def json_commands(command: click.Command = cli, path: tuple[str, ...] = ()) -> Iterator[str]:
    """`precheck`, `runs show`, `lab calls`, ...: every command with an --output json option."""
    for param in command.params:
        if isinstance(param, click.Option) and "--output" in param.opts:
            choices = getattr(param.type, "choices", ())
            if "json" in choices:
                yield " ".join(path)
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from json_commands(sub, (*path, name))


@attrs.frozen
class Case:
    argv: tuple[str, ...]
    schema: str  # the document's schema; "error.schema.json" for an error case


@attrs.define
class Arena:
    """What the cases need made first: a plan file, a partial run, a served lab's call log."""

    tmp: Path
    run: Orchestrate
    made: dict[str, str] = attrs.field(factory=dict)

    def plan(self) -> str:
        if "plan" not in self.made:
            path = self.tmp / "plan.json"
            self.run("prepare", "-i", HEALTHY, "--dry-run", "--plan-out", str(path))
            self.made["plan"] = str(path)
        return self.made["plan"]

    def partial_run(self) -> str:
        if "run" not in self.made:
            result = self.run("prepare", "-i", FAULTS, "--output", "json")
            assert result.code == 4, result.err  # node4 unreachable
            self.made["run"] = json.loads(result.out)["run_id"]
        return self.made["run"]

    def diagnosed_text(self) -> str:
        path = self.tmp / "console.txt"
        path.write_text("Couldn't generate self-signed certificate on node(s) {node2}\n")
        return str(path)

    def azure_local(self) -> str:
        data = yaml.safe_load(Path(HEALTHY).read_text())
        data["lab"]["nodes"] = {n["name"]: {"release": "23H2"} for n in data["cluster"]["nodes"]}
        path = self.tmp / "azure-local.yaml"
        path.write_text(yaml.safe_dump(data))
        return str(path)

    def served_calls(self) -> str:
        from orchestrator.inventory import load_inventory
        from orchestrator.lab import world_from_inventory
        from orchestrator.lab.call_log import CallLog
        from orchestrator.transport.base import Command

        directory = self.tmp / "served"
        directory.mkdir(exist_ok=True)
        world = world_from_inventory(load_inventory(HEALTHY))
        CallLog(world, directory).record("node1", Command("Get-AzureStackHCI"))
        return str(directory)


def _flow(verb: str, *extra: str, inventory: str = HEALTHY) -> list[Case]:
    return [
        Case((verb, "-i", inventory, *extra, "--dry-run", "--output", "json"), "plan.schema.json"),
        Case((verb, "-i", inventory, *extra, "--list-nodes", "--output", "json"), "node-list.schema.json"),
        Case((verb, "-i", str(Path("no") / "such.yaml"), *extra, "--output", "json"), "error.schema.json"),
    ]  # fmt: skip


SP = ("--service-principal-id", "00000000-0000-0000-0000-000000000001")

CASES: dict[str, Callable[[Arena], list[Case]]] = {
    "precheck": lambda a: [
        Case(("precheck", "-i", FAULTS, "--output", "json"), "precheck-result.schema.json"),
        Case(("precheck", "-i", HEALTHY, "--list-nodes", "--output", "json"), "node-list.schema.json"),
        Case(("precheck", "-i", HEALTHY, "--limit", "node9", "--output", "json"), "error.schema.json"),
    ],
    "status": lambda a: [
        Case(("status", "-i", HEALTHY, "--output", "json"), "precheck-result.schema.json"),
        Case(("status", "-i", HEALTHY, "--list-nodes", "--output", "json"), "node-list.schema.json"),
    ],
    "diagnose": lambda a: [
        Case(("diagnose", a.diagnosed_text(), "--output", "json"), "diagnose.schema.json"),
        Case(("diagnose", "--list", "--output", "json"), "diagnose.schema.json"),
        Case(("diagnose", str(a.tmp / "missing.log"), "--output", "json"), "error.schema.json"),
    ],
    "prepare": lambda a: [
        *_flow("prepare"),
        Case(("prepare", "-i", FAULTS, "--output", "json"), "run-result.schema.json"),
    ],
    "register": lambda a: _flow("register"),
    "repair": lambda a: _flow("repair"),
    "unregister": lambda a: _flow("unregister"),
    "arc-cleanup": lambda a: _flow("arc-cleanup"),
    "arc-repair": lambda a: _flow("arc-repair", "--limit", "node1"),
    "arc-onboard": lambda a: _flow("arc-onboard", *SP),
    "arc-offboard": lambda a: _flow("arc-offboard"),
    "arc-initialize": lambda a: [
        *_flow("arc-initialize", inventory=a.azure_local()),
        # a 21H2 cluster: refused before anything changes
        Case(("arc-initialize", "-i", HEALTHY, "--dry-run", "--output", "json"), "error.schema.json"),
    ],
    "collect-logs": lambda a: [
        *_flow("collect-logs", "--out", str(a.tmp / "logs")),
        Case(("collect-logs", "-i", FAULTS, "--out", str(a.tmp / "logs"), "--output", "json"), "collect-logs.schema.json"),
    ],
    "apply": lambda a: [
        Case(("apply", a.plan(), "--output", "json"), "run-result.schema.json"),
        Case(("apply", str(a.tmp / "missing.json"), "--output", "json"), "error.schema.json"),
    ],
    "show": lambda a: [
        Case(("show", a.plan(), "--output", "json"), "plan.schema.json"),
        Case(("show", a.diagnosed_text(), "--output", "json"), "error.schema.json"),
    ],
    "validate": lambda a: [
        Case(("validate", "-i", HEALTHY, "--output", "json"), "validate.schema.json"),
        Case(("validate", "-i", a.diagnosed_text(), "--output", "json"), "error.schema.json"),
    ],
    "resume": lambda a: [
        Case(("resume", a.partial_run(), "--output", "json"), "run-result.schema.json"),
        Case(("resume", "20200101T000000Z-000000", "--output", "json"), "error.schema.json"),
    ],
    "runs": lambda a: [
        Case(("runs", "--output", "json"), "runs.schema.json"),
    ],
    "runs show": lambda a: [
        Case(("runs", "show", a.partial_run(), "--output", "json"), "run-show.schema.json"),
        Case(("runs", "show", "20200101T000000Z-000000", "--output", "json"), "error.schema.json"),
    ],
    "runs prune": lambda a: [
        Case(("runs", "prune", "--older-than", "0s", "--dry-run", "--output", "json"), "runs-prune.schema.json"),
        Case(("runs", "prune", "--older-than", "soon", "--output", "json"), "error.schema.json"),
    ],
    "unlock": lambda a: [
        Case(("unlock", "hci01", "--output", "json"), "unlock.schema.json"),
    ],
    "lab scenarios": lambda a: [
        Case(("lab", "scenarios", "--output", "json"), "lab-scenarios.schema.json"),
    ],
    "lab calls": lambda a: [
        Case(("lab", "calls", "--dir", a.served_calls(), "--output", "json"), "lab-calls.schema.json"),
        Case(("lab", "calls", "--dir", str(a.tmp / "none"), "--output", "json"), "error.schema.json"),
    ],
}  # fmt: skip


def validate(schema: str, document: Any) -> list[str]:
    checker = Draft202012Validator(
        json.loads((SCHEMAS / schema).read_text()), format_checker=FormatChecker()
    )
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in checker.iter_errors(document)]  # fmt: skip


def test_every_json_command_has_cases_and_every_schema_is_used() -> None:
    commands = set(json_commands())
    assert commands == set(CASES), (
        "a command with --output json needs a schema in docs/schemas/ and a case in CASES: "
        f"{sorted(commands - set(CASES))}; cases of commands that are gone: "
        f"{sorted(set(CASES) - commands)}"
    )


@pytest.mark.parametrize("command", sorted(set(json_commands())))
def test_every_json_document_validates_against_its_schema(
    command: str,
    orchestrate: Orchestrate,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lock_dir: Path,
) -> None:
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv(LAB_STATE_ENV, raising=False)  # each command's lab from its inventory
    monkeypatch.setenv("ORCHESTRATE_PROGRESS", "off")
    assert command in CASES, f"{command}: add a schema in docs/schemas/ and a case in CASES"
    arena = Arena(tmp_path, orchestrate)
    cases = CASES[command](arena)
    # every command also ends in an error once: an option it does not know
    cases.append(
        Case((*command.split(), "--no-such-flag", "--output", "json"), "error.schema.json")
    )
    if command == "unlock":
        # refused while a run holds the lock: exit 5, an error document
        held = ClusterLock("hci01", "20200101T000000Z-abcdef", lock_dir)
        held.acquire()
        try:
            cases_held = [Case(("unlock", "hci01", "--output", "json"), "error.schema.json")]
            _check(orchestrate, cases_held)
        finally:
            held.release()
    assert any(c.schema != "error.schema.json" for c in cases), "no success case"
    _check(orchestrate, cases)


def _check(orchestrate: Orchestrate, cases: list[Case]) -> None:
    for case in cases:
        result = orchestrate(*case.argv)
        assert result.out.strip(), f"{' '.join(case.argv)}: nothing on stdout; {result.err}"
        document = json.loads(result.out)  # exactly one document: json.loads refuses more
        assert validate(case.schema, document) == [], " ".join(case.argv)
        if "exit_code" in document and case.schema != "run-show.schema.json":  # the run's
            assert document["exit_code"] == result.code, " ".join(case.argv)
        if case.schema == "error.schema.json":
            assert result.code in (1, 2, 5), result.err
        else:
            assert document.get("kind") != "error", (case.argv, document)


class _Placeholders(Arena):
    """An Arena that makes nothing: for reading which schemas the cases name."""

    def plan(self) -> str:
        return "plan.json"

    def partial_run(self) -> str:
        return "RUN"

    def diagnosed_text(self) -> str:
        return "console.txt"

    def azure_local(self) -> str:
        return "azure-local.yaml"

    def served_calls(self) -> str:
        return "served"


def test_every_schema_describes_a_document_a_case_checks() -> None:
    arena = _Placeholders(Path("unused"), lambda *_a: CliResult(0, "", ""))
    checked = {case.schema for make in CASES.values() for case in make(arena)}
    stdout_schemas = {p.name for p in SCHEMAS.glob("*.schema.json")} - NOT_STDOUT
    assert stdout_schemas - checked == set(), "a schema no case checks"
