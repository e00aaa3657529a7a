"""Each flow page carries the diagram the engine compiles today."""

from __future__ import annotations

import pytest

from orchestrator.engine.compile import mermaid
from tests.conftest import REPO
from workflows import load_workflow


@pytest.mark.parametrize("flow", ["unregister", "arc-cleanup", "arc-repair"])
def test_flow_page_has_the_generated_diagram(flow: str) -> None:
    page = (REPO / "docs" / "workflows" / f"{flow}.md").read_text()
    assert f"```mermaid\n{mermaid(load_workflow(flow))}```" in page, (
        f"docs/workflows/{flow}.md: replace the diagram with `orchestrate graph {flow}`"
    )
