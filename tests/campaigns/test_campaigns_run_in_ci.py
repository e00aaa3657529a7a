"""Issue 17 says "campaigns in CI". They carry the `campaign` marker, which the README's test
command leaves out (pyproject's addopts) to keep the suite well under five minutes; CI runs
them as its very next step. These tests fail if a campaign loses its marker's run in CI, or
the marker's run loses a campaign."""

from __future__ import annotations

import os
import shlex
import tomllib
from collections.abc import Callable
from typing import Any

from tests.campaigns import test_fault_campaign, test_kill_campaign
from tests.conftest import REPO
from tests.engine import test_lock, test_races
from tests.fuzz import test_fuzz_input

CAMPAIGNS: list[Callable[..., Any]] = [
    test_fuzz_input.test_fuzzed_inventories_are_accepted_or_refused_cleanly,
    test_fuzz_input.test_fuzzed_ansible_inventories_are_accepted_or_refused_cleanly,
    test_fuzz_input.test_fuzzed_yaml_files_are_accepted_or_refused_cleanly,
    test_fuzz_input.test_fuzzed_argument_lists_never_crash_or_leak,
    test_kill_campaign.test_a_controller_killed_at_any_moment_resumes_to_the_uninterrupted_result,
    test_fault_campaign.test_protocol_faults_never_make_a_one_shot_call_twice_nor_leave_a_secret,
    test_races.test_simultaneous_register_runs_call_register_azstackhci_once,
    test_lock.test_simultaneous_contenders_never_both_hold_the_lock,
]


def _ci_commands() -> list[str]:
    return [
        line.split("  #")[0].strip()
        for line in (REPO / ".ci/run").read_text().splitlines()
        if line and not line.startswith("#") and not line.startswith(("set ", "cd "))
    ]


def test_every_campaign_carries_the_marker_at_its_ci_size() -> None:
    for test in CAMPAIGNS:
        marks = {mark.name for mark in getattr(test, "pytestmark", [])}
        assert "campaign" in marks, test.__name__
    assert sum(test_fuzz_input.COUNTS.values()) >= 10_000
    # (sizes set through the environment are a reproduction or a soak, not CI)
    assert test_kill_campaign.TRIALS >= 200 or "ORCHESTRATE_KILL_TRIALS" in os.environ
    assert test_fault_campaign.TRIALS >= 100 or "ORCHESTRATE_FAULT_TRIALS" in os.environ
    assert test_races.RACES >= 50 or "ORCHESTRATE_RACES" in os.environ


def test_the_default_run_leaves_them_out_and_ci_runs_them_right_after_it() -> None:
    pytest_options = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]
    addopts = shlex.split(pytest_options["ini_options"]["addopts"])
    assert addopts[addopts.index("-m") + 1] == "not campaign"

    first, second = _ci_commands()[:2]
    readme = (REPO / "README.md").read_text()
    assert first in readme  # the README's test command, verbatim, first
    words = shlex.split(second)
    assert words[:3] == [".venv/bin/python", "-m", "pytest"]
    # pytest keeps the last -m it is given: this one, not addopts' 'not campaign'
    assert words[words.index("-m", 3) + 1] == "campaign"
    assert not [w for w in words[3:] if w.startswith(("tests", "-k"))]  # all of them
