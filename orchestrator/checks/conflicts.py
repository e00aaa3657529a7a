"""Conflicts with what already exists: registered elsewhere, an Arc machine name owned by another
cluster, a node's agent connected to another subscription. Each would make Register-AzStackHCI
fail half-way (9107/9128, 9105 and WacErrorCode 2 in facts §1.2 steps 9, 15, 17)."""

from __future__ import annotations

from typing import Literal

import attrs

from orchestrator.azure.hci_target import HciTarget
from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.errors import AzureError, RemoteCommandError, TransportError
from orchestrator.facts.hci import read_arc_agent, read_registration
from orchestrator.transport.factory import Connector

Expect = Literal["unregistered-or-same", "same"]


def _target(connector: Connector | None) -> HciTarget | None:
    if connector is None or connector.inventory is None or connector.inventory.azure is None:
        return None
    return HciTarget.of(connector.inventory)


@attrs.frozen
class RegistrationTargetCheck:
    """`Get-AzureStackHCI` on the entry node against the inventory's target (once per run).

    `unregistered-or-same` (register): registered elsewhere fails. `same` (repair): it must be
    registered, and to this target."""

    expect: Expect = "unregistered-or-same"
    name: str = "registration-target"

    def evaluate(self, connector: Connector) -> list[CheckResult]:
        target = _target(connector)
        assert target is not None, "cluster checks of a flow that talks to Azure"
        entry = connector.entry_node
        try:
            # Its own session: the run's session to the entry node is busy with that node's
            # pre-checks at the same time, and waiting for them would put this read on the
            # node's chain (issue 16.1: the Azure checks run beside the node checks).
            session = connector.open_aside(entry)
            try:
                registration = read_registration(session)
            finally:
                session.close()
        except (TransportError, RemoteCommandError) as error:
            return [
                CheckResult(
                    entry,
                    self.name,
                    Status.SKIPPED,
                    f"could not read the registration: {error}",
                )
            ]
        if not registration.registered:
            if self.expect == "same":
                return [
                    CheckResult(
                        entry,
                        self.name,
                        Status.FAIL,
                        f"not registered ({registration.status})",
                        "There is no registration to repair (Register-AzStackHCI -RepairRegistration "
                        "would fail with 9101): register the cluster with `orchestrate register`.",
                    )
                ]
            return [CheckResult(entry, self.name, Status.PASS, "not registered yet")]
        differences = target.differences(registration)
        if not differences:
            return [
                CheckResult(
                    entry,
                    self.name,
                    Status.PASS,
                    f"{registration.status} as {registration.resource_uri}",
                )
            ]
        return [
            CheckResult(
                entry,
                self.name,
                Status.FAIL,
                "registered elsewhere: " + "; ".join(differences),
                f"The cluster is registered as {registration.resource_uri}. Put those values "
                "in the inventory (azure.subscription_id, resource_group, resource_name, and the "
                "cloud and tenant that subscription is in), or unregister it with exactly those "
                "values first (`orchestrate unregister` with an inventory that names them).",
            )
        ]


@attrs.frozen
class ArcAgentConflictCheck:
    """`azcmagent show -j`: a connected agent must belong to this cluster's Arc machine."""

    name: str = "arc-agent"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        target = _target(ctx.connector)
        if target is None:
            return CheckResult(ctx.node, self.name, Status.SKIPPED, "no azure target")
        agent = read_arc_agent(ctx.session)
        if not agent.connected:
            return CheckResult(ctx.node, self.name, Status.PASS, f"agent {agent.status}")
        expected = target.machine_id(ctx.node)
        if (agent.resource_id or "").lower() == expected.lower():
            return CheckResult(ctx.node, self.name, Status.PASS, "connected as this cluster's node")
        return CheckResult(
            ctx.node,
            self.name,
            Status.FAIL,
            f"connected elsewhere: {agent.resource_id} (subscription {agent.subscription_id})",
            f"The Arc agent on {ctx.node} is connected to another resource, so registration "
            f"cannot Arc-enable it. If that machine resource is stale, disconnect the agent "
            f"(`azcmagent disconnect`, or `orchestrate arc-cleanup --limit {ctx.node}`); if it is "
            "in use elsewhere, this node belongs to another deployment.",
        )


@attrs.frozen
class ArcMachineClashCheck:
    """An Arc machine named like the node in the Arc group must be this cluster's (or absent)."""

    name: str = "arc-machine-name"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        target = _target(ctx.connector)
        if target is None or ctx.connector is None:
            return CheckResult(ctx.node, self.name, Status.SKIPPED, "no azure target")
        try:
            machine = ctx.connector.azure().arc_machine(target.arc_resource_group, ctx.node)
        except AzureError as error:
            return CheckResult(
                ctx.node,
                self.name,
                Status.FAIL,
                f"{error.code}: {error.message}",
                "The Azure read behind this check failed; fix the cause shown and re-run.",
            )
        if machine is None:
            return CheckResult(ctx.node, self.name, Status.PASS, "no machine with this name")
        parent = str((machine.get("properties") or {}).get("parentClusterResourceId") or "")
        if not parent or parent.lower() == target.cluster_id.lower():
            return CheckResult(ctx.node, self.name, Status.PASS, "machine is this cluster's")
        return CheckResult(
            ctx.node,
            self.name,
            Status.FAIL,
            f"{target.arc_resource_group}/{ctx.node} belongs to {parent}",
            f"An Arc machine named {ctx.node} in {target.arc_resource_group} belongs to another "
            "cluster (registration would fail with 9105). Use another Arc resource group "
            "(azure.arc_resource_group), or, only if it is stale and yours, delete it first.",
        )
