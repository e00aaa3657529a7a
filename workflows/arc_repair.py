"""arc-repair: repair Arc on one node (SCENARIOS C7, and C6 once the warm-up has passed).

## Purpose

The seeds/000 C7 procedure for a node: `Disable-AzureStackHCIArcIntegration`, verify
`Get-AzureStackHCIArcIntegration` says Disabled for the node, delete the node's Arc resource,
`Enable-AzureStackHCIArcIntegration`, `Sync-AzureStackHCI`. Scope "node", one node at a time
(`--parallel` is fixed to 1, because each repair ends in a cluster-wide sync). `--limit` is
required: repairing every node is what registration repair (`orchestrate repair`) is for.

1. `warmup_guard`: the C6 guard (below); never changes anything, refuses before anything
   else runs.
2. `disable_arc_integration`: on NodesArcStatus; the re-check is the C7 "verify it says
   Disabled". On the B2 text the remediation runs `azcmagent disconnect --force-local-only`,
   then Disable again.
3. `delete_arc_resource`: the node's machine resource, deleted when this cluster owns it.
4. `enable_arc_integration`: `Enable-AzureStackHCIArcIntegration`.
5. `sync`: `Sync-AzureStackHCI` when the node's `LastConnected` (`Get-AzureStackHCI`) is older
   than the Arc resource's `lastStatusChange`, after the warm-up guard once more.

## Guards

- A healthy node is left alone: every step first asks whether `azcmagent show -j` says
  Connected, NodesArcStatus says Enabled, and the node's Arc resource exists, is owned by this
  cluster (`parentClusterResourceId`) and is Connected. A healthy node plans no change, so
  running the flow again after a repair changes nothing.
- Pre-checks stop the node before any change, naming the check and the fix: reachable over
  PowerShell Remoting; `himds` running (Enable connects the agent: AZCM0061 otherwise);
  `hcisvc` running (Sync); the clock within 300 s of ours (both sign in to Entra ID). The
  inventory's `azure` section is required (exit 2): the Arc resource is looked up and deleted
  through Azure.
- An Arc resource with the node's name owned by someone else is never deleted: the node parks
  for an operator (re-enabling would clash with it, AZCM0044).
- C6, never sync during a node's warm-up: `Sync-AzureStackHCI` sends a census of the whole
  cluster; a node that rebooted moments ago is missing from it and Azure deletes that node's
  Arc resource (seeds/000 C6, "a small warmup time"). Before any change, and again just before
  the sync, the flow reads `Win32_OperatingSystem.LastBootUpTime` on every node of the
  cluster, not only the one being repaired. If any booted less than `--warmup-minutes` ago
  (default 15) or cannot be reached, the run refuses (exit 5) and says until when to wait,
  e.g. `node2: not repairing now: node2 booted at 10:00 UTC. Sync-AzureStackHCI within 15
  minutes of a node's boot leaves that node out of the census and Azure deletes its Arc
  resource (SCENARIOS C6): wait until 10:15 UTC and run again`.
- Design choice: refuse rather than wait. A run that slept would hold the cluster lock for up
  to a quarter of an hour with nothing to show; the refusal names the time, and the re-run is
  cheap because a refused run changed nothing.

## Scenarios handled

Tests: tests/scenarios/test_arc_repair.py.

- C7: the node's agent identity expired: disable (locally), delete its machine, enable, sync;
  the portal shows Connected; other nodes untouched.
- C6: right after the reboot: refused with the time to wait, nothing run on any node; after
  the window the node is repaired (equivalent to the seeds' `disconnect --force-local-only` +
  repair registration, scoped to the node). Another node rebooting blocks the sync too.
- C6 can also be remediated as the seeds describe: `orchestrate arc-cleanup -i INVENTORY
  --limit NODE` (which runs `azcmagent disconnect --force-local-only` when Disable cannot),
  then `orchestrate repair -i INVENTORY` (registration repair re-enables Arc on every node).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from orchestrator.checks import ClockSkewCheck, ReachabilityCheck, ServiceRunningCheck
from orchestrator.checks.os_release import ReleaseGuard
from orchestrator.engine.runner import NeedsOperator
from orchestrator.engine.spec import (
    TRANSIENT,
    Change,
    RemediationSpec,
    StepContext,
    StepSpec,
    Workflow,
)
from orchestrator.errors import RemoteCommandError, TransportError
from orchestrator.facts import last_boot, read_registration
from orchestrator.steps.arc import (
    DeleteOwnedArcMachine,
    DisableArcIntegration,
    EnableArcIntegration,
    ForceLocalDisconnect,
    arc_health,
    inventory_of,
)
from orchestrator.steps.instructions import run_or_instruct
from orchestrator.steps.verb_constants import DEFAULT_WARMUP_MINUTES
from orchestrator.timestamps import maybe_utc
from orchestrator.transport.base import Command


def _warmup(ctx: StepContext) -> timedelta:
    minutes = ctx.option("warmup_minutes", DEFAULT_WARMUP_MINUTES)
    return timedelta(minutes=float(minutes if minutes is not None else DEFAULT_WARMUP_MINUTES))


def refuse_during_warmup(ctx: StepContext) -> None:
    """Raise NeedsOperator when a Sync now could delete some node's Arc resource (C6)."""
    window = _warmup(ctx)
    now = ctx.controller_clock()
    inventory = inventory_of(ctx)
    blockers: list[str] = []
    wait_until: datetime | None = None
    for node in inventory.cluster.nodes:
        try:
            booted = last_boot(ctx.open(node.name))
        except (TransportError, RemoteCommandError) as error:
            blockers.append(f"{node.name} cannot be reached ({error}), so a census would miss it")
            continue
        if booted is not None and now - booted < window:
            until = booted + window
            wait_until = max(wait_until or until, until)
            blockers.append(f"{node.name} booted at {booted:%H:%M} UTC")
    if not blockers:
        return
    when = (
        f"wait until {wait_until:%H:%M} UTC and run again" if wait_until else "bring it back first"
    )
    raise NeedsOperator(
        f"{ctx.node}: not repairing now: {'; '.join(blockers)}. Sync-AzureStackHCI within "
        f"{window.total_seconds() / 60:g} minutes of a node's boot leaves that node out of the "
        f"census and Azure deletes its Arc resource (SCENARIOS C6): {when}"
    )


@attrs.frozen
class WarmupGuard:
    """Refuse before any change when the closing Sync-AzureStackHCI would be unsafe."""

    id: str = "warmup_guard"
    version: int = 1
    title: str = "no node of the cluster is warming up after a reboot"

    def check(self, ctx: StepContext) -> Change:
        if arc_health(ctx).healthy:
            return Change.no_op("Arc is healthy on this node: nothing to repair")
        refuse_during_warmup(ctx)
        return Change.no_op(
            f"no node booted within the last {_warmup(ctx).total_seconds() / 60:g} minutes"
        )

    def apply(self, ctx: StepContext, change: Change) -> None:
        raise AssertionError("a guard never changes anything")


def _parse(value: object) -> datetime | None:
    return maybe_utc(value)


@attrs.frozen
class SyncAfterRepair:
    """Sync-AzureStackHCI once the node's Arc resource came back: done when the node's
    LastConnected (Get-AzureStackHCI) is not older than the resource's lastStatusChange."""

    id: str = "sync"
    version: int = 1
    title: str = "cluster synced since the node's Arc resource (re)connected"

    def check(self, ctx: StepContext) -> Change:
        health = arc_health(ctx)
        if health.healthy and health.machine is not None:
            connected = _parse(health.machine.properties.get("lastStatusChange"))
            synced = _parse(read_registration(ctx.session).last_connected)
            if connected is None or (synced is not None and synced >= connected):
                return Change.no_op("synced since the Arc resource connected", current=synced)
            before = f"last sync {synced.isoformat() if synced else 'never'}"
        else:
            before = "not synced since the repair"
        refuse_during_warmup(ctx)
        return Change.change(before, "synced", "Sync-AzureStackHCI (no node in warm-up)")

    def apply(self, ctx: StepContext, change: Change) -> None:
        refuse_during_warmup(ctx)  # time has passed since the check
        run_or_instruct(ctx.session, Command.cmdlet("Sync-AzureStackHCI"), ctx.run.inventory)


WORKFLOW = Workflow(
    name="arc-repair",
    guards=(ReleaseGuard("arc-repair"),),
    version=1,
    summary="Repair Arc on a node: disable, verify Disabled, delete its Arc resource, enable, "
    "sync (never during a node's post-boot warm-up).",
    # Enable needs himds (AZCM0061), Sync needs hcisvc, and both sign in to Entra ID (clock).
    prechecks=(
        ReachabilityCheck(),
        ServiceRunningCheck("himds"),
        ServiceRunningCheck("hcisvc"),
        ClockSkewCheck(),
    ),
    steps=(
        StepSpec(WarmupGuard()),
        StepSpec(
            DisableArcIntegration(only_when_unhealthy=True),
            retry=TRANSIENT,
            remediations=(RemediationSpec(ForceLocalDisconnect(), max_uses=1),),
        ),
        StepSpec(
            DeleteOwnedArcMachine(foreign_blocks=True, only_when_unhealthy=True), retry=TRANSIENT
        ),
        StepSpec(EnableArcIntegration(), retry=TRANSIENT),
        StepSpec(SyncAfterRepair()),
    ),
    needs_azure=True,
)
