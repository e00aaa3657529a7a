"""The resource providers registration relies on are registered (SCENARIOS.md A8).

Register-AzStackHCI registers Microsoft.AzureStackHCI itself, and HybridCompute and
GuestConfiguration only "if allowed", logging a warning otherwise (facts §1.5); registering all
three first makes that failure impossible once the pre-check has shown the caller may.
"""

from __future__ import annotations

import attrs

from orchestrator.checks.azure import REQUIRED_PROVIDERS
from orchestrator.engine.spec import Change, StepContext


@attrs.frozen
class EnsureResourceProviders:
    id: str = "resource_providers"
    version: int = 1
    title: str = "resource providers registered"

    def _pending(self, ctx: StepContext) -> list[str]:
        plane = ctx.run.azure()
        return [ns for ns in REQUIRED_PROVIDERS if plane.provider_state(ns) != "Registered"]

    def check(self, ctx: StepContext) -> Change:
        pending = self._pending(ctx)
        if not pending:
            return Change.no_op("all registered", current="Registered")
        return Change.change(
            "NotRegistered: " + ", ".join(pending), "Registered", "needed by registration"
        )

    def apply(self, ctx: StepContext, change: Change) -> None:
        plane = ctx.run.azure()
        for namespace in self._pending(ctx):
            plane.register_provider(namespace)
