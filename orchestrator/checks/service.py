"""Is a Windows service running on the node (hcisvc, himds)?"""

from __future__ import annotations

import attrs

from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.transport.base import Command

# Why each service matters, so the remediation explains the failure it prevents.
CONSEQUENCES = {
    "hcisvc": (
        "a stopped hcisvc makes Register-AzStackHCI fail with \"Couldn't generate self-signed "
        'certificate on node(s) ..." (troubleshooting guide, seeds/000)'
    ),
    "himds": (
        "the Arc agent cannot reach Azure without himds (azcmagent AZCM0061/AZCM0064, seeds/002)"
    ),
}


@attrs.frozen
class ServiceRunningCheck:
    """The Windows service is installed and running (Get-Service)."""

    service: str

    @property
    def name(self) -> str:
        return f"service:{self.service}"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        result = ctx.session.run(Command.cmdlet("Get-Service", Name=self.service))
        why = CONSEQUENCES.get(self.service, "a flow needs it")
        if result.errors:
            return CheckResult(
                ctx.node,
                self.name,
                Status.FAIL,
                result.errors[0].message,
                f"The service {self.service} is not installed on {ctx.node}; install or repair the "
                f"Azure Stack HCI operating system components ({why}).",
            )
        status = str(result.first.get("Status")) if isinstance(result.first, dict) else "unknown"
        if status == "Running":
            return CheckResult(ctx.node, self.name, Status.PASS, status)
        return CheckResult(
            ctx.node,
            self.name,
            Status.FAIL,
            status,
            f"Start it on {ctx.node}: `Start-Service -Name {self.service}` (then `sc.exe query "
            f"{self.service}` shows RUNNING), or `orchestrate prepare` for every node; {why}.",
        )
