"""The PSRP side of one WinRM shell: a psrpcore runspace pool, its outboxes, and pipelines
that run the lab's cmdlet surface.

psrpcore does fragments, CLIXML and the state machines; this module feeds it the bytes that
arrived over WS-Management, turns each CreatePipeline into lab `Command`s, and queues what the
lab answered. Pipelines run synchronously while the Command request is handled (the lab is
instant), so a dropped response *after* a command still leaves its effect behind, as on a
real node.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import psrpcore
from psrpcore.types import PSInvocationState

from orchestrator.lab.emulator import objects
from orchestrator.lab.emulator.soap import OPERATION_TIMED_OUT, SoapFault
from orchestrator.transport.base import Command, CommandResult, ErrorRecord, Hashtable

Execute = Callable[[Command], CommandResult]
log = logging.getLogger(__name__)

# Executables are told apart from cmdlets by name, as PowerShell's command discovery does.
_NATIVE_NAMES = ("azcmagent",)


def is_native(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith(".exe") or lowered in _NATIVE_NAMES


class PipelineFailed(Exception):
    """A terminating error: the pipeline ends in state Failed with this record."""

    def __init__(self, record: ErrorRecord) -> None:
        super().__init__(record.message)
        self.record = record


def _crashed(error: Exception) -> PipelineFailed:
    # A bug in a lab handler fails that pipeline loudly instead of killing the connection.
    log.error("lab handler failed", exc_info=error)
    return PipelineFailed(
        ErrorRecord(f"lab handler failed: {error!r}", "LabHandlerError", "NotSpecified")
    )


def _value(raw: Any) -> Any:
    # psrpcore hands parameters over as its own primitive subclasses; a switch arrives as None.
    if raw is None:
        return True
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int):
        return int(raw)
    if isinstance(raw, float):
        return float(raw)
    if isinstance(raw, list | tuple):
        return tuple(str(v) for v in raw)
    if isinstance(raw, dict):  # a hashtable (-Headers @{...})
        return Hashtable.of(raw)
    return str(raw)


def to_command(cmd: psrpcore.Command) -> Command:
    if cmd.is_script:
        raise PipelineFailed(
            ErrorRecord(
                "The lab emulator does not run script text; build commands with "
                "add_cmdlet/add_parameter/add_argument.",
                "ScriptNotSupported",
                "NotImplemented",
            )
        )
    parameters = [(name, _value(v)) for name, v in cmd.parameters if name is not None]
    arguments = [str(v) for name, v in cmd.parameters if name is None]
    return Command(
        name=cmd.command_text,
        parameters=tuple(parameters),
        arguments=arguments,
        native=is_native(cmd.command_text),
    )


def statements(commands: list[psrpcore.Command]) -> list[list[psrpcore.Command]]:
    groups: list[list[psrpcore.Command]] = [[]]
    for cmd in commands:
        groups[-1].append(cmd)
        if cmd.end_of_statement:
            groups.append([])
    return [g for g in groups if g]


class Shell:
    """One runspace pool. Every psrpcore call happens under `lock` (psrpcore is not
    thread-safe); `changed` wakes long-polling Receives."""

    def __init__(self, shell_id: str, resource_uri: str, journal: list[Command]) -> None:
        self.id = shell_id
        self.journal = journal  # every command run, in order (the endpoint's record)
        self.resource_uri = resource_uri
        self.pool = psrpcore.ServerRunspacePool()
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.outbox: dict[uuid.UUID | None, bytearray] = {None: bytearray()}
        self.finished: set[uuid.UUID] = set()
        # The session's variables that the emulator knows: $LASTEXITCODE after a native tool.
        self.variables: dict[str, Any] = {}

    def feed(
        self, data: bytes, pipeline_id: uuid.UUID | None
    ) -> list[psrpcore.PSRPEvent[Any, Any]]:
        with self.lock:
            self.pool.receive_data(
                psrpcore.PSRPPayload(data, psrpcore.StreamType.default, pipeline_id)
            )
            events = []
            while (event := self.pool.next_event()) is not None:
                events.append(event)
            self._pump()
            return events

    def new_pipeline(self, pipeline_id: uuid.UUID) -> psrpcore.ServerPipeline:
        # It must exist before its CreatePipeline fragment is fed (psrpcore looks it up).
        with self.lock:
            return psrpcore.ServerPipeline(self.pool, pipeline_id)

    def _pump(self) -> None:
        while (payload := self.pool.data_to_send()) is not None:
            self.outbox.setdefault(payload.pipeline_id, bytearray()).extend(payload.data)
        self.changed.notify_all()

    def take(self, target: uuid.UUID | None, timeout_s: float) -> tuple[bytes, bool]:
        """Long-poll for what is queued for the pool or one pipeline: (data, pipeline done)."""
        deadline = time.monotonic() + timeout_s
        with self.changed:
            while True:
                queued = self.outbox.get(target)
                done = target is not None and target in self.finished
                if queued or done:
                    data = bytes(queued or b"")
                    if queued:
                        queued.clear()
                    return data, done
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise SoapFault(
                        OPERATION_TIMED_OUT,
                        "w:TimedOut",
                        "The WS-Management service cannot complete the operation within the "
                        "time specified in OperationTimeout.",
                    )
                self.changed.wait(remaining)

    def run(self, pipe: psrpcore.ServerPipeline, ps: psrpcore.PowerShell, execute: Execute) -> None:
        with self.lock:
            pipe.start()
            try:
                for statement in statements(ps.commands):
                    self._run_statement(pipe, statement, execute)
                pipe.complete()
            except Exception as error:
                failure = error if isinstance(error, PipelineFailed) else _crashed(error)
                name = ps.commands[0].command_text if ps.commands else ""
                # psrpcore 0.3.1 has no public way to fail a pipeline; this is the only
                # private call in the emulator.
                pipe._change_state(
                    PSInvocationState.Failed, objects.terminating_record(failure.record, name)
                )
            self.finished.add(pipe.pipeline_id)
            self._pump()

    def _run_statement(
        self, pipe: psrpcore.ServerPipeline, statement: list[psrpcore.Command], execute: Execute
    ) -> None:
        if len(statement) > 1:
            raise PipelineFailed(
                ErrorRecord(
                    "The lab emulator runs one command per statement; pipe on the controller.",
                    "PipelineNotSupported",
                    "NotImplemented",
                )
            )
        command = to_command(statement[0])
        self.journal.append(command)
        result = self._session_command(command) or execute(command)
        for item in result.output:
            pipe.write_output(objects.to_wire(item, command.name))
        for record in result.errors:
            pipe.write_error(**objects.error_parts(record, command.name))
        if command.native and result.exit_code is not None:
            # Only a tool that actually ran sets it (not one that was not found).
            self.variables["LASTEXITCODE"] = result.exit_code

    def _session_command(self, command: Command) -> CommandResult | None:
        """Commands about the session itself rather than the node (`Get-Variable`)."""
        if command.name.lower() != "get-variable":
            return None
        name = str(command.param("Name") or (command.arguments or ("",))[0])
        if name in self.variables:
            value = self.variables[name]
            return CommandResult(output=[value] if command.param("ValueOnly") else [{name: value}])
        # PowerShell's text and id for an undefined variable.
        return CommandResult(
            errors=[
                ErrorRecord(
                    f"Cannot find a variable with the name '{name}'.",
                    "VariableNotFound,Microsoft.PowerShell.Commands.GetVariableCommand",
                    "ObjectNotFound",
                )
            ]
        )
