"""Pre-checks against Azure, run once per run from the controller (not per node).

Each reads through an AzureControlPlane and reports a CheckResult whose `node` is the Azure
scope it looked at, so results render in the same table as the node checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from orchestrator.azure import rbac
from orchestrator.checks.base import CheckResult, Status
from orchestrator.clouds import clouds, normalize_region, region_source
from orchestrator.errors import AzureError
from orchestrator.inventory.models import AzureTarget
from orchestrator.transport.factory import Connector

if TYPE_CHECKING:  # a type only: importing it loads azure-core (start-up, issue 15.16)
    from orchestrator.azure.control_plane import AzureControlPlane

# Providers Register-AzStackHCI relies on (SCENARIOS.md A8; the custom role's register actions).
REQUIRED_PROVIDERS = (
    "Microsoft.AzureStackHCI",
    "Microsoft.HybridCompute",
    "Microsoft.GuestConfiguration",
)
# Register-ArcForServers registers Microsoft.HybridConnectivity only when the environment is
# AzureCloud (or AzureCanary) (Azure/azure-powershell src/StackHCI/StackHCI.Autorest/custom/
# stackhci.ps1 at 06618c806a1a89a1cc6b7c787f32c5b30d7023f3, Register-ArcForServers).
HYBRID_CONNECTIVITY = "Microsoft.HybridConnectivity"
HCI_NAMESPACE = "Microsoft.AzureStackHCI"


def providers_for(cloud: str) -> tuple[str, ...]:
    """The providers registration needs registered in `cloud`'s subscription."""
    return (
        (*REQUIRED_PROVIDERS, HYBRID_CONNECTIVITY) if cloud == "AzureCloud" else REQUIRED_PROVIDERS
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
    """The resource providers registration needs are registered (A8, D6)."""

    name: str = "resource-providers"
    namespaces: tuple[str, ...] | None = (
        None  # None: providers_for(cloud); Arc onboarding needs fewer
    )

    def assess(self, ctx: AzureCheckContext) -> CheckResult:
        namespaces = self.namespaces or providers_for(ctx.target.cloud)
        try:
            states = {ns: ctx.plane.provider_state(ns) for ns in namespaces}
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
    """Azure Stack HCI offers clusters in the chosen region, as Azure lists it now (A9)."""

    # The locations of Microsoft.AzureStackHCI's `clusters` type, read from
    # `GET /subscriptions/{id}/providers/Microsoft.AzureStackHCI` and compared after
    # Normalize-RegionName, as Validate-RegionName in stackhci.ps1 does. The offline list in
    # clouds.json is used only when Azure cannot be asked (a transient failure, or no
    # `clusters` type in the answer), and the result says so.
    name: str = "region"

    def assess(self, ctx: AzureCheckContext) -> CheckResult:
        cloud = clouds()[ctx.target.cloud]
        region = ctx.target.region
        display = cloud.display(region)
        try:
            locations = ctx.plane.provider_locations(HCI_NAMESPACE, "clusters")
        except AzureError as error:
            if not error.transient:
                return azure_call_failed(self.name, ctx, error)
            return self._offline(ctx, display, f"{error.code}: {error.message}")
        if not locations:
            return self._offline(ctx, display, "the provider lists no locations for clusters")
        if region in {normalize_region(loc) for loc in locations}:
            return CheckResult(ctx.scope, self.name, Status.PASS, f"{display} offered")
        return CheckResult(
            ctx.scope,
            self.name,
            Status.FAIL,
            f"{display} not offered (Azure offers: {', '.join(locations)})",
            f"Choose a region that {ctx.target.cloud} offers for Azure Stack HCI and set "
            "azure.region.",
        )

    def _offline(self, ctx: AzureCheckContext, display: str, why: str) -> CheckResult:
        cloud = clouds()[ctx.target.cloud]
        source = region_source()
        if ctx.target.region in cloud.regions:
            return CheckResult(
                ctx.scope,
                self.name,
                Status.WARN,
                f"{display} offered by {source}; Azure's own list could not be read ({why})",
                "Re-run the pre-checks when Azure answers, to confirm against Azure's list.",
            )
        return CheckResult(
            ctx.scope,
            self.name,
            Status.FAIL,
            f"{display} not in {source}; Azure's own list could not be read ({why})",
            f"Choose one of {', '.join(cloud.regions.values())} for azure.region, or re-run "
            "the pre-checks when Azure answers: the offline list may be out of date.",
        )
