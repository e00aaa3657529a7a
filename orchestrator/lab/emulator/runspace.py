"""The PSRP side of one WinRM shell: a psrpcore runspace pool, its outboxes, and pipelines
that run the lab's cmdlet surface.

psrpcore does fragments, CLIXML and the state machines; this module feeds it the bytes that
arrived over WS-Management, turns each CreatePipeline into lab `Command`s, and queues what the
lab answered. A pipeline runs on its own thread; the Command request that started it returns
when it finished or when it waits on the client's host (a prompt), so a dropped response
*after* a command still leaves its effect behind, as on a real node.

The client's host: lab cmdlets write host lines and ask prompts through `WireHost`, which makes
them PSRP pipeline host calls (psrpcore `ServerPipeline.host_call`, MS-PSRP 2.2.2.27) when the
client's HostInfo has a UI, and behaves as PowerShell's InternalHostUserInterface does when it
has none (lines dropped, prompts throw; see lab/host.py). A prompt waits for the client's
PipelineHostResponse, or ends with PipelineStopped when the client signals the pipeline to
stop (pypsrp `PowerShell.stop`: Signal ps_ctrl_c).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import psrpcore
from psrpcore.types import ChoiceDescription, HostMethodIdentifier, PSInvocationState

from orchestrator.lab.emulator import objects
from orchestrator.lab.emulator.pool import LabRunspacePool
from orchestrator.lab.emulator.soap import OPERATION_TIMED_OUT, SoapFault
from orchestrator.lab.host import LabHost, NoHost, PipelineStopped
from orchestrator.transport.base import Command, CommandResult, ErrorRecord, Hashtable
from orchestrator.transport.scripts import by_text

Execute = Callable[[Command, LabHost], CommandResult]
log = logging.getLogger(__name__)

# How long a prompt waits for the client's answer before the pipeline is stopped (a client
# that vanished must not hold the lab world forever).
HOST_ANSWER_TIMEOUT_S = 30.0
_WRITE_METHODS = {
    "output": HostMethodIdentifier.WriteLine2,
    "error": HostMethodIdentifier.WriteErrorLine,
    "warning": HostMethodIdentifier.WriteWarningLine,
    "verbose": HostMethodIdentifier.WriteVerboseLine,
    "debug": HostMethodIdentifier.WriteDebugLine,
}

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
    script = by_text(cmd.command_text) if cmd.is_script else None
    if cmd.is_script and script is None:
        raise PipelineFailed(
            ErrorRecord(
                "The lab emulator does not run script text other than the tool's fixed "
                "scripts (transport/scripts.py); build commands with "
                "add_cmdlet/add_parameter/add_argument.",
                "ScriptNotSupported",
                "NotImplemented",
            )
        )
    parameters = [(name, _value(v)) for name, v in cmd.parameters if name is not None]
    arguments = [str(v) for name, v in cmd.parameters if name is None]
    if script is not None:
        # one of the tool's scripts, its values bound by name: the lab answers it by name
        return Command(
            name=script.name, parameters=tuple(parameters), arguments=arguments, script=script.text
        )
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


class WireHost:
    """The client's host as a lab cmdlet sees it over PSRP (see the module docstring)."""

    has_ui = True

    def __init__(self, shell: Shell, pipe: psrpcore.ServerPipeline) -> None:
        self.shell = shell
        self.pipe = pipe

    def write(self, stream: str, text: str) -> None:
        with self.shell.lock:
            self.pipe.host_call(_WRITE_METHODS.get(stream, HostMethodIdentifier.WriteLine2), [text])
            self.shell.pump()

    def prompt_for_choice(
        self, caption: str, message: str, choices: Sequence[tuple[str, str]], default: int
    ) -> int:
        described = [ChoiceDescription(Label=label, HelpMessage=help) for label, help in choices]
        with self.shell.lock:
            ci = psrpcore.ServerHostRequestor(self.pipe).prompt_for_choice(
                caption, message, described, default
            )
            self.shell.pump()
        answer = self.shell.await_answer(self.pipe.pipeline_id, ci)
        return int(answer)


def client_host(shell: Shell, pipe: psrpcore.ServerPipeline, ps: psrpcore.PowerShell) -> LabHost:
    """The pipeline's HostInfo, or the pool's when the pipeline says UseRunspaceHost (pypsrp
    sends that when the pool has no host)."""
    info = ps.host
    if info.UseRunspaceHost and shell.pool.host is not None:
        info = shell.pool.host
    return NoHost() if info.IsHostUINull else WireHost(shell, pipe)


class Shell:
    """One runspace pool. Every psrpcore call happens under `lock` (psrpcore is not
    thread-safe); `changed` wakes long-polling Receives."""

    def __init__(self, shell_id: str, resource_uri: str, journal: list[Command]) -> None:
        self.id = shell_id
        self.journal = journal  # every command run, in order (the endpoint's record)
        self.resource_uri = resource_uri
        self.pool = LabRunspacePool()
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.outbox: dict[uuid.UUID | None, bytearray] = {None: bytearray()}
        self.finished: set[uuid.UUID] = set()
        # Pipelines parked on a prompt, the client's answers by (pipeline, call id), and the
        # parked pipelines the client asked to stop.
        self.waiting: set[uuid.UUID] = set()
        self.answers: dict[tuple[uuid.UUID, int], Any] = {}
        self.stopping: set[uuid.UUID] = set()
        # The session's variables that the emulator knows: $LASTEXITCODE after a native tool.
        self.variables: dict[str, Any] = {}
        # marker -> the cmdlet whose output it holds (Import-Clixml gives it back as that)
        self.held_names: dict[str, str] = {}

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
                if isinstance(event, psrpcore.PipelineHostResponseEvent):
                    self.answers[(event.pipeline_id, event.ci)] = event.result
            self.pump()
            return events

    def new_pipeline(self, pipeline_id: uuid.UUID) -> psrpcore.ServerPipeline:
        # It must exist before its CreatePipeline fragment is fed (psrpcore looks it up).
        with self.lock:
            return psrpcore.ServerPipeline(self.pool, pipeline_id)

    def pump(self) -> None:
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

    def await_answer(self, pipeline_id: uuid.UUID, ci: int) -> Any:
        """Park until the client answers host call `ci` (PipelineStopped if it stops instead)."""
        deadline = time.monotonic() + HOST_ANSWER_TIMEOUT_S
        with self.changed:
            self.waiting.add(pipeline_id)
            self.changed.notify_all()
            try:
                while (pipeline_id, ci) not in self.answers:
                    remaining = deadline - time.monotonic()
                    if pipeline_id in self.stopping or remaining <= 0:
                        raise PipelineStopped(f"pipeline {pipeline_id} stopped at a prompt")
                    self.changed.wait(remaining)
                return self.answers.pop((pipeline_id, ci))
            finally:
                self.waiting.discard(pipeline_id)
                self.stopping.discard(pipeline_id)

    def stop_waiting(self, pipeline_id: uuid.UUID) -> bool:
        """The client signalled a stop: a pipeline parked on a prompt ends (True if one was)."""
        with self.changed:
            if pipeline_id not in self.waiting:
                return False
            self.stopping.add(pipeline_id)
            self.changed.notify_all()
            return True

    def abandon(self) -> None:
        """The shell is lost (reboot, listener down): every pipeline parked on a prompt ends,
        so none holds the lab world until its answer timeout."""
        with self.changed:
            self.stopping.update(self.waiting)
            self.changed.notify_all()

    def run(self, pipe: psrpcore.ServerPipeline, ps: psrpcore.PowerShell, execute: Execute) -> None:
        """Start the pipeline on its own thread; return once it finished or waits on a prompt."""
        worker = threading.Thread(
            target=self._execute, args=(pipe, ps, execute), name="lab-pipeline", daemon=True
        )
        worker.start()
        with self.changed:
            while pipe.pipeline_id not in self.finished and pipe.pipeline_id not in self.waiting:
                self.changed.wait(1.0)

    def _execute(
        self, pipe: psrpcore.ServerPipeline, ps: psrpcore.PowerShell, execute: Execute
    ) -> None:
        with self.lock:
            pipe.start()
            host = client_host(self, pipe, ps)
            try:
                for statement in statements(ps.commands):
                    self._run_statement(pipe, statement, execute, host)
                pipe.complete()
            except PipelineStopped:
                pipe.stop()
            except Exception as error:
                failure = error if isinstance(error, PipelineFailed) else _crashed(error)
                name = ps.commands[0].command_text if ps.commands else ""
                # psrpcore 0.3.1 has no public way to fail a pipeline; this is the only
                # private call in the emulator.
                pipe._change_state(
                    PSInvocationState.Failed, objects.terminating_record(failure.record, name)
                )
            self.finished.add(pipe.pipeline_id)
            self.pump()

    def _run_statement(
        self,
        pipe: psrpcore.ServerPipeline,
        statement: list[psrpcore.Command],
        execute: Execute,
        host: LabHost,
    ) -> None:
        command = to_command(statement[0])
        if len(statement) == 2 and statement[1].command_text.lower() == "export-clixml":
            # A one-shot call holding its marker (steps/one_shot.py): lab/calls.py plays it.
            export = to_command(statement[1])
            marker = export.param("LiteralPath") or export.param("Path")
            command = attrs.evolve(command, marker=str(marker))
        elif len(statement) > 1:
            raise PipelineFailed(
                ErrorRecord(
                    "The lab emulator runs one command per statement; pipe on the controller.",
                    "PipelineNotSupported",
                    "NotImplemented",
                )
            )
        self.journal.append(command)
        result = self._session_command(command) or execute(command, host)
        if command.marker:
            self.held_names[command.marker.lower()] = command.name
        shown_as = command.name
        if command.name.lower() == "import-clixml":
            # what a held call wrote, typed as that call's output
            path = str(command.param("LiteralPath") or command.param("Path") or "").lower()
            shown_as = self.held_names.pop(path, command.name)
        # Export-Clixml takes a held call's output; Import-Clixml gives it back.
        for item in () if command.marker else result.output:
            pipe.write_output(self.pool.output(item, shown_as))
        for record in result.errors:
            pipe.write_error(**objects.error_parts(record, command.name))
        for message in result.warnings:
            pipe.write_warning(message)
        for message in result.verbose:
            pipe.write_verbose(message)
        for message in result.information:
            pipe.write_information(message, command.name)
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
