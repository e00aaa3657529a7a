"""Is the node's Arc agent connected, or disconnected, as a flow wants it (azcmagent show -j)?"""

from __future__ import annotations

import attrs

from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.errors import RemoteCommandError
from orchestrator.facts import read_arc_agent
from orchestrator.transport.base import Command


@attrs.frozen
class ArcAgentStatusCheck:
    """`want="Connected"` after onboarding, `"Disconnected"` after offboarding."""

    want: str

    @property
    def name(self) -> str:
        return f"arc-agent:{self.want.lower()}"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        try:
            agent = read_arc_agent(ctx.session)
        except RemoteCommandError as error:
            return CheckResult(
                ctx.node,
                self.name,
                Status.FAIL,
                error.message,
                "Install the Azure Connected Machine agent on the node (azcmagent).",
            )
        observed = agent.status + (f" ({agent.resource_id})" if agent.resource_id else "")
        if agent.status.lower() == self.want.lower():
            return CheckResult(ctx.node, self.name, Status.PASS, observed)
        return CheckResult(
            ctx.node,
            self.name,
            Status.FAIL,
            observed,
            "Read `azcmagent show` and the agent log on the node; `orchestrate diagnose` "
            "explains its AZCM codes.",
        )


@attrs.frozen
class ArcAgentInstalledCheck:
    """The Azure Connected Machine agent is installed (`azcmagent version` answers)."""

    name: str = "arc-agent:installed"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        result = ctx.session.run(Command.tool("azcmagent", "version"))
        text = " ".join(str(line) for line in result.output).strip()
        if not result.failed and text:
            return CheckResult(ctx.node, self.name, Status.PASS, text)
        observed = result.errors[0].message if result.errors else text or "no answer"
        return CheckResult(
            ctx.node,
            self.name,
            Status.FAIL,
            observed,
            "Install the Azure Connected Machine agent on the node (the Windows installer "
            "package from the Azure Arc onboarding page), then run the flow again.",
        )
