"""arc-repair: repair Arc on one node (SCENARIOS C7, and C6 once the warm-up has passed).

seeds/000 C7: Disable-AzureStackHCIArcIntegration, verify Get-AzureStackHCIArcIntegration says
Disabled for the node, delete the node's Arc resource, Enable-AzureStackHCIArcIntegration,
Sync-AzureStackHCI. Every step leaves a healthy node alone (agent Connected, NodesArcStatus
Enabled, an owned Arc resource that is Connected), so running it again changes nothing.

C6 guard: Sync-AzureStackHCI sends a census of the cluster; a node still warming up after a
reboot is missing from it and Azure deletes that node's Arc resource. The flow never syncs
while any node of the cluster booted less than --warmup-minutes ago (default 15): it refuses
(exit 5) before changing anything and says until when to wait. It refuses rather than sleeping
so a run never holds the cluster lock for a quarter of an hour; the operator re-runs after the
time it names.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from orchestrator.checks import ClockSkewCheck, ReachabilityCheck, ServiceRunningCheck
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
from orchestrator.transport.base import Command

# seeds/000 C6 only says "a small warmup time"; 15 minutes is our default (--warmup-minutes).
DEFAULT_WARMUP_MINUTES = 15.0


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
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


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
)
