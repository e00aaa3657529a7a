"""A one-shot call (Register-/Unregister-AzStackHCI, azcmagent connect) is never made again
while an earlier one may still run on the node.

When the controller dies or the connection breaks mid-call, the cmdlet goes on in its
PowerShell host on the node; a check made meanwhile still sees the old state. So each such
call holds a marker on the node for exactly as long as it runs, made by the same remote
pipeline, structurally (no script text):

    <cmdlet> ... | Export-Clixml -LiteralPath <marker> -NoClobber
    Import-Clixml -LiteralPath <marker>        (the call's output, read back)
    Remove-Item -LiteralPath <marker>

PowerShell begins every command of a pipeline before the first one's end block runs
(PowerShell/PowerShell src/System.Management.Automation/engine/pipelineprocessor.cs: the
`DoBegin()` loop), and the functions of Az.StackHCI's stackhci.ps1 have no begin block: their
body is the end block. Export-Clixml opens its file in BeginProcessing
(src/Microsoft.PowerShell.Commands.Utility/commands/utility/CustomSerialization.cs
`ExportClixmlCommand.BeginProcessing` -> `CreateFileStream`) through
`PathUtils.MasterStreamOpen` (src/System.Management.Automation/utils/PathUtils.cs), which
shares it `FileShare.Read` without -Force: while the call runs the file cannot be deleted
(`Remove-Item` fails with `RemoveFileSystemItemIOError`, "being used by another process");
when the pipeline ends, or its host process dies (node reboot, shell closed), the handle is
closed and the file can be removed. -NoClobber refuses an existing file, so the call never
starts without its own marker. The marker's name carries the run, node and step
(`StepContext.call_key`), so a resume finds it.

Before re-checking a one-shot step that may have been interrupted mid-call (in doubt after a
crash, or retried after an error), `await_earlier_calls` lists the step's markers and removes
each one, waiting while it is in use (bounded by the run's wait cap; past it the node parks
for an operator). Only then does the step's check decide, and it calls again only when the first
call is over and did not land.

Residual window (documented in docs/security.md): a pipeline whose request reached the node
but had not yet begun when resume looked. PowerShell begins a pipeline within milliseconds of
receiving it; a resume is seconds later at the earliest.
"""

from __future__ import annotations

import logging
import re
import uuid

import attrs
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from orchestrator.engine.runner import NeedsOperator
from orchestrator.engine.spec import StepContext
from orchestrator.errors import RunWaitExceeded
from orchestrator.transport.base import Command, CommandResult, NodeSession

log = logging.getLogger(__name__)

MARKER_DIR = "C:\\ProgramData\\hci-orchestrator\\InFlight"
MARKER_SUFFIX = ".clixml"
# Register-AzStackHCI takes minutes (certificates on every node, Arc on each): wait for a call
# still running, 60 s apart at most, until the run's wait cap (Connector.wait_cap_s, an hour)
# or this many tries, then ask a person.
WAIT_ATTEMPTS = 130
WAIT_MAX_S = 60.0


class StillRunning(Exception):
    """The marker is in use: the earlier call is still running."""


def _prefix(ctx: StepContext) -> str:
    key = ctx.call_key or f"adhoc.{ctx.node}"
    return re.sub(r"[^\w.-]", "_", key)


def run_one_shot(ctx: StepContext, command: Command, *, folder: str | None = None) -> CommandResult:
    """Run `command` holding a marker on the node for as long as it runs. The marker goes in
    our MARKER_DIR, made first, or in `folder`: one the caller knows exists on the node (it
    has just written a file there), which saves a remote call. `await_earlier_calls` must be
    given the same folder."""
    if folder is None:
        folder = MARKER_DIR
        ctx.session.run(Command.cmdlet("New-Item", ItemType="Directory", Path=folder, Force=True))
    marker = f"{folder}\\{_prefix(ctx)}.{uuid.uuid4().hex[:12]}{MARKER_SUFFIX}"
    result = ctx.session.run(attrs.evolve(command, marker=marker))
    if result.failed:
        # A terminating error ends the invocation before its Remove-Item: the call is over
        # (the pipeline closed the file), so the marker can go now.
        ctx.session.run(Command.cmdlet("Remove-Item", LiteralPath=marker))
    return result


class _HeldSession:
    """A session whose every call holds a marker (for helpers that take a session)."""

    def __init__(self, ctx: StepContext) -> None:
        self.ctx = ctx
        self.node = ctx.node

    def run(self, command: Command) -> CommandResult:
        return run_one_shot(self.ctx, command)

    def close(self) -> None:
        return None


def held(ctx: StepContext) -> NodeSession:
    return _HeldSession(ctx)


def _in_use(result: CommandResult) -> bool:
    return any(
        (e.fully_qualified_error_id or "").startswith("RemoveFileSystemItemIOError")
        for e in result.errors
    )


def await_earlier_calls(ctx: StepContext, *, folder: str = MARKER_DIR) -> list[str]:
    """Wait until no earlier call of this step (this run, this node) runs on the node; return
    the markers found (each one a call that was interrupted, now over). `folder`: where the
    step's `run_one_shot` puts its markers."""
    listing = ctx.session.run(
        Command.cmdlet("Get-ChildItem", LiteralPath=folder, Filter=f"{_prefix(ctx)}.*")
    )
    if listing.failed:
        return []  # no marker folder: no call of ours ever ran here
    found = [str(item["FullName"]) for item in listing.output if isinstance(item, dict)]
    for marker in found:
        _wait_until_over(ctx, marker)
    return found


def _wait_until_over(ctx: StepContext, marker: str) -> None:
    retrying = Retrying(
        retry=retry_if_exception_type(StillRunning),
        wait=wait_exponential(multiplier=2, max=WAIT_MAX_S),
        stop=stop_after_attempt(WAIT_ATTEMPTS),
        sleep=ctx.run.sleep,
        reraise=True,
    )
    try:
        for attempt in retrying:
            with attempt:
                removed = ctx.session.run(Command.cmdlet("Remove-Item", LiteralPath=marker))
                if _in_use(removed):
                    log.info(
                        "%s: an earlier call still runs (%s holds %s); waiting",
                        ctx.node,
                        "its pipeline",
                        marker,
                    )
                    raise StillRunning(marker)
    except (StillRunning, RunWaitExceeded) as error:
        why = f" ({error})" if isinstance(error, RunWaitExceeded) else ""
        raise NeedsOperator(
            f"{ctx.node}: an earlier call of this step is still running on the node (its "
            f"pipeline still holds {marker}) after all the waiting this run may do{why}; "
            "nothing was called again. Look at the node (Get-Process wsmprovhost, the cmdlet's "
            "log), then resume"
        ) from None
