"""Can we open a PowerShell Remoting session to the node and run a command there?"""

from __future__ import annotations

import attrs

from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.errors import NodeUnreachable, RemoteCommandError, TransportError
from orchestrator.transport.base import Command

REMEDIATION = (
    "Make the node reachable over WinRM from this host: check that it is powered on, that its "
    "name resolves, that WinRM listens on the configured port (winrm quickconfig / "
    "Enable-PSRemoting) and that the firewall allows it; then run `New-PSSession -ComputerName "
    "{host}` from here to confirm. Nothing is changed in Azure until every node passes."
)


@attrs.frozen
class ReachabilityCheck:
    """The node answers over PowerShell Remoting (A2).

    Runs a harmless query; the session itself is opened by the runner (see `unreachable`)."""

    name: str = "reachability"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        result = ctx.session.run(
            Command.cmdlet("Get-CimInstance", ClassName="Win32_OperatingSystem")
        )
        if result.failed or not isinstance(result.first, dict):
            message = (
                result.errors[0].message
                if result.errors
                else "no operating system information returned"
            )
            raise RemoteCommandError(ctx.node, "Get-CimInstance", message)
        info = result.first
        observed = f"connected; OS build {info.get('BuildNumber')}"
        return CheckResult(ctx.node, self.name, Status.PASS, observed)

    def unreachable(self, node: str, host: str, error: TransportError) -> CheckResult:
        # The table shows the gist; the full transport text leads the remediation.
        gist = error.message.split(" : ", 1)[-1].split(". ", 1)[0].rstrip(".")
        kind = "unreachable" if isinstance(error, NodeUnreachable) else error.__class__.__name__
        return CheckResult(
            node,
            self.name,
            Status.FAIL,
            f"{kind}: {gist}",
            f"{error.message} {REMEDIATION.format(host=host)}",
        )
