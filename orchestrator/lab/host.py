"""The PowerShell host a lab cmdlet talks to, and the engine behaviour around it.

A real cmdlet reaches the caller's host through `$Host.UI` (WriteLine, WriteErrorLine, ...,
PromptForChoice). What happens depends on the client (PowerShell/PowerShell @master):

- no host UI (the client sent HostInfo with IsHostUINull): `ServerRemoteHost.UI` is null
  (engine/remoting/server/ServerRemoteHost.cs) and `InternalHostUserInterface` drops every
  Write* call and throws `HostException` "HostFunctionNotImplemented" (category
  NotImplemented) on every prompt (engine/hostifaces/InternalHostUserInterface.cs,
  ThrowPromptNotInteractive, text HostInterfaceExceptionsStrings.HostFunctionPromptNotImplemented);
- a host UI: each call is a PSRP host call the client answers (a prompt waits for it).

`ShouldProcess` prompts through `PromptForChoice` when the command's ConfirmImpact is at least
$ConfirmPreference (High by default) and -Confirm:$false was not given
(engine/MshCommandRuntime.cs, CanShouldProcessAutoConfirm / InquireHelper): caption "Confirm"
unless the call gives one, message "Are you sure you want to perform this action?\\n" + the
description, choices &Yes, Yes to &All, &No, No to A&ll (Suspend is hidden for a remote host)
(resources/CommandBaseStrings.resx).

Handlers get the host of the running command from `current_host()`; `dispatch` sets it.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator, Sequence
from typing import Protocol

import attrs

from orchestrator.transport.base import Command, HostLine

# resources/HostInterfaceExceptionsStrings.resx, HostFunctionPromptNotImplemented.
PROMPT_NOT_INTERACTIVE = (
    "A command that prompts the user failed because the host program or the command type does "
    "not support user interaction. The host was attempting to request confirmation with the "
    "following message: {message}"
)
PROMPT_NOT_INTERACTIVE_ID = "HostFunctionNotImplemented"
# resources/CommandBaseStrings.resx
CONFIRM_CAPTION = "Confirm"
SHOULD_PROCESS_MESSAGE = 'Performing the operation "{operation}" on target "{target}".'
SHOULD_PROCESS_WARNING = "Are you sure you want to perform this action?\n{description}"
CONFIRM_CHOICES = (
    ("&Yes", "Continue with only the next step of the operation."),
    ("Yes to &All", "Continue with all the steps of the operation."),
    ("&No", "Skip this operation and proceed with the next operation."),
    ("No to A&ll", "Skip this operation and all subsequent operations."),
)
YES, YES_TO_ALL = 0, 1


class HostPromptNotInteractive(Exception):
    """The HostException a prompt throws when the client gave no host UI."""

    def __init__(self, message: str) -> None:
        self.text = PROMPT_NOT_INTERACTIVE.format(message=message)
        super().__init__(self.text)


class PipelineStopped(Exception):
    """The client stopped the pipeline while it waited on the host (Ctrl+C at a prompt):
    PowerShell's PipelineStoppedException, which no script `catch` stops."""


class LabHost(Protocol):
    """What a lab cmdlet sees of the caller's host."""

    @property
    def has_ui(self) -> bool: ...

    def write(self, stream: str, text: str) -> None:
        """A host line (stream: output, error, warning, verbose, debug)."""

    def prompt_for_choice(
        self, caption: str, message: str, choices: Sequence[tuple[str, str]], default: int
    ) -> int:
        """The index the client chose; raises PipelineStopped when it stopped the pipeline."""


class NoHost:
    """A client that supplied no host (pypsrp's default `RunspacePool(host=None)`)."""

    has_ui = False

    def write(self, stream: str, text: str) -> None:
        return None

    def prompt_for_choice(
        self, caption: str, message: str, choices: Sequence[tuple[str, str]], default: int
    ) -> int:
        raise HostPromptNotInteractive(message)


@attrs.define
class RecordingHost:
    """A host that records lines and prompts; prompts get `answers` in order, and with none
    left the pipeline is stopped (what the tool's own host does with an unexpected prompt)."""

    answers: list[int] = attrs.field(factory=list)
    lines: list[HostLine] = attrs.field(factory=list)
    prompts: list[tuple[str, str]] = attrs.field(factory=list)
    has_ui: bool = True

    def write(self, stream: str, text: str) -> None:
        self.lines.append(HostLine(stream, text))

    def prompt_for_choice(
        self, caption: str, message: str, choices: Sequence[tuple[str, str]], default: int
    ) -> int:
        self.prompts.append((caption, message))
        if not self.answers:
            raise PipelineStopped(f"{caption}: {message}")
        return self.answers.pop(0)


_CURRENT: contextvars.ContextVar[LabHost | None] = contextvars.ContextVar("lab_host", default=None)


def current_host() -> LabHost:
    return _CURRENT.get() or NoHost()


@contextlib.contextmanager
def hosted(host: LabHost) -> Iterator[None]:
    token = _CURRENT.set(host)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def choose(caption: str, message: str, choices: Sequence[tuple[str, str]], default: int) -> int:
    """Host.UI.PromptForChoice as the engine makes it: no UI -> HostPromptNotInteractive."""
    host = current_host()
    if not host.has_ui:
        raise HostPromptNotInteractive(message)
    return host.prompt_for_choice(caption, message, choices, default)


def confirm_preference_none(command: Command) -> bool:
    """-Confirm:$false on the command sets $ConfirmPreference to None for it and for every
    advanced function it calls (their ConfirmPreference is read from the session state)."""
    return command.param("Confirm") is False


def should_process(
    command: Command,
    *,
    target: str = "",
    operation: str | None = None,
    description: str | None = None,
    warning: str | None = None,
    caption: str | None = None,
) -> bool:
    """$PSCmdlet.ShouldProcess for a ConfirmImpact='High' command under the default
    $ConfirmPreference (High): prompts unless -Confirm:$false; -WhatIf is not simulated."""
    if confirm_preference_none(command):
        return True
    text = description
    if text is None:
        text = SHOULD_PROCESS_MESSAGE.format(operation=operation or command.name, target=target)
    message = warning or SHOULD_PROCESS_WARNING.format(description=text)
    answer = choose(caption or CONFIRM_CAPTION, message, CONFIRM_CHOICES, 0)
    return answer in (YES, YES_TO_ALL)


def write_host(stream: str, text: str) -> None:
    current_host().write(stream, text)
