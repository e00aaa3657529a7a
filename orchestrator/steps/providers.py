"""The resource providers registration relies on are registered (SCENARIOS.md A8).

Register-AzStackHCI registers Microsoft.AzureStackHCI itself, and HybridCompute and
GuestConfiguration (and HybridConnectivity in AzureCloud) only "if allowed", logging a warning
otherwise (facts §1.5; Register-ArcForServers in stackhci.ps1); registering them all first makes
that failure impossible once the pre-check has shown the caller may.

Registration is asynchronous in Azure (the provider reads `Registering` for a while): the
control plane's `register_provider` waits, bounded, until it reads `Registered`
(orchestrator/azure/waits.py), so the cmdlet never meets a half-registered provider.
"""

from __future__ import annotations

import attrs

from orchestrator.checks.azure import providers_for
from orchestrator.engine.spec import Change, StepContext


@attrs.frozen
class EnsureResourceProviders:
    id: str = "resource_providers"
    version: int = 1
    title: str = "resource providers registered"

    def _pending(self, ctx: StepContext) -> list[str]:
        plane = ctx.run.azure()
        inventory = ctx.run.inventory
        assert inventory is not None, "a connector made by connect() knows its inventory"
        wanted = providers_for(inventory.require_azure().cloud)
        return [ns for ns in wanted if plane.provider_state(ns) != "Registered"]

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
