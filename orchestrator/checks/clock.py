"""Is the node's clock close to the controller's UTC?

No threshold is documented for HCI registration; 300 s is the Kerberos default tolerance and
the point where token signing fails (AADSTS700027 / AADSTS80013, seeds/000), 60 s is an early
warning. Both are configurable.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import attrs

from orchestrator.checks.base import CheckResult, NodeCheckContext, Status
from orchestrator.errors import RemoteCommandError
from orchestrator.timestamps import parse_utc
from orchestrator.transport.base import Command, NodeSession

REMEDIATION = (
    "Synchronise the clock of {node} with a reliable time source (`w32tm /resync`, and check "
    "`w32tm /query /status` for its source: the domain hierarchy or time.windows.com, UDP 123). "
    "A skew beyond a few minutes breaks Kerberos and Azure AD token signing during registration "
    "(AADSTS700027 'The key used is expired', AADSTS80013 time skew). `orchestrate prepare` "
    "resyncs every node that is off."
)


def measure_skew(
    node: str, session: NodeSession, controller_clock: Callable[[], datetime]
) -> float:
    """Seconds the node's clock is ahead of ours (negative: behind)."""
    before = controller_clock()
    result = session.run(Command.cmdlet("Get-Date", Format="o"))
    after = controller_clock()
    if result.failed or not result.output:
        message = result.errors[0].message if result.errors else "no time returned"
        raise RemoteCommandError(node, "Get-Date", message)
    try:
        node_time = parse_utc(result.first)
    except ValueError:
        raise RemoteCommandError(node, "Get-Date", f"not a timestamp: {result.first!r}") from None
    # The midpoint of the round trip is the best estimate of when the node read its clock.
    controller_time = before + (after - before) / 2
    return (node_time - controller_time).total_seconds()


def _positive(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value <= 0:
        raise ValueError(f"{attribute.name} must be a positive number of seconds")


@attrs.frozen
class ClockSkewCheck:
    """The node's clock is within the thresholds of the controller's UTC (A5, C11)."""

    warn_after_s: float = attrs.field(default=60.0, validator=_positive)
    fail_after_s: float = attrs.field(default=300.0, validator=_positive)
    name: str = "clock-skew"

    def __attrs_post_init__(self) -> None:
        if self.warn_after_s > self.fail_after_s:
            raise ValueError("the warning threshold must not exceed the failure threshold")

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        skew = measure_skew(ctx.node, ctx.session, ctx.controller_clock)
        observed = f"{skew:+.1f} s"
        if abs(skew) > self.fail_after_s:
            status = Status.FAIL
        elif abs(skew) > self.warn_after_s:
            status = Status.WARN
        else:
            return CheckResult(ctx.node, self.name, Status.PASS, observed)
        return CheckResult(ctx.node, self.name, status, observed, REMEDIATION.format(node=ctx.node))


# Microsoft's Azure Local install page (MicrosoftDocs/azure-stack-docs
# azure-local/deploy/deployment-install-os.md @ c65f670bc9bf, ms.date 05/29/2025, "Configure the
# operating system using SConfig", step 2): "Configure a valid time server on each machine.
# Validate that your machine is not using the local CMOS clock as a time source, using the
# following command: w32tm /query /status". The time zone is not prescribed: the Configurator
# app only says "Select a time zone" (deployment-without-azure-arc-gateway.md @ 75b24b25).
TIME_SOURCE_FIX = (
    "Configure a valid time server on {node}, as Microsoft's Azure Local install page says: "
    '`w32tm /config /manualpeerlist:"ntpserver.contoso.com" /syncfromflags:manual /update` '
    "(your NTP server; UDP 123 open to it), then confirm with `w32tm /query /status` that the "
    "source is that server. Once the machine is domain joined it syncs from the PDC emulator."
)
_NO_TIME_SERVER = "local cmos clock"


@attrs.frozen
class TimeSourceCheck:
    """The node takes its time from a time server, not its local CMOS clock (`w32tm /query
    /status`, as Microsoft's Azure Local install page checks it)."""

    name: str = "time-source"

    def evaluate(self, ctx: NodeCheckContext) -> CheckResult:
        result = ctx.session.run(Command.tool("w32tm.exe", "/query", "/status"))
        lines = [str(line).strip() for line in result.output]
        if result.failed:
            raise RemoteCommandError(
                ctx.node, "w32tm.exe /query /status", " ".join(lines), exit_code=result.exit_code
            )
        source = next((line for line in lines if line.lower().startswith("source:")), None)
        if source is None:  # w32tm prints localized field names; only English is read
            return CheckResult(
                ctx.node,
                self.name,
                Status.WARN,
                "no 'Source:' line in w32tm /query /status",
                "Check the time source by hand: " + TIME_SOURCE_FIX.format(node=ctx.node),
            )
        if source.split(":", 1)[1].strip().lower() == _NO_TIME_SERVER:
            return CheckResult(
                ctx.node, self.name, Status.FAIL, source, TIME_SOURCE_FIX.format(node=ctx.node)
            )
        return CheckResult(ctx.node, self.name, Status.PASS, source)
