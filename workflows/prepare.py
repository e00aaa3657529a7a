"""prepare: put every node into the state registration needs, changing only what is off.

## Purpose

Per node: start hcisvc and himds when stopped, resync the clock when its skew is beyond the
fail threshold, and, only with --enable-debug-channel, enable the HCI debug event channel.

## Guards

- Every step checks first; a node already in shape is not touched (the plan shows no-op).
- The clock resync is never retried blindly: a forced resync steps the clock, and the
  re-check decides.
- The debug channel is enabled only when asked (it stays enabled: use collect-logs for a
  capture that restores it).

## Scenarios handled

- A1: hcisvc stopped: started (then registration can generate its certificates).
- A5 / C11: clock skew beyond the threshold: `w32tm /resync /force`.
- E2: the debug channel, on request.
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
