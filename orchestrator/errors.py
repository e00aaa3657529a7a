"""The project's error taxonomy.

Every failure that crosses a layer boundary is one of these, so the CLI, the engine's
retry classification and the Ansible module each decide once, by type, what to do.
"""

from __future__ import annotations

from orchestrator.exitcodes import ExitCode


class OrchestratorError(Exception):
    """Base class; `exit_code` is what the CLI returns when this reaches it."""

    exit_code: ExitCode = ExitCode.FAILED
    # What the operator should do, when the raiser knows it better than the message's last
    # clause (the JSON error document's `fix`).
    fix: str | None = None


class InputError(OrchestratorError):
    """Bad inventory, flag or value. Raised before anything is contacted or changed."""

    exit_code = ExitCode.USAGE

    def __init__(
        self, field: str, message: str, *, source: str | None = None, fix: str | None = None
    ) -> None:
        self.field = field
        self.source = source
        self.message = message
        self.fix = fix
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{field}: {message}")


class RefusedError(OrchestratorError):
    """A guard refused to go on; nothing unsafe was done."""

    exit_code = ExitCode.REFUSED


# --- talking to nodes -------------------------------------------------------------------------


class TransportError(OrchestratorError):
    """A node could not be talked to. `transient` says whether trying again may help."""

    transient = False

    def __init__(self, node: str, message: str) -> None:
        self.node = node
        self.message = message
        super().__init__(f"{node}: {message}")


class NodeUnreachable(TransportError):
    """Connection refused, name not resolved, or timed out before a session existed."""


class AuthenticationFailed(TransportError):
    """The node answered but refused the credentials (HTTP 401)."""


class TransientTransportError(TransportError):
    """The session broke mid-exchange (reset, 5xx, read timeout); the command's effect is unknown."""

    transient = True


class WSManFault(TransportError):
    """The WinRM service answered with a WS-Management fault."""

    def __init__(self, node: str, message: str, code: str | None = None) -> None:
        self.code = code
        super().__init__(node, message)


class RemoteCommandError(OrchestratorError):
    """A command ran and failed: a PowerShell error record or a native non-zero exit."""

    def __init__(
        self,
        node: str,
        command: str,
        message: str,
        *,
        fully_qualified_error_id: str | None = None,
        exit_code: int | None = None,
    ) -> None:
        self.node = node
        self.command = command
        self.message = message
        self.fully_qualified_error_id = fully_qualified_error_id
        self.native_exit_code = exit_code
        suffix = f" [{fully_qualified_error_id}]" if fully_qualified_error_id else ""
        super().__init__(f"{node}: {command}: {message}{suffix}")


class UnexpectedPrompt(OrchestratorError):
    """A command asked the host a question (PromptForChoice, Prompt, PromptForCredential,
    ReadLine) that its step did not expect. The tool never answers silently: the pipeline is
    stopped and the step fails with the prompt's caption and message."""

    def __init__(self, node: str, command: str, kind: str, caption: str, message: str) -> None:
        self.node = node
        self.command = command
        self.kind = kind
        self.caption = caption
        self.prompt_message = message
        shown = " / ".join(part for part in (caption.strip(), message.strip()) if part)
        super().__init__(
            f"{node}: {command}: asked a question nobody can answer ({kind}: {shown}); the "
            "pipeline was stopped. Pass the parameter that answers it (e.g. -Confirm:$false) or "
            "run the command by hand"
        )


# --- talking to Azure (ARM and Microsoft Graph) -----------------------------------------------


class AzureError(OrchestratorError):
    """An ARM or Graph request failed; `code` is the service's error code (e.g. AuthorizationFailed)."""

    transient = False

    def __init__(self, status: int, code: str, message: str, *, request: str = "") -> None:
        self.status = status
        self.code = code
        self.message = message
        self.request = request
        where = f" ({request})" if request else ""
        super().__init__(f"Azure {status} {code}: {message}{where}")


class AzureAuthenticationFailed(AzureError):
    """401: no token, a token for the wrong tenant or audience, or an expired one."""


class AzurePermissionDenied(AzureError):
    """403 AuthorizationFailed: the caller's roles lack an action."""


class AzureProviderNotRegistered(AzureError):
    """409 MissingSubscriptionRegistration: a resource provider is not registered."""


class AzureConflict(AzureError):
    """409 Conflict: the resource is in a state that does not allow the change."""


class AzureTransientError(AzureError):
    """429 or 5xx that outlived the HTTP pipeline's own retries."""

    transient = True


class AzureNameRefused(AzureError, RefusedError):
    """A value bound for an ARM/Graph URL path is not a valid Azure name of its kind (a hostile
    or corrupt value a node reported, e.g. `..` as a resource group): refused, never
    normalised, and nothing is sent (orchestrator/azure/names.py)."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(0, "InvalidResourceName", message)


class AzureWaitExceeded(AzureError):
    """Azure asked for (or an operation needed) a longer wait than this run allows; the
    message names the cap (orchestrator/azure/waits.py). Not transient: waiting is the cause."""

    def __init__(self, message: str, *, request: str = "") -> None:
        super().__init__(0, "WaitCapExceeded", message, request=request)


class RunWaitExceeded(OrchestratorError):
    """A wait in a step or a retry would take the run's waiting past its cap (issue 17.8);
    the message names the cap."""
