"""Resource providers for a flow that registers them itself when it may (SCENARIOS.md A8).

`ResourceProvidersCheck` (checks/azure.py) fails on any unregistered provider; a flow with a
step that registers providers uses this one instead: an unregistered provider the caller may
register is a warning (the step will do it), one it may not register blocks the run.
"""

from __future__ import annotations

import attrs

from orchestrator.azure import rbac
from orchestrator.checks.azure import (
    AzureCheckContext,
    AzureTargetCheck,
    azure_call_failed,
    providers_for,
)
from orchestrator.checks.base import CheckResult, Status
from orchestrator.errors import AzureError


@attrs.frozen
class ProvidersRegistrableCheck(AzureTargetCheck):
    name: str = "resource-providers"

    def assess(self, ctx: AzureCheckContext) -> CheckResult:
        try:
            pending = [
                ns
                for ns in providers_for(ctx.target.cloud)
                if ctx.plane.provider_state(ns) != "Registered"
            ]
            blocks = ctx.plane.permissions(None) if pending else []
        except AzureError as error:
            return azure_call_failed(self.name, ctx, error)
        if not pending:
            return CheckResult(ctx.scope, self.name, Status.PASS, "all registered")
        denied = [ns for ns in pending if not rbac.allowed(blocks, f"{ns}/register/action")]
        if not denied:
            return CheckResult(
                ctx.scope,
                self.name,
                Status.WARN,
                "not registered: " + ", ".join(pending),
                "The flow registers them before registering the cluster (you may).",
            )
        commands = "; ".join(
            f"Register-AzResourceProvider -ProviderNamespace {ns}" for ns in denied
        )
        return CheckResult(
            ctx.scope,
            self.name,
            Status.FAIL,
            "not registered and not allowed to register: " + ", ".join(denied),
            f"Have someone with the */register/action permission (Owner or Contributor on the "
            f'subscription) run: {commands}. Otherwise registration fails with "The subscription '
            'is not registered to use namespace ..." (seeds/002).',
        )
