"""Enable an event-log channel (wevtutil gl / sl), only when the run asks for it."""

from __future__ import annotations

import attrs

from orchestrator.engine.spec import Change, StepContext
from orchestrator.errors import RemoteCommandError
from orchestrator.transport.base import Command


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
        result = ctx.session.run(Command.tool("wevtutil.exe", "sl", self.channel, "/e:true"))
        if result.failed:
            raise RemoteCommandError(
                ctx.node,
                f"wevtutil.exe sl {self.channel} /e:true",
                " ".join(map(str, result.output)),
                exit_code=result.exit_code,
            )
