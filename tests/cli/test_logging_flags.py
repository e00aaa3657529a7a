"""Logging and terminal flags (issue 15.8): --log-file (masked, timestamped, appended), -v lines
carry timestamps, -q prints only the result, --no-color and NO_COLOR."""

from __future__ import annotations

import logging
import re

import pytest

from orchestrator.cli.logs import configure_logging
from tests.conftest import EXAMPLES

HEALTHY = str(EXAMPLES / "lab-cluster.yaml")
FAULTS = str(EXAMPLES / "lab-faults.yaml")
CANARY = "Hunter2Canary"
TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00"


@pytest.fixture(autouse=True)
def _quiet_lab(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ORCHESTRATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("ORCHESTRATE_PROGRESS", "off")
    yield
    configure_logging(0)  # no log file left open for the next test


def test_log_file_masks_secrets_in_messages_arguments_and_tracebacks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "debug.log"
    configure_logging(0, log_file=str(log))
    logger = logging.getLogger("orchestrator.test")
    logger.debug("connecting with password=%s", CANARY)
    logger.info("header Authorization: Bearer %s", "abcdefghijklmnopqrstuvwxyz0123")
    try:
        raise RuntimeError(f"azcmagent connect --service-principal-secret {CANARY}")
    except RuntimeError:
        logger.exception("connect failed")
    configure_logging(0)
    text = log.read_text()
    assert CANARY not in text
    assert "abcdefghijklmnopqrstuvwxyz0123" not in text
    assert "password=***" in text
    assert "Bearer ***" in text
    assert re.search(rf"^{TIME} DEBUG    orchestrator.test \[MainThread\] connecting", text, re.M)
    assert "Traceback" in text  # the traceback is kept, masked


def test_log_file_is_appended_to_and_holds_debug_while_stderr_holds_warnings(
    orchestrate, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "run.log"
    log.write_text("earlier line\n")
    result = orchestrate("--log-file", str(log), "precheck", "-i", FAULTS)
    assert result.code == 1
    text = log.read_text()
    assert text.startswith("earlier line\n")
    assert re.search(rf"^{TIME} DEBUG ", text, re.M)
    assert " DEBUG " not in result.err


@pytest.mark.parametrize("where", ["missing/run.log", "."])
def test_an_unusable_log_file_is_exit_2_naming_the_flag(orchestrate, tmp_path, where) -> None:  # type: ignore[no-untyped-def]
    result = orchestrate("--log-file", str(tmp_path / where), "precheck", "-i", HEALTHY)
    assert result.code == 2
    assert result.err.startswith("error: --log-file: ")
    assert result.out == ""


def test_verbose_lines_carry_a_timestamp(orchestrate, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = orchestrate("-v", "--state-dir", str(tmp_path), "prepare", "-i", FAULTS)
    info = [line for line in result.err.splitlines() if " INFO " in line]
    assert info, result.err
    assert all(re.match(rf"^{TIME} INFO     ", line) for line in info)


def test_quiet_prints_only_the_result(orchestrate, tmp_path) -> None:  # type: ignore[no-untyped-def]
    plan = ("prepare", "-i", FAULTS, "--dry-run", "--plan-out", str(tmp_path / "plan.json"))
    loud = orchestrate("--state-dir", str(tmp_path), *plan)
    assert "plan saved to" in loud.err
    quiet = orchestrate("-q", "--state-dir", str(tmp_path), *plan)
    assert quiet.err == ""
    assert quiet.out == loud.out
    assert quiet.code == loud.code


def test_quiet_and_verbose_together_are_a_usage_error(orchestrate) -> None:  # type: ignore[no-untyped-def]
    result = orchestrate("-q", "-v", "precheck", "-i", HEALTHY)
    assert result.code == 2
    assert "-q and -v" in result.err


def test_no_color_flag_and_no_color_variable_remove_every_escape(orchestrate, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FORCE_COLOR", "1")  # as at a terminal: rich styles the table
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = orchestrate("precheck", "-i", FAULTS)
    assert "\x1b[" in coloured.out
    flag = orchestrate("--no-color", "precheck", "-i", FAULTS)
    assert "\x1b[" not in flag.out + flag.err
    monkeypatch.setenv("NO_COLOR", "1")
    variable = orchestrate("precheck", "-i", FAULTS)
    assert "\x1b[" not in variable.out + variable.err
    assert flag.code == variable.code == coloured.code == 1


def test_quiet_silences_the_pipeline_progress_lines_of_a_run(
    orchestrate, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("ORCHESTRATE_PROGRESS", raising=False)
    loud = orchestrate("--state-dir", str(tmp_path), "prepare", "-i", HEALTHY)
    assert loud.code == 0, loud.err
    assert re.search(r"node1 ", loud.err)  # one timestamped line per node and step
    quiet = orchestrate("-q", "--state-dir", str(tmp_path), "prepare", "-i", HEALTHY)
    assert quiet.code == 0
    assert quiet.err == ""
    assert quiet.out.strip()
