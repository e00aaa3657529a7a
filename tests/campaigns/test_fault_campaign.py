"""The fault campaign of issue 17: >= 100 runs meeting random protocol faults (the lab's named
faults, lab/fault_names.py: connections dropped before or after a command ran, HTTP 5xx, read
timeouts while a long call goes on, WS-Management faults), each finished by resuming, and
compared with an uninterrupted run (oracles: tests/campaigns/harness.py).

Rerun one: ORCHESTRATE_CAMPAIGN_SEED=<seed> ORCHESTRATE_FAULT_TRIALS=1 pytest tests/campaigns -k fault
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.campaigns.harness import run_campaign

TRIALS = int(os.environ.get("ORCHESTRATE_FAULT_TRIALS", "100"))
SEED = int(os.environ.get("ORCHESTRATE_CAMPAIGN_SEED", "0"))


@pytest.mark.campaign
@pytest.mark.slow
def test_protocol_faults_never_make_a_one_shot_call_twice_nor_leave_a_secret(
    tmp_path: Path,
) -> None:
    failures, campaign = run_campaign(tmp_path, range(SEED, SEED + TRIALS), faults=True)
    assert not failures, "\n".join(
        [*failures, "rerun one: ORCHESTRATE_CAMPAIGN_SEED=<seed> ORCHESTRATE_FAULT_TRIALS=1"]
    )
    assert campaign.trials == TRIALS
