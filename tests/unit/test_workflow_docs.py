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
