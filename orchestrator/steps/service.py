"""Ensure a Windows service is running (Get-Service, then Start-Service)."""

from __future__ import annotations

import attrs

from orchestrator.engine.runner import NeedsOperator
from orchestrator.engine.spec import Change, StepContext
from orchestrator.errors import RemoteCommandError
from orchestrator.transport.base import Command


@attrs.frozen
class EnsureServiceRunning:
    service: str
    version: int = 1

    @property
    def id(self) -> str:
        return f"start_{self.service.lower()}"

    @property
    def title(self) -> str:
        return f"{self.service} running"

    def check(self, ctx: StepContext) -> Change:
        result = ctx.session.run(Command.cmdlet("Get-Service", Name=self.service))
        if result.errors:
            # Not installed: starting cannot fix that; a person must repair the OS components.
            raise NeedsOperator(f"{ctx.node}: {result.errors[0].message}")
        status = str(result.first.get("Status")) if isinstance(result.first, dict) else "unknown"
        if status == "Running":
            return Change.no_op(f"{self.service} is running", current=status)
        return Change.change(status, "Running", f"{self.service} is {status.lower()}")

    def apply(self, ctx: StepContext, change: Change) -> None:
        result = ctx.session.run(Command.cmdlet("Start-Service", Name=self.service))
        if result.failed:
            message = result.errors[0].message if result.errors else f"exit {result.exit_code}"
            fqid = result.errors[0].fully_qualified_error_id if result.errors else None
            raise RemoteCommandError(
                ctx.node, "Start-Service", message, fully_qualified_error_id=fqid
            )
