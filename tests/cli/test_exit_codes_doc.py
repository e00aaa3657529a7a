"""docs/exit-codes.md documents every exit code, and every test it cites exists."""

from __future__ import annotations

import re

from orchestrator.exitcodes import ExitCode
from tests.conftest import REPO

DOC = REPO / "docs" / "exit-codes.md"


def test_every_exit_code_has_a_row():
    rows = re.findall(r"^\| (\d+) \| `(\w+)` \|", DOC.read_text(), re.MULTILINE)
    assert {(int(code), name) for code, name in rows} == {(c.value, c.name) for c in ExitCode}


def test_every_cited_test_exists():
    text = DOC.read_text()
    module = None
    for path, name in re.findall(r"`(tests/[\w/]+\.py)?::(test_\w+)`", text):
        module = path or module
        assert module is not None
        assert f"def {name}(" in (REPO / module).read_text(), f"{module}::{name}"
