"""Odd values for paths (too long, a directory, a file where a directory belongs, empty): one
line naming the option and the fix, exit 2, no traceback, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, CliResult

INVENTORY = str(EXAMPLES / "lab-cluster.yaml")
TOO_LONG = "x" * 3000


def _refused(result: CliResult, field: str) -> None:
    assert result.code == 2, result.err
    assert field in result.err
    assert "Traceback" not in result.err
    assert "internal error" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert TOO_LONG not in result.err  # an echoed value is cut short


@pytest.mark.parametrize("value", [TOO_LONG, "", "/"])
def test_an_unreadable_inventory_path_names_the_inventory(
    orchestrate: Callable[..., CliResult], tmp_path: Path, value: str
) -> None:
    result = orchestrate("--state-dir", str(tmp_path / "s"), "precheck", "-i", value)
    _refused(result, "inventory")
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("value", [TOO_LONG, ""])  # a directory: click's own usage error
def test_an_unreadable_plan_names_the_plan(
    orchestrate: Callable[..., CliResult], tmp_path: Path, value: str
) -> None:
    result = orchestrate("--state-dir", str(tmp_path / "s"), "apply", value)
    _refused(result, "plan")


def test_a_plan_that_cannot_be_written_names_plan_out(
    orchestrate: Callable[..., CliResult], tmp_path: Path
) -> None:
    result = orchestrate(
        "--state-dir", str(tmp_path / "s"), "register", "-i", INVENTORY,
        "--dry-run", "--plan-out", str(tmp_path / TOO_LONG[:300]),
    )  # fmt: skip
    _refused(result, "--plan-out")


@pytest.mark.parametrize("kind", ["empty", "a file", "too long"])
def test_a_state_dir_that_cannot_hold_runs_is_refused_before_anything_runs(
    orchestrate: Callable[..., CliResult], tmp_path: Path, kind: str
) -> None:
    value = {"empty": "", "a file": INVENTORY, "too long": str(tmp_path / TOO_LONG[:300])}[kind]
    before = sorted(tmp_path.rglob("*"))

    result = orchestrate("--state-dir", value, "register", "-i", INVENTORY, "--yes")

    _refused(result, "--state-dir")
    assert sorted(tmp_path.rglob("*")) == before
