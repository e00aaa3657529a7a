"""`orchestrate <verb> --help` only builds the verb's command (issue 15 item 16): the engine,
its state machine (transitions), the checks, the transports (pypsrp), Azure, the failure
catalog, the flows' steps, the inventory's models and loader (yaml), the journals, filelock and
the rich output are imported when a verb runs, not when it shows its help. bench/startup.py
measures the time this saves; this test keeps the import chain from growing back, for every
command of the click group (sub-commands included: a new verb is probed without editing this
file), run as a user runs it: a fresh process each (one interpreter forked once per command,
tests/conftest.py modules_loaded_by_each, so no command's imports hide another's)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from orchestrator.cli import VERBS, cli
from orchestrator.cli.flowrun import DeclaredWorkflow
from orchestrator.cli.lazy import command_paths
from orchestrator.engine.lock import LOCK_DIR_ENV
from tests.conftest import EXAMPLES, modules_loaded_by, modules_loaded_by_each

# What a verb's help must not load: packages (with everything under them) and modules that only
# running a verb needs.
RUN_TIME_ONLY = (
    "transitions",  # the engine's state machine
    "pypsrp",
    "spnego",
    "requests",
    "azure",  # azure-core / azure-identity
    "tenacity",
    "filelock",  # the cluster lock
    "yaml",  # the inventory loader
    "rich",  # output, live progress, the log's terminal handler
    "orchestrator.catalog",
    "orchestrator.checks",
    "orchestrator.transport",
    "orchestrator.facts",
    "orchestrator.azure",
    "orchestrator.lab",
    "orchestrator.output",
    "orchestrator.run_report",
    "orchestrator.live_progress",
    "orchestrator.inventory.loader",
    "orchestrator.inventory.models",  # attrs classes, the clouds' table
    "orchestrator.clouds",
    "orchestrator.archive",
)
# Light modules under packages whose other modules are run-time only: the root command's
# signal handling; the values a flow's steps share with its verb's --help; the list of flows.
ALLOWED = {
    "orchestrator.engine",
    "orchestrator.engine.interrupts",
    "orchestrator.steps",
    "orchestrator.steps.verb_constants",
    "workflows",
}
RUN_TIME_PACKAGES = ("orchestrator.engine", "orchestrator.steps", "workflows")
# `lab serve --help` lists the lab's fault names: the lab's verbs (lab code themselves) may load
# that module and what it is made of, not a world, an emulator or a scenario. Every other verb
# loads no lab code at all.
LAB_HELP = {
    "orchestrator.lab",
    "orchestrator.lab.fault_names",
    "orchestrator.lab.fault_plan",
    "orchestrator.transport",
    "orchestrator.transport.base",
}

COMMANDS = [" ".join(path) for path in command_paths(cli)]


def run_time_only(module: str, command: str = "") -> bool:
    if module in ALLOWED or (command.split()[:1] == ["lab"] and module in LAB_HELP):
        return False
    under = (*RUN_TIME_ONLY, *RUN_TIME_PACKAGES)
    return any(module == name or module.startswith(name + ".") for name in under)


def test_every_command_is_probed() -> None:
    """The list comes from the click group: every top-level verb and the sub-commands."""
    assert set(VERBS) <= set(COMMANDS)
    assert {"runs show", "runs prune", "lab serve"} <= set(COMMANDS)


RUNS: list[tuple[tuple[str, ...], str]] = [
    (("precheck", "-i", "missing.yaml"), "orchestrator.inventory.loader"),
    (("validate", "-i", str(EXAMPLES / "lab-cluster.yaml")), "orchestrator.engine.preflight"),
    (("runs",), "rich"),
    (("runs", "show", "no-such-run"), "orchestrator.engine.journal"),
    (("graph", "prepare"), "transitions"),
    (("lab", "scenarios"), "orchestrator.lab.scenarios"),
]


@pytest.fixture(scope="module")
def probed(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, ...], tuple[object, set[str]]]:
    """argv -> (exit code, modules loaded) of every command's --help and of each RUNS verb, all
    probed by one interpreter forked per command (each as if in its own fresh process)."""
    argvs = [(*command.split(), "--help") for command in COMMANDS] + [a for a, _ in RUNS]
    with pytest.MonkeyPatch.context() as env:  # as the autouse fixtures set it for a test
        env.setenv(LOCK_DIR_ENV, str(tmp_path_factory.mktemp("locks")))
        env.setenv("ORCHESTRATE_YES", "1")
        results = modules_loaded_by_each(argvs, cwd=tmp_path_factory.mktemp("probe"))
    return dict(zip(argvs, results, strict=True))


@pytest.mark.parametrize("command", COMMANDS)
def test_a_verbs_help_loads_no_run_time_module(
    command: str, probed: dict[tuple[str, ...], tuple[object, set[str]]]
) -> None:
    code, modules = probed[(*command.split(), "--help")]
    assert code == 0
    assert sorted(m for m in modules if run_time_only(m, command)) == []


@pytest.mark.parametrize(("argv", "loaded"), RUNS)
def test_the_run_time_modules_still_load_when_the_verb_runs(
    argv: tuple[str, ...], loaded: str, probed: dict[tuple[str, ...], tuple[object, set[str]]]
) -> None:
    """The probe can see them: running the verb loads what its help did not."""
    _code, modules = probed[argv]
    assert loaded in modules
    assert run_time_only(loaded)


def test_the_forked_probe_sees_what_a_fresh_process_sees(
    probed: dict[tuple[str, ...], tuple[object, set[str]]], tmp_path: Path
) -> None:
    """The batch probe is the single one's equal: a verb's help probed after every other verb
    (register's help, after the lab's verbs), and a verb that ran after all the helps, load
    in their forked child exactly what they load in a process of their own."""
    for argv in (("register", "--help"), ("graph", "prepare")):
        assert probed[argv] == modules_loaded_by(*argv, cwd=tmp_path), argv


def declared_workflows() -> list[tuple[str, DeclaredWorkflow]]:
    found = []
    for name, verb in VERBS.items():
        declared = getattr(importlib.import_module(verb.module), "WORKFLOW", None)
        if isinstance(declared, DeclaredWorkflow):
            found.append((name, declared))
    return found


def test_the_flow_verbs_declare_their_workflows() -> None:
    """Every flow verb names its workflow instead of importing it (the list is not empty)."""
    assert {name for name, _ in declared_workflows()} >= {
        "register", "prepare", "repair", "unregister", "status", "collect-logs",
        "arc-cleanup", "arc-repair", "arc-onboard", "arc-offboard", "arc-initialize",
    }  # fmt: skip


@pytest.mark.parametrize(("verb", "declared"), declared_workflows())
def test_a_declared_scope_is_its_workflows(verb: str, declared: DeclaredWorkflow) -> None:
    """The command is built from DeclaredWorkflow's scope (which --limit: a cluster flow refuses
    a narrowed selection); the workflow it runs must say the same, and be the verb's flow."""
    workflow = declared.load()
    assert workflow is importlib.import_module(declared.module).WORKFLOW
    assert declared.scope == workflow.scope
    assert workflow.name == verb
