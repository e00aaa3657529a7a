"""docs/troubleshooting.md is generated from the catalog and must not go stale."""

from __future__ import annotations

import subprocess
import sys

from orchestrator.catalog import load_catalog
from orchestrator.catalog.docs import COMMAND, render
from tests.conftest import REPO

DOC = REPO / "docs" / "troubleshooting.md"


def test_committed_troubleshooting_page_matches_the_catalog():
    assert DOC.read_text(encoding="utf-8") == render(load_catalog()), (
        f"docs/troubleshooting.md is stale; regenerate it with: {COMMAND}"
    )


def test_page_has_a_section_per_entry_and_every_scenario_row_is_accounted_for():
    page = render(load_catalog())
    for signature in load_catalog():
        assert f"\n### {signature.id}\n" in page
    assert "| A5 | [aad-client-assertion-key-expired](#aad-client-assertion-key-expired)" in page
    assert "No text signature for C10, E1, E2, E3" in page


def test_generator_runs_as_a_module():
    done = subprocess.run(
        [sys.executable, "-m", "orchestrator.catalog.docs"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert done.stdout == render(load_catalog())
