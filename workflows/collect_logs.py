"""collect-logs: gather every node's troubleshooting evidence into one archive.

## Purpose

Collects, from every node, what the troubleshooting guides ask for (SCENARIOS.md E1-E3) into
one zip under `--out DIR` with a `manifest.json` (node, source, path on the node, size,
sha256): the registration logs `RegisterHCI_*.log` / `UnregisterHCI_*.log`, the
`Microsoft-AzureStack-HCI/Debug` and `/Admin` event channels (read with
`Get-WinEvent -Oldest`), and the Arc agent's `azcmagent.log`. Secrets in the collected text
(tokens, client secrets, passwords) are masked with the failure catalog's `redact()` before
anything is written.

## Guards

- Read-only on the nodes, except the debug channel, and that only with
  `--enable-debug-channel`: it is enabled for `--debug-window` seconds of capture, read, and
  restored to disabled in the same run. A channel that was already enabled is left enabled.
  The plan says so (the enable step is marked TRANSIENT, the restore step follows it).
- A node whose collection fails is reported; the archive still holds every other node's files,
  and the manifest only lists what was really collected. A file name a node reports (`..`,
  `CON`, 300 bytes, two names that differ only in characters a file name cannot hold) is
  stored under a safe, unique name, with the name on the node in the manifest; a file that
  cannot be stored is listed with the reason, never failing the node. Folders are read with
  `-LiteralPath` (no wildcards), and each `--log-dir` is one folder, as given. A source missing on a node (no
  registration log yet) is listed with the reason instead of a file.
- A node left with the channel enabled by a failed run is named on stderr with the command
  that disables it. The archive is written by `collect-logs` itself: a saved plan
  (`--plan-out`) is refused, and an interrupted run is simply run again (its
  `.<name>.staging` folder under `--out` can be deleted).

## Scenarios handled

- E1: registration and unregistration logs of every attempt.
- E2: the hcisvc debug channel (`wevtutil sl ... /e:true`, then `Get-WinEvent -Oldest`).
- E3: the Arc agent's verbose log.
"""

from __future__ import annotations

from orchestrator.checks import ReachabilityCheck
from orchestrator.engine.spec import TRANSIENT, StepSpec, Workflow
from orchestrator.steps.evidence import (
    CollectEvidence,
    EnableDebugChannelForCollection,
    RestoreDebugChannel,
)

WORKFLOW = Workflow(
    name="collect-logs",
    version=1,
    summary="Collect registration logs, HCI event channels and azcmagent.log into one archive.",
    prechecks=(ReachabilityCheck(),),
    steps=(
        StepSpec(EnableDebugChannelForCollection(), retry=TRANSIENT),
        StepSpec(CollectEvidence(), retry=TRANSIENT, read_only_outcome="collected"),
        StepSpec(RestoreDebugChannel(), retry=TRANSIENT),
    ),
)
