"""Resynchronise a node's clock when it is too far from ours (w32tm /resync /force)."""

from __future__ import annotations

import attrs

from orchestrator.checks.clock import measure_skew
from orchestrator.engine.spec import Change, StepContext
from orchestrator.errors import RemoteCommandError
from orchestrator.transport.base import Command


@attrs.frozen
class ResyncClock:
    """Acts only beyond the fail threshold (option `clock_fail_s`, default 300 s): the point
    where Kerberos and Azure AD token signing break (checks/clock.py)."""

    id: str = "resync_clock"
    version: int = 1
    title: str = "clock in sync"

    def check(self, ctx: StepContext) -> Change:
        threshold = float(ctx.option("clock_fail_s", 300.0) or 300.0)
        skew = measure_skew(ctx.node, ctx.session, ctx.controller_clock)
        if abs(skew) <= threshold:
            return Change.no_op(f"skew within {threshold:g} s", current=f"{skew:+.1f} s")
        return Change.change(f"{skew:+.1f} s", "+0.0 s", f"skew beyond {threshold:g} s")

    def apply(self, ctx: StepContext, change: Change) -> None:
        result = ctx.session.run(Command.tool("w32tm.exe", "/resync", "/force"))
        if result.failed:
            raise RemoteCommandError(
                ctx.node,
                "w32tm.exe /resync /force",
                " ".join(map(str, result.output)),
                exit_code=result.exit_code,
            )
