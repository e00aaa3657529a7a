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


@pytest.mark.parametrize("verb", ["register", "arc-repair", "unregister", "precheck"])
@pytest.mark.parametrize("value", ["", " ", ",,"])
def test_an_empty_limit_is_refused_never_taken_as_every_node(
    orchestrate: Callable[..., CliResult], tmp_path: Path, verb: str, value: str
) -> None:
    # `--limit "$NODES"` with NODES unset must not widen the target to the whole cluster
    confirm = () if verb == "precheck" else ("--yes",)
    result = orchestrate(
        "--state-dir", str(tmp_path / "s"), verb, "-i", INVENTORY, "--limit", value, *confirm,
    )  # fmt: skip
    _refused(result, "--limit")
    assert not (tmp_path / "s").exists()


def test_an_empty_plan_out_is_refused(
    orchestrate: Callable[..., CliResult], tmp_path: Path
) -> None:
    result = orchestrate(
        "--state-dir", str(tmp_path / "s"), "register", "-i", INVENTORY, "--dry-run",
        "--plan-out", "",
    )  # fmt: skip
    _refused(result, "--plan-out")


@pytest.mark.parametrize("kind", ["empty", "a file", "too long"])
def test_collect_logs_refuses_an_unusable_out_dir_before_contacting_nodes(
    orchestrate: Callable[..., CliResult], tmp_path: Path, kind: str
) -> None:
    value = {"empty": "", "a file": INVENTORY, "too long": str(tmp_path / TOO_LONG[:300])}[kind]
    result = orchestrate(
        "--state-dir", str(tmp_path / "s"), "collect-logs", "-i", INVENTORY, "--out", value,
    )  # fmt: skip
    assert result.code == 2, result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "s").exists()  # no run, no journal


def test_the_ansible_task_refuses_a_blank_node_in_limit(tmp_path: Path) -> None:
    from orchestrator.task import TaskRequest, run_task

    result = run_task(
        TaskRequest(flow="precheck", state_dir=tmp_path, inventory_path=INVENTORY, limit=[""])
    )
    assert result["failed"] is True
    assert "limit" in result["msg"]


def test_an_internal_error_never_prints_a_token_it_quotes(
    orchestrate: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    token = "eyJ0eXAiOiJKV1QifQ.eyJ1cG4iOiJhQGIuYyJ9.c2lnbmF0dXJlLXNlY3JldA"

    def broken(_path: str) -> None:
        raise RuntimeError(f"unexpected reply to Authorization: Bearer {token}")

    import sys

    monkeypatch.setattr(sys.modules["orchestrator.cli.precheck"], "load", broken)
    result = orchestrate("--state-dir", str(tmp_path), "precheck", "-i", INVENTORY)

    assert result.code == 1
    assert "internal error: RuntimeError" in result.err
    assert token not in result.err


@pytest.mark.parametrize("value", ["nan", "-1", "101"])
def test_max_fail_percent_outside_0_to_100_is_refused(
    orchestrate: Callable[..., CliResult], tmp_path: Path, value: str
) -> None:
    # NaN compares false: it would pass a range check and never stop a failing run
    result = orchestrate(
        "--state-dir", str(tmp_path / "s"), "register", "-i", INVENTORY, "--yes",
        "--max-fail-percent", value,
    )  # fmt: skip
    assert result.code == 2, result.err
    assert "max-fail-percent" in result.err.replace("_", "-")
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("value", [float("nan"), -5.0, 500.0])
def test_the_ansible_task_refuses_max_fail_percent_outside_0_to_100(
    tmp_path: Path, value: float
) -> None:
    from orchestrator.task import TaskRequest, run_task

    result = run_task(
        TaskRequest(flow="register", state_dir=tmp_path / "s", inventory_path=INVENTORY,
                    max_fail_percent=value)
    )  # fmt: skip
    assert result["failed"] is True
    assert result["exit_code"] == 2
    assert "max_fail_percent" in result["msg"]


def test_the_ansible_task_refuses_a_state_dir_that_is_a_file(tmp_path: Path) -> None:
    from orchestrator.task import TaskRequest, run_task

    result = run_task(
        TaskRequest(flow="register", state_dir=Path(INVENTORY), inventory_path=INVENTORY)
    )
    assert result["failed"] is True
    assert result["exit_code"] == 2
    assert "state_dir" in result["msg"]


SECRET = "Sup3r$ecret!-pasted"  # a value a user pasted where a NAME belongs


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("connection", "password_env", SECRET),
        ("azure", "credential", f"token_env:{SECRET}"),
        ("azure", "credential", "eyJ0eXAiOiJKV1QifQ.eyJ1cG4iOiJhIn0.c2ln"),
    ],
)
def test_a_secret_pasted_where_a_variable_name_belongs_is_not_repeated(
    orchestrate: Callable[..., CliResult],
    write_inventory: Callable[..., Path],
    tmp_path: Path,
    section: str,
    key: str,
    value: str,
) -> None:
    from tests.conftest import base_inventory

    data = base_inventory()
    data.setdefault(section, {})[key] = value
    result = orchestrate("--state-dir", str(tmp_path / "s"), "precheck", "-i",
                         str(write_inventory(data)))  # fmt: skip

    assert result.code == 2
    assert f"{section}.{key}" in result.err
    assert value.split(":")[-1] not in result.err


def test_lab_serve_does_not_repeat_a_pasted_password(
    orchestrate: Callable[..., CliResult], tmp_path: Path
) -> None:
    result = orchestrate("lab", "serve", "--dir", str(tmp_path), "--password-env", SECRET)
    assert result.code == 2
    assert "--password-env" in result.err
    assert SECRET not in result.err
