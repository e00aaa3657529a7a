"""Run `prepare` and SIGKILL this very process right after journal record number N.

Used by the crash matrix as the real-process variant:
    python -m tests.engine.crash_driver INVENTORY STATE_DIR N
with ORCHESTRATE_LAB_STATE set so the lab outlives the kill.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from orchestrator.engine.api import start_run
from orchestrator.engine.runner import RunSettings
from orchestrator.inventory import load_inventory
from workflows.prepare import WORKFLOW

OPTIONS = {"enable_debug_channel": True, "clock_fail_s": 300.0}


def main() -> None:
    inventory_path, state_dir, kill_at = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])

    def kill(record: dict[str, Any]) -> None:
        if record["seq"] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    inventory = load_inventory(inventory_path)
    start_run(
        WORKFLOW,
        inventory,
        inventory.cluster.nodes,
        RunSettings(parallel=1, options=OPTIONS),
        state_dir=state_dir,
        argv=["prepare", "-i", inventory_path],
        after_record=kill,
    )


if __name__ == "__main__":
    main()
