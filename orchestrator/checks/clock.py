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
