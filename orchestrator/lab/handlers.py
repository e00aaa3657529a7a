"""The registry of cmdlet handlers, and helpers every surface module uses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from orchestrator.lab.world import LabNode, LabWorld
from orchestrator.transport.base import Command, CommandResult, ErrorRecord

Handler = Callable[[LabWorld, LabNode, Command], CommandResult]
HANDLERS: dict[str, Handler] = {}


def handles(*names: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for name in names:
            HANDLERS[name.lower()] = fn
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


def text(command: Command, name: str, default: str = "") -> str:
    value = command.param(name)
    return default if value is None or value is False else str(value)


def flag(command: Command, name: str) -> bool:
    return command.param(name) is True


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
