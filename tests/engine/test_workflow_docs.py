"""docs/workflows/<flow>.md embeds the diagram `orchestrate graph <flow> --format mermaid` prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "workflows"
GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("page", sorted(p.stem for p in DOCS.glob("*.md")))
def test_the_page_embeds_the_current_diagram(page):
    text = (DOCS / f"{page}.md").read_text()
    block = re.search(r"```mermaid\n(.*?)```", text, re.DOTALL)
    assert block is not None, f"docs/workflows/{page}.md has no mermaid block"
    assert block.group(1) == (GOLDEN / f"{page}.mmd").read_text(), (
        f"regenerate the diagram in docs/workflows/{page}.md from "
        f"`orchestrate graph {page} --format mermaid`"
    )
