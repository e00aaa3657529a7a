"""prepare: put every node into the state registration needs, changing only what is off.

Per node: start hcisvc and himds when stopped, resync the clock when its skew is beyond the
fail threshold, and, only with --enable-debug-channel, enable the HCI debug event channel.
"""

from __future__ import annotations

from orchestrator.checks import ReachabilityCheck, ServiceRunningCheck
from orchestrator.engine.spec import TRANSIENT, StepSpec, Workflow
from orchestrator.steps.clock import ResyncClock
from orchestrator.steps.eventlog import EnableEventChannel
from orchestrator.steps.service import EnsureServiceRunning

WORKFLOW = Workflow(
    name="prepare",
    version=1,
    summary="Start hcisvc and himds, resync skewed clocks, optionally enable the HCI debug channel.",
    prechecks=(ReachabilityCheck(),),
    steps=(
        StepSpec(EnsureServiceRunning("hcisvc"), retry=TRANSIENT),
        StepSpec(EnsureServiceRunning("himds"), retry=TRANSIENT),
        # A forced resync steps the clock; it is never retried blindly, the re-check guards it.
        StepSpec(ResyncClock(), idempotent=False),
        StepSpec(
            EnableEventChannel("Microsoft-AzureStack-HCI/Debug", option="enable_debug_channel"),
            retry=TRANSIENT,
        ),
    ),
    verification=(ServiceRunningCheck("hcisvc"), ServiceRunningCheck("himds")),
)
