"""The machine `https_proxy` on every node, and himds restarted to read it (SCENARIOS.md A11).

seeds/001 "Enabling Azure Arc integration" step 3: set the proxy for the machine
(`setx https_proxy URL /M`) and restart himds, because the Arc agent only reads the proxy when
himds starts. A cluster step: it runs on the entry node and reaches the others with ctx.open.
"""

from __future__ import annotations

import attrs

from orchestrator.engine.spec import Change, StepContext
from orchestrator.facts.hci import read_arc_agent, run_checked
from orchestrator.facts.network import machine_proxy
from orchestrator.transport.base import Command


def _wanted(ctx: StepContext) -> str | None:
    inventory = ctx.run.inventory
    return inventory.cluster.https_proxy if inventory is not None else None


@attrs.frozen
class EnsureMachineProxy:
    """Only when the inventory names a proxy (cluster.https_proxy); otherwise nothing to do."""

    id: str = "machine_proxy"
    version: int = 1
    title: str = "machine https_proxy set and read by himds"

    def _off(self, ctx: StepContext, wanted: str) -> dict[str, str]:
        """node -> what is off: the variable, or only himds not having read it yet."""
        inventory = ctx.run.inventory
        assert inventory is not None
        off: dict[str, str] = {}
        for node in inventory.cluster.nodes:
            session = ctx.open(node.name)
            current = machine_proxy(session)
            if current != wanted:
                off[node.name] = f"https_proxy={current or 'unset'}"
            elif not read_arc_agent(session).https_proxy:
                off[node.name] = "himds not restarted since"
        return off

    def check(self, ctx: StepContext) -> Change:
        wanted = _wanted(ctx)
        if not wanted:
            return Change.no_op("no proxy in the inventory (cluster.https_proxy)")
        off = self._off(ctx, wanted)
        if not off:
            return Change.no_op("set on every node", current=wanted)
        before = ", ".join(f"{node}: {what}" for node, what in off.items())
        return Change.change(before, wanted, "nodes need the proxy for Azure")

    def apply(self, ctx: StepContext, change: Change) -> None:
        wanted = _wanted(ctx)
        assert wanted
        for node, what in self._off(ctx, wanted).items():
            session = ctx.open(node)
            if what.startswith("https_proxy="):
                run_checked(session, Command.tool("setx.exe", "https_proxy", wanted, "/M"))
            run_checked(session, Command.cmdlet("Restart-Service", Name="himds"))
