"""Calls that go on after the controller stops waiting: the lab's model of a long-running
one-shot cmdlet and of the marker file its pipeline holds open while it runs.

The controller runs a one-shot cmdlet as `<cmdlet> | Export-Clixml -LiteralPath <marker>
-NoClobber`, then `Import-Clixml` and `Remove-Item` of the marker in the same invocation
(`Command.marker`; orchestrator/steps/one_shot.py). On a real node, PowerShell calls
BeginProcessing of every command of a pipeline before the first command's end block runs
(PowerShell/PowerShell `PipelineProcessor`: all `DoBegin()` first), and Export-Clixml's
BeginProcessing opens the file (`ExportClixmlCommand.BeginProcessing` -> `CreateFileStream` ->
`PathUtils.MasterStreamOpen` with `FileShare.Read` when -Force is not given): the file exists
and cannot be deleted ("being used by another process", `RemoveFileSystemItemIOError`) until
the pipeline ends or its host process dies, when the kernel closes the handle.

The lab plays that: `begin` creates the marker, locked; the call's effect lands when it
finishes (`NodeFaults.call_seconds`, virtual seconds in process, real seconds over the wire);
`finish_due` (from `LabWorld.settle`) finishes calls whose time has come, whether or not
anyone still waits for them, and unlocks their marker. In-flight calls live in the world's
memory only, like the node process that runs them: a lab reloaded from a snapshot has none.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import attrs

from orchestrator.transport.base import Command, CommandResult, ErrorRecord

if TYPE_CHECKING:
    from orchestrator.lab.host import LabHost
    from orchestrator.lab.world import LabNode, LabWorld


def error(message: str, fqid: str, category: str) -> CommandResult:
    return CommandResult(errors=[ErrorRecord(message, fqid, category)])


@attrs.define
class InFlight:
    node: str
    marker: str
    command: Command
    started_at: datetime
    finishes_at: datetime
    host: LabHost
    # The controller stopped waiting (killed, connection broken): the rest of the invocation
    # (Import-Clixml, Remove-Item of the marker) still runs on the node when the call ends.
    abandoned: bool = False


def _key(node: str, path: str) -> tuple[str, str]:
    return node.lower(), path.lower()


def call_seconds(node: LabNode, command: Command) -> float:
    """How long this call runs on the node (the `call_seconds` knob; instant by default)."""
    seconds = node.faults.call_seconds
    if command.native and command.arguments:
        # azcmagent connect / disconnect: "azcmagent connect" before "azcmagent"
        both = f"{command.name} {command.arguments[0]}".lower()
        if both in seconds:
            return seconds[both]
    return seconds.get(command.name.lower(), 0.0)


def is_locked(world: LabWorld, node: LabNode, path: str) -> bool:
    return _key(node.name, path) in world.locked_files


def begin(
    world: LabWorld, node: LabNode, command: Command, host: LabHost
) -> InFlight | CommandResult:
    """The pipeline starts: Export-Clixml opens the marker (-NoClobber: refused if it exists),
    then the cmdlet runs until its time is up."""
    from orchestrator.lab.world import LabFile

    marker = command.marker or ""
    if any(p.lower() == marker.lower() for p in node.files):
        return error(
            f"The file '{marker}' already exists.",
            "NoClobber,Microsoft.PowerShell.Commands.ExportClixmlCommand",
            "ResourceExists",
        )
    now = world.now()
    node.files[marker] = LabFile("", world.node_time(node))
    world.locked_files.add(_key(node.name, marker))
    call = InFlight(
        node.name,
        marker,
        attrs.evolve(command, marker=None),
        now,
        now + timedelta(seconds=call_seconds(node, command)),
        host,
    )
    world.in_flight.append(call)
    return call


def finish_due(world: LabWorld) -> None:
    """Finish every call whose time has come: its effect lands, its output goes into the
    marker, the handle closes; for a call nobody waits for any more, the rest of its
    invocation removes the marker. Called by settle(), under the world's lock."""
    from orchestrator.lab.handlers import not_recognized
    from orchestrator.lab.host import hosted
    from orchestrator.lab.surface import HANDLERS  # (imports every handler module)

    now = world.now()
    for call in [c for c in world.in_flight if c.finishes_at <= now]:
        world.changed()  # its effect lands, also during a read-only command (WorldLock)
        world.in_flight.remove(call)
        node = world.node(call.node)
        handler = HANDLERS.get(call.command.name.lower())
        key = _key(call.node, call.marker)
        world.locked_files.discard(key)
        try:
            with hosted(call.host):
                result = (
                    handler(world, node, call.command)
                    if handler
                    else not_recognized(call.command.name)
                )
        except Exception as stopped:  # a prompt the host declined stops the pipeline
            world.failed_calls[key] = stopped
            continue
        found = next((p for p in node.files if p.lower() == call.marker.lower()), None)
        if call.abandoned:
            if found is not None:
                del node.files[found]  # the invocation's Remove-Item, on the node
            continue
        world.finished_calls[key] = result
        if found is not None:
            node.files[found].content = json.dumps(list(result.output), default=str)


def run_held(
    world: LabWorld,
    node: LabNode,
    command: Command,
    *,
    wait: Callable[[float], None],
    host: LabHost,
    on_started: Callable[[], None] | None = None,
) -> CommandResult:
    """Run a marker-holding call and wait for it. `on_started` runs once the call is under
    way on the node: if it raises (the controller died, the connection broke), the call goes
    on by itself and finishes at its time."""
    # settle(node), like every other command (issue 16.6): a full settle here made each
    # one-shot call cost O(nodes), arc-onboard O(nodes^2); time standing still, the other
    # nodes have nothing due (LabWorld.settle), and a time step still settles them all.
    with world.lock:
        world.settle(node)
        started = begin(world, node, command, host)
    if isinstance(started, CommandResult):
        return started
    if on_started is not None:
        try:
            on_started()
        except BaseException:
            with world.lock:
                started.abandoned = True
            raise
    key = _key(node.name, started.marker)
    while True:
        with world.lock:
            world.settle(node)
            failure = world.failed_calls.pop(key, None)
            if failure is not None:
                raise failure
            result = world.finished_calls.get(key)
            if result is not None:
                return result
            remaining = (started.finishes_at - world.now()).total_seconds()
        wait(max(remaining, 0.001))


def imported(world: LabWorld, node: LabNode, path: str) -> CommandResult | None:
    """Import-Clixml of a marker: what the finished call wrote (None: not a marker)."""
    return world.finished_calls.get(_key(node.name, path))


def forget(world: LabWorld, node: LabNode, path: str) -> None:
    """The marker was removed: nothing more to import from it."""
    world.finished_calls.pop(_key(node.name, path), None)


def in_use(path: str) -> CommandResult:
    """Remove-Item of a file a running pipeline holds open (FileSystemProvider's
    RemoveFileSystemItemIOError wrapping the IOException)."""
    return error(
        f"Cannot remove item {path}: The process cannot access the file '{path}' because it "
        "is being used by another process.",
        "RemoveFileSystemItemIOError,Microsoft.PowerShell.Commands.RemoveItemCommand",
        "WriteError",
    )
