"""Health of a registered cluster, per node, for `orchestrate status` (read-only).

Registration and connection as Get-AzureStackHCI reports them, with days since the last sync
(C9: after 30 days without one, new VMs cannot be created); OutOfPolicy with the Admin event
that explains it (C8: 591 / 592 / 594); each node's Arc state as the node, its agent and the
portal (arcSettings) see it (C4, C5, C7). Every finding names the command that fixes it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from orchestrator.azure.hci_target import HciTarget
from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.errors import AzureError
from orchestrator.facts.hci import Registration, read_arc_agent, read_arc_integration
from orchestrator.facts.hci import read_registration as read_node_registration
from orchestrator.facts.os_release import read_os_release
from orchestrator.facts.policy import latest_policy_event
from orchestrator.timestamps import maybe_utc

# On Azure Local 23H2+ registration is Arc-first and the 22H2-era verdicts (and their fixes:
# register, repair, arc-repair) do not apply; the azure-local check reports the machine instead.
AZURE_LOCAL = "Azure Local 23H2 or later: see the azure-local row"
# seeds/001: no new VMs when the cluster was not registered within 30 days of installation, or
# has not synced for 30 days ("...licensed for a particular number of connections...").
LICENSE_WINDOW = timedelta(days=30)
# seeds/000 C1: the portal says "Disconnected - Cluster not in connected state for more than 8 hours".
DISCONNECTED_AFTER = timedelta(hours=8)
# facts §1.5 step 7 / seeds/000: Arc "Not Installed" right after registration can last 12 hours.
ARC_PROJECTION_GRACE = timedelta(hours=12)


def _when(value: str | None) -> datetime | None:
    return maybe_utc(value)


def _age(now: datetime, then: datetime) -> str:
    delta = now - then
    if delta >= timedelta(days=1):
        return f"{delta.days} days ago"
    return f"{int(delta.total_seconds() // 3600)} h ago"


@attrs.frozen
class RegistrationStateCheck:
    name: str = "registration"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        if read_os_release(ctx.session).arc_first:
            return CheckResult(ctx.node, self.name, Status.SKIPPED, AZURE_LOCAL)
        registration = read_node_registration(ctx.session)
        now = ctx.controller_clock()
        if not registration.registered:
            return CheckResult(
                ctx.node,
                self.name,
                Status.FAIL,
                f"not registered ({registration.status})",
                "Register the cluster: `orchestrate register -i INVENTORY`. A cluster not "
                'registered within 30 days of installation cannot create new VMs ("...licensed '
                'for a particular number of connections...", seeds/001).',
            )
        if registration.status == "OutOfPolicy":
            return self._out_of_policy(ctx, registration)
        last = _when(registration.last_connected)
        synced = f"last sync {_age(now, last)}" if last else "never synced"
        observed = f"{registration.status}, {registration.connection}; {synced}"
        if last is None or now - last > LICENSE_WINDOW:
            return CheckResult(
                ctx.node,
                self.name,
                Status.FAIL,
                observed,
                "No sync with Azure for more than 30 days: new VMs cannot be created (seeds/001). "
                "Restore outbound connectivity (`orchestrate precheck` names what is blocked), "
                "then register again: `orchestrate register -i INVENTORY`, or `orchestrate "
                "repair -i INVENTORY` when the registration itself is broken.",
            )
        if registration.connection != "Connected":
            long = last is not None and now - last > DISCONNECTED_AFTER
            return CheckResult(
                ctx.node,
                self.name,
                Status.WARN,
                observed,
                ("Disconnected for more than 8 hours: " if long else "Not connected: ")
                + "check connectivity (`orchestrate precheck`), then `orchestrate repair -i "
                "INVENTORY` (a deleted app registration or certificates that cannot rotate are "
                "fixed by a repair).",
            )
        return CheckResult(ctx.node, self.name, Status.PASS, observed)

    def _out_of_policy(self, ctx: NodeCheckContext, registration: Registration) -> CheckResult:
        event = latest_policy_event(ctx.session)
        if event is None:
            return CheckResult(
                ctx.node,
                self.name,
                Status.FAIL,
                "OutOfPolicy (no policy event found)",
                "Collect the logs (`orchestrate collect-logs`) and check the "
                "Microsoft-AzureStack-HCI/Admin channel.",
            )
        observed = f"OutOfPolicy (event {event.event_id} at {event.time})"
        if event.event_id == 592:
            return CheckResult(
                ctx.node,
                self.name,
                Status.WARN,
                observed,
                "A repair of the node's data is running (event 592): nothing to do; check again "
                "later with `orchestrate status`.",
            )
        if event.event_id == 591:
            return CheckResult(
                ctx.node,
                self.name,
                Status.FAIL,
                observed,
                "Repair the registration: `orchestrate repair -i INVENTORY` (event 591, seeds/000).",
            )
        return CheckResult(
            ctx.node,
            self.name,
            Status.FAIL,
            observed,
            "Event 594 (seeds/000): if every node shows it, unregister the cluster "
            "(`orchestrate unregister`), restart every node, then `orchestrate register`; if only "
            f"{ctx.node} does, remove it from the cluster, restart it, wait for the repair to "
            "complete, then rejoin it.",
        )


@attrs.frozen
class ArcNodeStateCheck:
    """The node's Arc state three ways: Get-AzureStackHCIArcIntegration, its agent, the portal."""

    name: str = "arc"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        if read_os_release(ctx.session).arc_first:
            return CheckResult(ctx.node, self.name, Status.SKIPPED, AZURE_LOCAL)
        registration = read_node_registration(ctx.session)
        if not registration.registered:
            return CheckResult(ctx.node, self.name, Status.SKIPPED, "cluster not registered")
        status = read_arc_integration(ctx.session).node_status(ctx.node) or "absent"
        if status != "Enabled":
            return CheckResult(
                ctx.node,
                self.name,
                Status.FAIL,
                f"Arc integration {status}",
                "Register again to redo the Arc part (`orchestrate register -i INVENTORY`), or "
                f"repair this node's Arc (`orchestrate arc-repair -i INVENTORY --limit {ctx.node}`).",
            )
        agent = read_arc_agent(ctx.session)
        if not agent.connected:
            return CheckResult(
                ctx.node,
                self.name,
                Status.FAIL,
                f"Enabled; agent {agent.status}",
                f"Repair this node's Arc: `orchestrate arc-repair -i INVENTORY --limit {ctx.node}`.",
            )
        portal = self._portal_state(ctx)
        if portal is not None and portal.startswith("unknown"):
            return CheckResult(
                ctx.node,
                self.name,
                Status.WARN,
                f"Enabled; agent Connected; portal {portal}",
                "The cluster's arcSettings could not be read from Azure; give the account read "
                "access to the cluster resource to see the portal's view.",
            )
        if portal is None or portal == "Connected":
            shown = "" if portal is None else "; portal Connected"
            return CheckResult(ctx.node, self.name, Status.PASS, f"Enabled; agent Connected{shown}")
        registered_at = _when(registration.registration_date)
        now = ctx.controller_clock()
        observed = f"Enabled; agent Connected; portal {portal}"
        if registered_at is not None and now - registered_at < ARC_PROJECTION_GRACE:
            when = (registered_at + ARC_PROJECTION_GRACE).strftime("%Y-%m-%d %H:%M UTC")
            return CheckResult(
                ctx.node,
                self.name,
                Status.WARN,
                observed,
                f"Normal right after registration (up to 12 hours): re-check after {when} with "
                "`orchestrate status`.",
            )
        return CheckResult(
            ctx.node,
            self.name,
            Status.FAIL,
            observed,
            "Repair the registration (`orchestrate repair -i INVENTORY`): it restores the HCI "
            "resource provider's 'Azure Connected Machine Resource Manager' role on the Arc "
            "resource group (seeds/000).",
        )

    def _portal_state(self, ctx: NodeCheckContext) -> str | None:
        connector = ctx.connector
        if connector is None or connector.inventory is None or connector.inventory.azure is None:
            return None  # no Azure to ask: the node's own view only
        target = HciTarget.of(connector.inventory)
        try:
            settings = connector.azure().arc_settings(target.resource_group, target.resource_name)
        except AzureError as error:
            return f"unknown ({error.code})"
        for detail in ((settings or {}).get("properties") or {}).get("perNodeDetails") or []:
            if str(detail.get("name", "")).lower() == ctx.node.lower():
                return str(detail.get("state"))
        return "Not Installed"
