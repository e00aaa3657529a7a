"""`orchestrate <verb> --help` only builds the verb's command (issue 15 item 16): the engine,
its state machine (transitions), the checks, the inventory loader and the rich output are
imported when a verb runs, not when it shows its help. bench/startup.py measures the time this
saves; this test keeps the import chain from growing back (run as a user runs it: a process)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import modules_loaded_by

# Modules a verb's help must not load: the run's machinery, not the command's declaration.
RUN_TIME_ONLY = (
    "transitions",
    "orchestrator.engine.runner",
    "orchestrator.engine.api",
    "orchestrator.engine.plan",
    "orchestrator.checks.base",
    "orchestrator.inventory.loader",
    "orchestrator.transport.factory",
    "orchestrator.run_report",
    "orchestrator.live_progress",
    "orchestrator.output",
    "orchestrator.catalog.diagnose",
)


@pytest.mark.parametrize("verb", ["precheck", "register"])
def test_a_verbs_help_loads_no_engine_checks_or_inventory_loader(verb: str, tmp_path: Path) -> None:
    code, modules = modules_loaded_by(verb, "--help", cwd=tmp_path)
    assert code == 0
    assert sorted(m for m in RUN_TIME_ONLY if m in modules) == []


def test_the_run_time_modules_still_load_when_the_verb_runs(tmp_path: Path) -> None:
    """The probe can see them: running the verb (here its bad-input path) loads them."""
    code, modules = modules_loaded_by(
        "precheck", "-i", str(tmp_path / "missing.yaml"), cwd=tmp_path
    )
    assert code == 2
    assert "orchestrator.inventory.loader" in modules


def test_registers_declared_scope_is_its_workflows() -> None:
    """register's command is built from DeclaredWorkflow's scope (cluster: --limit is refused
    for a cluster flow); the workflow it runs must say the same."""
    from orchestrator.cli.register import WORKFLOW as declared
    from workflows.register import WORKFLOW

    assert declared.load() is WORKFLOW
    assert declared.scope == WORKFLOW.scope == "cluster"
