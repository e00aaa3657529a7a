"""docs/workflows/<flow>.md are generated from the flow declarations and must not go stale."""

from __future__ import annotations

import importlib
import inspect
from functools import cache
from pathlib import Path

import pytest

from orchestrator.docs_gen import COMMAND, main, pages, render
from orchestrator.engine.compile import mermaid
from tests.conftest import REPO
from workflows import FLOWS, load_workflow

DOCS = REPO / "docs" / "workflows"


@cache
def generated() -> dict[str, str]:
    return pages()


@pytest.mark.parametrize("name", sorted(generated()))
def test_committed_page_matches_the_declaration(name: str) -> None:
    page = DOCS / name
    assert page.is_file(), f"docs/workflows/{name} is missing; generate it with: {COMMAND}"
    assert page.read_text(encoding="utf-8") == generated()[name], (
        f"docs/workflows/{name} is stale; regenerate it with: {COMMAND}"
    )


@pytest.mark.parametrize("flow", FLOWS)
def test_page_shows_the_steps_and_the_engines_own_diagram(flow: str) -> None:
    workflow = load_workflow(flow)
    page = render(flow)
    assert mermaid(workflow).rstrip("\n") in page
    for spec in workflow.steps:
        assert f"| `{spec.id}` v{spec.step.version} |" in page
    for check in (*workflow.prechecks, *workflow.verification):
        assert f"| `{check.name}` |" in page


@pytest.mark.parametrize("flow", FLOWS)
def test_every_flow_module_documents_purpose_guards_and_scenarios(flow: str) -> None:
    doc = inspect.getdoc(importlib.import_module(f"workflows.{flow.replace('-', '_')}")) or ""
    for section in ("## Purpose", "## Guards", "## Scenarios handled"):
        assert section in doc, f"workflows/{flow}: add a '{section}' section to its docstring"


def test_check_mode_reports_a_stale_page_and_the_generator_fixes_it(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path)]) == 0
    assert main(["--out", str(tmp_path), "--check"]) == 0
    (tmp_path / "collect-logs.md").write_text("hand edited\n")
    assert main(["--out", str(tmp_path), "--check"]) == 1
    assert main(["--out", str(tmp_path)]) == 0
    assert main(["--out", str(tmp_path), "--check"]) == 0


def test_page_says_how_to_run_the_verb_with_its_required_options_and_exit_codes() -> None:
    page = render("arc-repair")
    running = page.split("## Running it", 1)[1].split("\n## ", 1)[0]
    # --limit is required for arc-repair: every example line must carry it, the dry run first.
    commands = [line for line in running.splitlines() if line.startswith("orchestrate ")]
    assert commands[0].startswith("orchestrate arc-repair -i FILE --limit NODES --dry-run")
    assert all("--limit NODES" in line for line in commands)
    # the rest of `orchestrate arc-repair --help`, where the exit codes are, is on the page
    assert "5 refused (a node is warming up after a reboot" in running
    limit_rows = [line for line in page.splitlines() if line.startswith("| `--limit` | ")]
    assert len(limit_rows) == 1
    assert limit_rows[0].endswith("(required) |")


def test_a_read_only_verb_is_shown_without_a_dry_run() -> None:
    running = render("status").split("## Running it", 1)[1].split("\n## ", 1)[0]
    assert "orchestrate status -i FILE" in running
    assert "--dry-run" not in running
