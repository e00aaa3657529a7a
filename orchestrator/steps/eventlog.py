"""Event-log channels: read (`wevtutil gl`) and set (`wevtutil sl /q /e:true|false`).

`/q` as the documentation writes it (MicrosoftDocs/azure-stack-docs
azure-stack/hci/deploy/troubleshoot-hci-registration.md: `wevtutil.exe sl /q /e:true
Microsoft-AzureStack-HCI/Debug`): enabling a debug channel clears it, and without /q wevtutil
asks first, which nobody answers in a remote session.
"""

from __future__ import annotations

import attrs

from orchestrator.engine.spec import Change, StepContext
from orchestrator.errors import RemoteCommandError
from orchestrator.transport.base import Command, NodeSession


@attrs.frozen
class EnableEventChannel:
    channel: str
    option: str  # the run option that requests it; unset means "leave the channel alone"
    id: str = "enable_debug_channel"
    version: int = 1

    @property
    def title(self) -> str:
        return f"{self.channel} enabled"

    def _enabled(self, ctx: StepContext) -> bool:
        result = ctx.session.run(Command.tool("wevtutil.exe", "gl", self.channel))
        if result.failed:
            raise RemoteCommandError(
                ctx.node,
                f"wevtutil.exe gl {self.channel}",
                " ".join(map(str, result.output)),
                exit_code=result.exit_code,
            )
        for line in result.output:
            key, _, value = str(line).partition(":")
            if key.strip().lower() == "enabled":
                return value.strip().lower() == "true"
        raise RemoteCommandError(ctx.node, "wevtutil.exe gl", "no 'enabled:' line in the output")

    def check(self, ctx: StepContext) -> Change:
        if not ctx.option(self.option):
            return Change.no_op(f"not requested (--{self.option.replace('_', '-')})")
        if self._enabled(ctx):
            return Change.no_op("already enabled", current="enabled")
        return Change.change("disabled", "enabled", "requested")

    def apply(self, ctx: StepContext, change: Change) -> None:
        set_event_channel(ctx.session, self.channel, enabled=True)


def set_event_channel(session: NodeSession, channel: str, *, enabled: bool) -> None:
    """`wevtutil.exe sl /q /e:<true|false> <channel>`; a failure raises RemoteCommandError."""
    switch = f"/e:{str(enabled).lower()}"
    result = session.run(Command.tool("wevtutil.exe", "sl", "/q", switch, channel))
    if result.failed:
        raise RemoteCommandError(
            session.node,
            f"wevtutil.exe sl /q {switch} {channel}",
            " ".join(map(str, result.output)),
            exit_code=result.exit_code,
        )
