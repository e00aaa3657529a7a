"""What a step may ask of a node, independent of how the node is reached.

Commands are structured (a cmdlet or native tool plus named parameters and arguments), never
script text: the psrp transport maps them onto `add_cmdlet`/`add_parameter`/`add_argument`,
and the lab dispatches them to its cmdlet surface. User data therefore never becomes code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import attrs


@attrs.frozen
class Hashtable:
    """A hashtable parameter value, e.g. Invoke-RestMethod's `-Headers @{metadata='true'}`, kept
    as data (the psrp transport sends it as a dictionary; no script text)."""

    entries: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, entries: Mapping[str, Any]) -> Hashtable:
        return cls(tuple((str(k), str(v)) for k, v in entries.items()))

    def as_dict(self) -> dict[str, str]:
        return dict(self.entries)


ParamValue = str | int | float | bool | None | tuple[str, ...] | Hashtable

# Cmdlets the tool runs that declare SupportsShouldProcess. Each gets -Confirm:$false unless the
# step says otherwise, so a ConfirmImpact above $ConfirmPreference never turns into a prompt
# (and a prompt a remote client cannot answer never turns into a silent no-op, issue 11 fact 3):
# - Register-AzStackHCI, Unregister-AzStackHCI: `[CmdletBinding(SupportsShouldProcess,
#   ConfirmImpact = 'High')]` (Azure/azure-powershell src/StackHCI/StackHCI.Autorest/custom/
#   stackhci.ps1 @06618c80; Az.StackHCI 2.x). -Confirm:$false also sets $ConfirmPreference to
#   None for Confirm-UserAcknowledgmentToUpgradeOS, which they call (module 2.6.0+).
# - Start-Service, Restart-Service, Restart-Computer, Set-Content, Remove-Item, Set-ItemProperty
#   (PowerShell/PowerShell Microsoft.PowerShell.Commands.Management: `[Cmdlet(...,
#   SupportsShouldProcess = true)]`), Install-Module (PowerShellGet, SupportsShouldProcess).
SHOULD_PROCESS_CMDLETS = frozenset(
    name.lower()
    for name in (
        "Register-AzStackHCI",
        "Unregister-AzStackHCI",
        "Start-Service",
        "Restart-Service",
        "Restart-Computer",
        "Set-Content",
        "Remove-Item",
        "Set-ItemProperty",
        "Install-Module",
    )
)


def _tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(items)


def _freeze_params(
    value: Mapping[str, ParamValue] | tuple[tuple[str, ParamValue], ...],
) -> tuple[tuple[str, ParamValue], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple((str(k), v) for k, v in items)


@attrs.frozen
class Script:
    """A script block of the tool's own: fixed text with a param() block, for a probe that must
    run as one remote call (e.g. several web requests at once on the node). User data never
    becomes part of `text`; it is bound to the parameters (Command.script_block)."""

    name: str
    text: str


@attrs.frozen
class Command:
    """One pipeline element: `name` is a cmdlet (`Get-Service`) or a native executable (`sc.exe`)."""

    name: str
    parameters: tuple[tuple[str, ParamValue], ...] = attrs.field(
        default=(), converter=_freeze_params
    )
    arguments: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    native: bool = False
    # Every parameter value is a secret (a file content holding one, e.g. Set-Content -Value):
    # shown as *** wherever the command is displayed, and left out of its repr.
    sensitive: bool = attrs.field(default=False, kw_only=True)
    # A one-shot call holding a marker file on the node for exactly as long as it runs
    # (orchestrator/steps/one_shot.py): the transport pipes it into `Export-Clixml
    # -LiteralPath <marker> -NoClobber`, then reads the output back and removes the marker.
    marker: str | None = attrs.field(default=None, kw_only=True)
    # The text of one of the tool's own fixed script blocks (transport/scripts.py), `name`
    # being the name it is known and shown by. The text is a constant in the source with a
    # param() block; every value reaches it as a named parameter, never as script text.
    script: str | None = attrs.field(default=None, kw_only=True, repr=False)

    @classmethod
    def cmdlet(cls, name: str, **parameters: ParamValue) -> Command:
        return cls(name=name, parameters=_confirmed(name, parameters))

    @classmethod
    def secret_cmdlet(cls, name: str, **parameters: ParamValue) -> Command:
        """A cmdlet whose parameter values must never be shown (see `sensitive`)."""
        return cls(name=name, parameters=_confirmed(name, parameters), sensitive=True)

    @classmethod
    def script_block(cls, script: Script, **parameters: ParamValue) -> Command:
        """One of the tool's fixed scripts with its parameters bound by name (`& {...} -P v`)."""
        return cls(name=script.name, parameters=parameters, script=script.text)

    @classmethod
    def tool(cls, executable: str, *arguments: str) -> Command:
        return cls(name=executable, arguments=arguments, native=True)

    @property
    def carries_secrets(self) -> bool:
        """A value render() masks: every value of a sensitive command, or a parameter named like
        a secret (-ArmAccessToken, -Password, ...)."""
        return self.sensitive or any(
            names_a_secret(key) for key, value in self.parameters if value is not None
        )

    def param(self, name: str, default: ParamValue = None) -> ParamValue:
        for key, value in self.parameters:
            if key.lower() == name.lower():
                return value
        return default

    def render(self) -> str:
        """Human-readable form for plans, logs and errors (display only; never executed).
        Values of secret parameters (-ArmAccessToken, -Password, ...) are masked."""
        parts = [f"& {{{self.name}}}" if self.script else self.name]
        for key, value in self.parameters:
            if key.lower() == "confirm" and value is False:
                parts.append("-Confirm:$false")  # a switch bound to $false, as PowerShell writes it
            elif value is True:
                parts.append(f"-{key}")
            elif value is not None and value is not False:
                secret = self.sensitive or names_a_secret(key)
                shown = "***" if secret else _quote(value)
                parts.append(f"-{key} {shown}")
        parts.extend(_quote(a) for a in self.arguments)
        return " ".join(parts)

    def __repr__(self) -> str:
        # like render(): a repr ends up in tracebacks, assertion messages and %r log lines
        parameters = tuple(
            (key, "***" if self.sensitive or names_a_secret(key) else value)
            for key, value in self.parameters
        )
        return (
            f"Command(name={self.name!r}, parameters={parameters!r}, "
            f"arguments={self.arguments!r}, native={self.native!r}, sensitive={self.sensitive!r}"
            + (f", marker={self.marker!r})" if self.marker else ")")
        )


def _confirmed(name: str, parameters: dict[str, ParamValue]) -> dict[str, ParamValue]:
    """-Confirm:$false for a ShouldProcess cmdlet, unless the caller chose a value."""
    if name.lower() in SHOULD_PROCESS_CMDLETS and not any(
        key.lower() == "confirm" for key in parameters
    ):
        return {**parameters, "Confirm": False}
    return parameters


# Parameters whose values are secrets, wherever a command is shown (tokens, passwords, keys).
_SECRET_PARAMETER = re.compile(r"token|password|secret|credential|key$", re.IGNORECASE)


def names_a_secret(parameter: str) -> bool:
    """Whether a parameter's value is a secret by its name (-ArmAccessToken, -Password, ...):
    masked wherever a command is shown, never kept past its command."""
    return _SECRET_PARAMETER.search(parameter) is not None


def _quote(value: Any) -> str:
    if isinstance(value, Hashtable):
        return "@{" + "; ".join(f"{k}={_quote(v)}" for k, v in value.entries) + "}"
    if isinstance(value, tuple):
        return ",".join(_quote(v) for v in value)
    text = str(value)
    if text and all(c.isalnum() or c in "-_.:/\\" for c in text):
        return text
    return "'" + text.replace("'", "''") + "'"


@attrs.frozen
class ErrorRecord:
    """A PowerShell error record, reduced to what classification needs."""

    message: str
    fully_qualified_error_id: str | None = None
    category: str | None = None


# Where a host line was written: PSHostUserInterface.WriteLine / Write (output),
# WriteErrorLine (error), WriteWarningLine, WriteVerboseLine, WriteDebugLine.
HOST_STREAMS = ("output", "error", "warning", "verbose", "debug")


@attrs.frozen
class HostLine:
    """One line a command wrote to the PowerShell host (PSHostUserInterface), not to a stream.
    Az.StackHCI's failures reach a remote caller only this way (`Write-ErrorLog` ->
    `$Host.UI.WriteErrorLine`, stackhci.ps1 @06618c80)."""

    stream: str
    text: str


@attrs.frozen
class CommandResult:
    """Output objects (property dicts or scalars), error records, a native exit code, and the
    other streams: warnings (Write-Warning: informative, never a failure), verbose and
    information records, and the lines written to the host (`host_lines`)."""

    output: tuple[Any, ...] = attrs.field(default=(), converter=_tuple)
    errors: tuple[ErrorRecord, ...] = attrs.field(default=(), converter=_tuple)
    exit_code: int | None = None
    warnings: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    verbose: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    information: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    host_lines: tuple[HostLine, ...] = attrs.field(default=(), converter=_tuple)

    @property
    def host_errors(self) -> tuple[str, ...]:
        """What the command wrote with $Host.UI.WriteErrorLine, in order."""
        return tuple(line.text for line in self.host_lines if line.stream == "error")

    @property
    def failed(self) -> bool:
        # A non-empty error stream is a failure even if the pipeline "completed".
        return bool(self.errors) or bool(self.exit_code)

    @property
    def first(self) -> Any:
        return self.output[0] if self.output else None


class NodeSession(Protocol):
    """An open connection to one node, reused by every step of a run."""

    node: str

    def run(self, command: Command) -> CommandResult: ...

    def close(self) -> None: ...


class Transport(Protocol):
    """Opens sessions; raises `NodeUnreachable` / `AuthenticationFailed` when it cannot."""

    def open(self, node: str) -> NodeSession: ...
