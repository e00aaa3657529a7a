"""The tool's PowerShell host: what it records, and its prompt policy.

A remote runspace whose client supplied no host UI silently drops every host call: PowerShell's
server side builds its host UI from the client's HostInfo (`hostInfo.IsHostUINull ? null : new
ServerRemoteHostUserInterface(this)`, PowerShell/PowerShell src/System.Management.Automation/
engine/remoting/server/ServerRemoteHost.cs), and with no UI `InternalHostUserInterface` returns
from WriteLine / WriteErrorLine / WriteWarningLine ... without doing anything and throws
`HostFunctionNotImplemented` on every prompt (engine/hostifaces/InternalHostUserInterface.cs,
ThrowPromptNotInteractive). Az.StackHCI reports its failures only through
`$Host.UI.WriteErrorLine` (Write-ErrorLog, stackhci.ps1 @06618c80), so every transport gives
the node a host that records those lines per command.

Prompt policy: no step expects a prompt. Every ShouldProcess cmdlet gets -Confirm:$false
(`transport.base.SHOULD_PROCESS_CMDLETS`), Register-AzStackHCI always gets -Region (the
default-region confirmation of module 1.4.x), and -Confirm:$false also covers the OS-upgrade
acknowledgement of 2.6.0. A PromptForChoice, Prompt, PromptForCredential or ReadLine that
still arrives is never answered: the host raises `PromptDeclined`, the transport stops the
pipeline and the step fails with `UnexpectedPrompt` naming the prompt's caption and message.
"""

from __future__ import annotations

import attrs

from orchestrator.transport.base import HostLine

PROMPT_KINDS = ("PromptForChoice", "Prompt", "PromptForCredential", "ReadLine")


class PromptDeclined(Exception):
    """Raised by the host for a prompt no step expects (internal to the transports)."""

    def __init__(self, kind: str, caption: str, message: str) -> None:
        self.kind = kind
        self.caption = caption
        self.message = message
        super().__init__(f"{kind}: {caption} {message}".strip())


@attrs.define
class HostCapture:
    """The host lines of one command, in the order they were written."""

    lines: list[HostLine] = attrs.field(factory=list)

    def write(self, stream: str, text: object) -> None:
        self.lines.append(HostLine(stream, "" if text is None else str(text)))

    def decline(self, kind: str, caption: object, message: object) -> PromptDeclined:
        return PromptDeclined(kind, str(caption or ""), str(message or ""))
