"""Pre-checks against Azure, run once per run from the controller (not per node).

Each reads through an AzureControlPlane and reports a CheckResult whose `node` is the Azure
scope it looked at, so results render in the same table as the node checks.
"""

from __future__ import annotations

import attrs

from orchestrator.azure import rbac
from orchestrator.azure.control_plane import AzureControlPlane
from orchestrator.checks.base import CheckResult, Status
from orchestrator.clouds import clouds
from orchestrator.errors import AzureError
from orchestrator.inventory.models import AzureTarget
from orchestrator.transport.factory import Connector

# Providers Register-AzStackHCI relies on (SCENARIOS.md A8; seeds/001 custom role actions).
REQUIRED_PROVIDERS = (
    "Microsoft.AzureStackHCI",
    "Microsoft.HybridCompute",
    "Microsoft.GuestConfiguration",
)


@attrs.frozen
class AzureCheckContext:
    target: AzureTarget
    plane: AzureControlPlane

    @property
    def scope(self) -> str:
        return f"subscription {self.target.subscription_id}"

    @classmethod
    def of(cls, connector: Connector) -> AzureCheckContext:
        plane = connector.azure()  # raises the "add the azure section" input error when absent
        assert connector.inventory is not None
        assert connector.inventory.azure is not None
        return cls(connector.inventory.azure, plane)


class AzureTargetCheck:
    """Adapts a check of one AzureCheckContext to the engine's ClusterCheck protocol."""

    def evaluate(self, connector: Connector) -> list[CheckResult]:
        return [self.assess(AzureCheckContext.of(connector))]

    def assess(self, ctx: AzureCheckContext) -> CheckResult:
        raise NotImplementedError


def azure_call_failed(check: str, ctx: AzureCheckContext, error: AzureError) -> CheckResult:
    return CheckResult(
        ctx.scope,
        check,
        Status.FAIL,
        f"{error.code}: {error.message}",
        "The Azure call behind this check failed; fix the cause shown, then re-run the pre-checks.",
    )


@attrs.frozen
class PermissionsCheck(AzureTargetCheck):
    """The caller's effective actions cover what registration needs (A7)."""

    name: str = "azure-permissions"

    def assess(self, ctx: AzureCheckContext) -> CheckResult:
        try:
            creates_group = ctx.plane.resource_group(ctx.target.resource_group) is None
            blocks = ctx.plane.permissions(None if creates_group else ctx.target.resource_group)
        except AzureError as error:
            return azure_call_failed(self.name, ctx, error)
        missing = rbac.missing(blocks, rbac.required_actions(create_resource_group=creates_group))
        if not missing:
            return CheckResult(ctx.scope, self.name, Status.PASS, "all required actions allowed")
        why = (
            " (the resource group does not exist yet, so creating it needs write and delete)"
            if creates_group
            else ""
        )
        return CheckResult(
            ctx.scope,
            self.name,
            Status.FAIL,
            "missing: " + ", ".join(missing),
            "Have an administrator assign Owner, or User Access Administrator together with "
            "Contributor, on the subscription; or the custom 'Azure Stack HCI registration role' "
            f"from the registration guide (seeds/001) with these actions{why}.",
        )


@attrs.frozen
class ResourceProvidersCheck(AzureTargetCheck):
    """Microsoft.AzureStackHCI, HybridCompute and GuestConfiguration are registered (A8, D6)."""

    name: str = "resource-providers"
    namespaces: tuple[str, ...] = REQUIRED_PROVIDERS  # Arc onboarding needs fewer

    def assess(self, ctx: AzureCheckContext) -> CheckResult:
        try:
            states = {ns: ctx.plane.provider_state(ns) for ns in self.namespaces}
        except AzureError as error:
            return azure_call_failed(self.name, ctx, error)
        pending = [f"{ns} ({state})" for ns, state in states.items() if state != "Registered"]
        if not pending:
            return CheckResult(ctx.scope, self.name, Status.PASS, "all registered")
        commands = "; ".join(
            f"Register-AzResourceProvider -ProviderNamespace {ns}"
            for ns, s in states.items()
            if s != "Registered"
        )
        return CheckResult(
            ctx.scope,
            self.name,
            Status.FAIL,
            "not registered: " + ", ".join(pending),
            f"Register them (needs the */register/action permissions): {commands}. Otherwise "
            'registration fails with "The subscription is not registered to use namespace ...".',
        )


@attrs.frozen
class RegionAvailableCheck(AzureTargetCheck):
    """Azure Stack HCI offers clusters in the chosen region of this cloud (A9)."""

    name: str = "region"

    def assess(self, ctx: AzureCheckContext) -> CheckResult:
        cloud = clouds()[ctx.target.cloud]
        display = cloud.regions[ctx.target.region]
        try:
            locations = ctx.plane.provider_locations("Microsoft.AzureStackHCI", "clusters")
        except AzureError as error:
            return azure_call_failed(self.name, ctx, error)
        normalised = {loc.replace(" ", "").lower() for loc in locations}
        if ctx.target.region in normalised:
            return CheckResult(ctx.scope, self.name, Status.PASS, f"{display} offered")
        offered = ", ".join(locations) or "none"
        return CheckResult(
            ctx.scope,
            self.name,
            Status.FAIL,
            f"{display} not offered (offered: {offered})",
            f"Choose a region that {ctx.target.cloud} offers for Azure Stack HCI and set azure.region.",
        )
