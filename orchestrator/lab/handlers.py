"""The registry of cmdlet handlers, and helpers every surface module uses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from orchestrator.lab.world import LabNode, LabWorld
from orchestrator.transport.base import Command, CommandResult, ErrorRecord

Handler = Callable[[LabWorld, LabNode, Command], CommandResult]
HANDLERS: dict[str, Handler] = {}
# Commands that only read the world, per cmdlet name: a predicate on the command (one handler
# can answer a read and a change, e.g. `w32tm /query` and `w32tm /resync`).
READS_ONLY: dict[str, Callable[[Command], bool]] = {}


def _always(_command: Command) -> bool:
    return True


def handles(
    *names: str, reads_only: bool | Callable[[Command], bool] = False
) -> Callable[[Handler], Handler]:
    """Register a cmdlet's handler. `reads_only` (True, or a predicate on the command) promises
    that the handler changes nothing in the world: the world's lock is then held for a read
    (lab/world.py WorldLock) and the snapshotting lab neither compares nor writes its file after
    the command (issue 16.6). A handler that changed the world anyway would have that change
    reach the file only with the next change; ORCHESTRATE_LAB_STATE_CHECK (lab/snapshot.py)
    makes such a slip fail the command, and the scenario tests run with it."""
    reads = _always if reads_only is True else reads_only or None

    def register(fn: Handler) -> Handler:
        for name in names:
            HANDLERS[name.lower()] = fn
            if reads is not None:
                READS_ONLY[name.lower()] = reads
        return fn

    return register


def error(
    message: str, fqid: str | None, category: str = "NotSpecified", **extra: Any
) -> CommandResult:
    return CommandResult(errors=[ErrorRecord(message, fqid, category)], **extra)


def not_recognized(name: str) -> CommandResult:
    """PowerShell's answer for a command that does not exist (here: not in this module version)."""
    return error(
        f"The term '{name}' is not recognized as the name of a cmdlet, function, script file, or "
        "operable program.",
        "CommandNotFoundException",
        "ObjectNotFound",
    )


def thrown(message: str, **extra: Any) -> CommandResult:
    """What `throw "<text>"` in a script module yields: the text is also the error ID."""
    return error(message, message, "OperationStopped", **extra)


def missing_parameter(cmdlet: str, names: list[str]) -> CommandResult:
    return error(
        "Cannot process command because of one or more missing mandatory parameters: "
        + " ".join(names)
        + ".",
        f"MissingMandatoryParameter,{cmdlet}",
        "InvalidArgument",
    )


def not_in_set(cmdlet: str, parameter: str, value: str, allowed: tuple[str, ...]) -> CommandResult:
    return error(
        f"Cannot validate argument on parameter '{parameter}'. The argument \"{value}\" does not "
        f'belong to the set "{",".join(allowed)}" specified by the ValidateSet attribute. Supply '
        "an argument that is in the set and then try the command again.",
        f"ParameterArgumentValidationError,{cmdlet}",
        "InvalidData",
    )


def native_verb(command: Command) -> str:
    """A native tool's first argument, lower case (`azcmagent show`, `wevtutil gl`)."""
    return command.arguments[0].lower() if command.arguments else ""


def text(command: Command, name: str, default: str = "") -> str:
    value = command.param(name)
    return default if value is None or value is False else str(value)


def flag(command: Command, name: str) -> bool:
    return command.param(name) is True


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
