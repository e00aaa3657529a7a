"""The PowerShell Remoting transport: WinRM/WS-Management + PSRP through pypsrp 0.9.

One `RunspacePool` per node per run: opened lazily, when a node's session is first asked for
(`open`, which raises NodeUnreachable / AuthenticationFailed as the Transport protocol says),
reused by every command after it, closed when the session is closed. If the session broke
mid-run, the next command opens a fresh pool. Commands are built only with
`add_cmdlet` / `add_parameter` / `add_argument` (never script text built from data), so user
data is never parsed as PowerShell; the one exception is `add_script` for the tool's own fixed
scripts (transport/scripts.py), whose values are bound with `add_parameter` too.

Native tools (sc.exe, azcmagent, w32tm.exe, wevtutil.exe) run as commands with arguments. Their
exit code is read structurally: the pipeline gets a second statement,
`Get-Variable -Name LASTEXITCODE -ValueOnly`, whose single output object (the last one of the
pipeline) is the tool's exit code. No script text is needed for that either.

pypsrp's exceptions are mapped here, once, onto the project's taxonomy (`classify`); nothing
outside this module sees a pypsrp or requests exception. pypsrp is imported only by this
module, so the lab-only path never needs it.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import requests
import urllib3.exceptions
from pypsrp.complex_objects import GenericComplexObject, PSInvocationState
from pypsrp.exceptions import (
    AuthenticationError,
    WinRMError,
    WinRMTransportError,
    WSManFaultError,
)
from pypsrp.host import PSHost, PSHostUserInterface
from pypsrp.powershell import PowerShell, RunspacePool
from pypsrp.wsman import WSMan

from orchestrator.errors import (
    AuthenticationFailed,
    InputError,
    NodeUnreachable,
    TransientTransportError,
    TransportError,
    UnexpectedPrompt,
    WSManFault,
)
from orchestrator.inventory.models import Connection, FieldError, Inventory
from orchestrator.transport.base import (
    Command,
    CommandResult,
    ErrorRecord,
)
from orchestrator.transport.formatting import read_formatted
from orchestrator.transport.host import HostCapture, PromptDeclined
from orchestrator.transport.psrp_connections import ConnectionLookups, keep_connection_pools
from orchestrator.transport.psrp_envelopes import EnvelopeCounts, TemplatedWSMan
from orchestrator.transport.psrp_pipeline import (
    CreatePipelineBodies,
    PipelineStates,
    keep_bodies,
)
from orchestrator.transport.psrp_pipeline import build as build_pipeline
from orchestrator.transport.psrp_requests import PreparationCounts, reuse_prepared_requests
from orchestrator.transport.streams import record
from orchestrator.transport.wire_log import withhold_payloads

log = logging.getLogger(__name__)
withhold_payloads()  # pypsrp's DEBUG records would carry every parameter value in clear

Warn = Callable[[str], None]

# System.Management.Automation.ErrorCategory, by value (PowerShell SDK reference).
ERROR_CATEGORIES = (
    "NotSpecified",
    "OpenError",
    "CloseError",
    "DeviceError",
    "DeadlockDetected",
    "InvalidArgument",
    "InvalidData",
    "InvalidOperation",
    "InvalidResult",
    "InvalidType",
    "MetadataError",
    "NotImplemented",
    "NotInstalled",
    "ObjectNotFound",
    "OperationStopped",
    "OperationTimeout",
    "SyntaxError",
    "ParserError",
    "PermissionDenied",
    "ResourceBusy",
    "ResourceExists",
    "ResourceUnavailable",
    "ReadError",
    "WriteError",
    "FromStdErr",
    "SecurityError",
    "ProtocolError",
    "ConnectionError",
    "AuthenticationError",
    "LimitsExceeded",
    "QuotaExceeded",
    "NotEnabled",
)

# The FullyQualifiedErrorId of the exit-code probe (psrp_pipeline.EXIT_CODE_PROBE) when no
# tool has set the variable (PowerShell's own id).
PROBE_MISSING = "VariableNotFound,Microsoft.PowerShell.Commands.GetVariableCommand"


def warn_on_stderr(message: str) -> None:
    print(f"WARNING: {message}", file=sys.stderr, flush=True)


# --- configuration -------------------------------------------------------------------------


def _input_error(field: str, message: str, source: str) -> InputError:
    return InputError(f"connection.{field}", message, source=source)


def check_security(connection: Connection, *, insecure: bool, source: str, warn: Warn) -> None:
    """Refuse cleartext WinRM unless asked for; say loudly when security is lowered."""
    opted_in = insecure or connection.insecure
    if not connection.ssl and not connection.encrypts_messages:
        if not opted_in:
            raise _input_error(
                "ssl",
                f"false: auth {connection.auth} over plain HTTP sends credentials and data "
                "unencrypted; use ssl: true (HTTPS, port 5986), an auth that encrypts messages "
                "(ntlm, negotiate, kerberos, credssp), or opt in with insecure: true / --insecure",
                source,
            )
        warn(
            f"INSECURE: WinRM over plain HTTP without message encryption (auth "
            f"{connection.auth}): credentials and data cross the network in clear text."
        )
    if connection.ssl and connection.cert_validation is False:
        warn(
            "INSECURE: TLS certificate validation is off (cert_validation: false); any host can "
            "impersonate the nodes. Point cert_validation at the CA bundle (PEM) instead."
        )


def wsman_options(
    connection: Connection, *, environ: Mapping[str, str] | None = None, source: str = "<memory>"
) -> dict[str, Any]:
    """Keyword arguments for `pypsrp.wsman.WSMan`, one-to-one with the inventory keys."""
    try:
        password = connection.password(environ)
    except FieldError as error:
        raise _input_error(error.field, error.fix, source) from None
    needs_user = connection.auth in ("basic", "ntlm", "credssp")
    if needs_user and (connection.username is None or password is None):
        raise _input_error(
            "username",
            f"auth {connection.auth} needs username and password_env (the name of the "
            "environment variable holding the password)",
            source,
        )
    if connection.auth == "credssp" and importlib.util.find_spec("requests_credssp") is None:
        raise _input_error(
            "auth",
            "credssp needs pypsrp's credssp extra: pip install 'hci-orchestrator[credssp]' "
            "(docs/psrp.md, The double hop)",
            source,
        )
    kerberos_libs = ("gssapi", "krb5")
    if connection.auth == "kerberos" and not any(
        importlib.util.find_spec(name) for name in kerberos_libs
    ):
        raise _input_error(
            "auth",
            "kerberos needs pyspnego's kerberos extra: pip install 'hci-orchestrator[kerberos]' "
            "(docs/psrp.md, The double hop)",
            source,
        )
    if connection.message_encryption == "auto":
        # pypsrp refuses 'auto' for basic/certificate over HTTP; check_security allowed it.
        encryption = "auto" if connection.ssl or connection.encrypts_messages else "never"
    else:
        encryption = connection.message_encryption
    options: dict[str, Any] = {
        "username": connection.username,
        "password": password,
        "ssl": connection.ssl,
        "auth": connection.auth,
        "cert_validation": connection.cert_validation,
        "connection_timeout": connection.connection_timeout,
        "read_timeout": connection.read_timeout,
        "operation_timeout": connection.operation_timeout,
        "reconnection_retries": connection.reconnection_retries,
        "reconnection_backoff": connection.reconnection_backoff,
        "encryption": encryption,
        # Only the inventory's proxy: the controller's HTTPS_PROXY is for Azure, and requests
        # would otherwise send WinRM (and its credentials) through it.
        "proxy": connection.proxy,
        "no_proxy": connection.proxy is None,
    }
    if connection.auth in ("negotiate", "kerberos"):
        options["negotiate_delegate"] = connection.negotiate_delegate
    if connection.auth == "certificate":
        options["certificate_pem"] = connection.certificate_pem
        options["certificate_key_pem"] = connection.certificate_key_pem
    return options


# --- error mapping ---------------------------------------------------------------------------


def _never_connected(error: BaseException) -> bool:
    """True when the TCP connection was never made (refused, name not resolved, connect timeout)."""
    seen: set[int] = set()
    pending: list[Any] = [error]
    while pending:
        item = pending.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(
            item, urllib3.exceptions.NewConnectionError | urllib3.exceptions.ConnectTimeoutError
        ):
            return True
        if isinstance(item, BaseException):
            pending.extend([item.__cause__, item.__context__, *item.args])
            pending.append(getattr(item, "reason", None))
    return False


def classify(node: str, error: Exception) -> TransportError:
    """Map one pypsrp/requests exception onto the project's taxonomy. Never echoes secrets:
    pypsrp's own texts name the user and the auth method, never the password."""
    if isinstance(error, AuthenticationError):
        return AuthenticationFailed(node, f"the node refused the credentials: {error}")
    if isinstance(error, WSManFaultError):
        code = error.code
        shown = f"0x{code:08X}" if isinstance(code, int) else str(code)
        return WSManFault(node, f"WS-Management fault {shown}: {error.reason}", code=shown)
    if isinstance(error, WinRMTransportError):
        if 500 <= error.code <= 599:
            return TransientTransportError(node, f"the WinRM service answered HTTP {error.code}")
        return WSManFault(
            node, f"the WinRM service answered HTTP {error.code}", code=f"HTTP {error.code}"
        )
    if isinstance(error, requests.exceptions.SSLError):
        return NodeUnreachable(
            node,
            "the node's TLS certificate could not be verified; set connection.cert_validation "
            f"to the CA bundle (PEM) that issued it ({_first_line(error)})",
        )
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return NodeUnreachable(node, f"connection timed out: {_first_line(error)}")
    if isinstance(error, requests.exceptions.ReadTimeout):
        return TransientTransportError(node, f"no answer within the read timeout: {error}")
    if isinstance(error, requests.exceptions.ConnectionError):
        if _never_connected(error):
            return NodeUnreachable(node, f"cannot connect to WinRM: {_socket_reason(error)}")
        return TransientTransportError(node, f"the connection broke: {_first_line(error)}")
    if isinstance(error, WinRMError):
        return TransientTransportError(node, f"the PowerShell session broke: {error}")
    raise error


def _first_line(error: BaseException) -> str:
    return str(error).splitlines()[0] if str(error) else error.__class__.__name__


_ENDPOINT = re.compile(r"host='([^']+)', port=(\d+)")
_OS_REASON = re.compile(r"\[Errno -?\d+\] ([^'\")]+)")


def _socket_reason(error: BaseException) -> str:
    """urllib3 nests the reason deep in its message: keep the endpoint and the OS's words
    ("host:5986: Connection refused", "...: Name or service not known")."""
    text = str(error)
    endpoint, reason = _ENDPOINT.search(text), _OS_REASON.search(text)
    if endpoint and reason:
        return f"{endpoint.group(1)}:{endpoint.group(2)}: {reason.group(1).strip()}"
    return _first_line(error)


# --- results ---------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """Deserialized PowerShell objects as plain data: property bags become dicts (adapted and
    extended properties merged), enums and other property-less objects their string form."""
    if isinstance(value, GenericComplexObject):
        properties = {**value.adapted_properties, **value.extended_properties}
        if properties:
            return {str(k): plain(v) for k, v in properties.items()}
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _error_record(record: Any) -> ErrorRecord:
    message = None
    exception = getattr(record, "exception", None)
    if isinstance(exception, GenericComplexObject):
        props = {**exception.adapted_properties, **exception.extended_properties}
        message = props.get("Message")
    message = message or getattr(record, "message", None) or str(record)
    category = getattr(record, "category", None)
    if isinstance(category, int) and 0 <= category < len(ERROR_CATEGORIES):
        category = ERROR_CATEGORIES[category]
    return ErrorRecord(
        str(message),
        getattr(record, "fq_error", None),
        None if category is None else str(category),
    )


def _messages(records: list[Any]) -> list[str]:
    return [str(getattr(r, "message", None) or r) for r in records]


def _information(records: list[Any]) -> list[str]:
    # Write-Information's MessageData is usually a string; anything else is shown as its text.
    return [str(plain(getattr(r, "message_data", None) or "")) for r in records]


def _result(ps: PowerShell, command: Command, capture: HostCapture) -> CommandResult:
    output = read_formatted(plain(item) for item in ps.output)
    errors = [_error_record(record) for record in ps.streams.error]
    exit_code: int | None = None
    if command.native:
        if output and isinstance(output[-1], int) and not isinstance(output[-1], bool):
            exit_code = output.pop()
        elif any(e.fully_qualified_error_id != PROBE_MISSING for e in errors):
            # The tool itself failed to start; the probe's "no such variable" adds nothing.
            errors = [e for e in errors if e.fully_qualified_error_id != PROBE_MISSING]
    if ps.state == PSInvocationState.FAILED and not errors:
        errors.append(ErrorRecord(f"the pipeline {command.render()} failed", None, None))
    return CommandResult(
        output=output,
        errors=errors,
        exit_code=exit_code,
        warnings=_messages(ps.streams.warning),
        verbose=_messages(ps.streams.verbose),
        information=_information(ps.streams.information),
        host_lines=capture.lines,
    )


# --- the host ------------------------------------------------------------------------------------


class RecordingUI(PSHostUserInterface):
    """PSHostUserInterface that records every line into the running command's capture
    (`transport.host`); progress is ignored; prompts are declined (PromptDeclined), which stops
    the pipeline. pypsrp calls these from its receive loop with (runspace, pipeline, *args)
    (pypsrp/host.py, PSHost.run_method)."""

    def __init__(self) -> None:
        super().__init__(raw_ui=None)
        self.capture = HostCapture()

    def _write(self, stream: str, value: Any) -> None:
        self.capture.write(stream, value)

    def Write1(self, runspace: Any, pipeline: Any, value: str) -> None:
        self._write("output", value)

    def Write2(self, runspace: Any, pipeline: Any, fg: int, bg: int, value: str) -> None:
        self._write("output", value)

    def WriteLine1(self, runspace: Any, pipeline: Any) -> None:
        self._write("output", "")

    def WriteLine2(self, runspace: Any, pipeline: Any, value: str) -> None:
        self._write("output", value)

    def WriteLine3(self, runspace: Any, pipeline: Any, fg: int, bg: int, value: str) -> None:
        self._write("output", value)

    def WriteErrorLine(self, runspace: Any, pipeline: Any, message: str) -> None:
        self._write("error", message)

    def WriteDebugLine(self, runspace: Any, pipeline: Any, message: str) -> None:
        self._write("debug", message)

    def WriteVerboseLine(self, runspace: Any, pipeline: Any, message: str) -> None:
        self._write("verbose", message)

    def WriteWarningLine(self, runspace: Any, pipeline: Any, message: str) -> None:
        self._write("warning", message)

    def WriteProgress(self, runspace: Any, pipeline: Any, source_id: int, record: Any) -> None:
        return None  # progress bars carry nothing a run needs

    def ReadLine(self, runspace: Any, pipeline: Any) -> str:
        raise self.capture.decline("ReadLine", "", "")

    def ReadLineAsSecureString(self, runspace: Any, pipeline: Any) -> Any:
        raise self.capture.decline("ReadLine", "", "(secure string)")

    def Prompt(self, runspace: Any, pipeline: Any, caption: str, message: str, fields: Any) -> Any:
        raise self.capture.decline("Prompt", caption, message)

    def PromptForCredential1(
        self, runspace: Any, pipeline: Any, caption: str, message: str, *_: Any
    ) -> Any:
        raise self.capture.decline("PromptForCredential", caption, message)

    def PromptForCredential2(
        self, runspace: Any, pipeline: Any, caption: str, message: str, *_: Any
    ) -> Any:
        raise self.capture.decline("PromptForCredential", caption, message)

    def PromptForChoice(
        self, runspace: Any, pipeline: Any, caption: str, message: str, choices: Any, default: int
    ) -> int:
        raise self.capture.decline("PromptForChoice", caption, message)


def recording_host() -> tuple[PSHost, RecordingUI]:
    ui = RecordingUI()
    host = PSHost(None, None, False, "hci-orchestrator", None, ui, "1.0")
    return host, ui


# --- sessions --------------------------------------------------------------------------------


def _build_requests_session(
    wsman: WSMan, counts: PreparationCounts, lookups: ConnectionLookups
) -> None:
    """Build the pool's requests session now, before the pool's first request, and keep it
    from re-reading the environment on every request.

    pypsrp builds the session with its first message (jborean93/pypsrp `src/pypsrp/wsman.py`
    v0.9.1, `_TransportHTTP.send`: `if self.session is None: self.session =
    self._build_session()`); this is that call, made before `RunspacePool.open` sends Create, so
    that the pool's own requests (Create, its Receive) are sent as its commands' are.

    With `trust_env` on, requests' `Session.send` calls `resolve_proxies`, which scans every
    environment variable for *_PROXY/NO_PROXY on every WS-Management request (psf/requests
    2.34 `sessions.py` Session.send, `utils.py` resolve_proxies / get_environ_proxies): an
    eighth to a quarter of the client's CPU per command (bench/README.md, session 5), and two
    scans of every pool's opening (session 7). The scan can change nothing for WinRM:
    `_build_session` (which still reads the environment once, with `trust_env` on, for
    REQUESTS_CA_BUNDLE) already put the scheme's proxy in `session.proxies` (the inventory's
    `proxy`, or False for no proxy, since `no_proxy` is always passed: see `wsman_options`), and
    resolve_proxies only fills a scheme that is missing. The other use of `trust_env`, a
    ~/.netrc login (`Session.prepare_request`), applies only when the session has no auth;
    pypsrp sets one for every method but `certificate`, which is left as it was. Then the
    session prepares its requests once per kind (psrp_requests.py), and its adapters find the
    pool's connection pool once (psrp_connections.py).
    """
    http = wsman.transport
    if http.session is None:
        http.session = http._build_session()
    if http.session.auth is not None:
        http.session.trust_env = False
    reuse_prepared_requests(http.session, counts)
    keep_connection_pools(http.session, lookups)


@attrs.frozen
class Endpoint:
    node: str
    host: str
    port: int


class PsrpSession:
    """One node's runspace pool. Thread-safe: commands on one node run one at a time."""

    def __init__(self, transport: PsrpTransport, endpoint: Endpoint) -> None:
        self.node = endpoint.node
        self._transport = transport
        self._endpoint = endpoint
        self._pool: RunspacePool | None = None
        self._lock = threading.Lock()
        # Why opening the pool early failed (open_early), for the first `connect` to report.
        self._early_failure: TransportError | None = None
        # An early opening that had not started when the run asked for the pool (`connect`)
        # or closed it never starts: it would only try again what the run already tried.
        self._too_late_to_open_early = False
        # The pool's host (issue 11): without one the node drops every host line.
        self._host, self._ui = recording_host()

    def _open_pool(self) -> RunspacePool:
        if self._pool is None:
            wsman = TemplatedWSMan(
                self._endpoint.host,
                port=self._endpoint.port,
                envelope_counts=self._transport.envelope_counts,
                **self._transport._wsman_options,
            )
            pool = RunspacePool(
                wsman,
                configuration_name=self._transport.configuration_name,
                host=self._host if self._transport.with_host else None,
            )
            keep_bodies(
                pool, self._transport.create_pipeline_bodies, self._transport.pipeline_states
            )
            _build_requests_session(
                wsman, self._transport.request_preparation, self._transport.connection_lookups
            )
            pool.open()
            self._pool = pool
            self._transport.count_pool_opened()
            log.debug("%s: runspace pool opened", self.node)
        return self._pool

    def connect(self) -> None:
        """Open the runspace pool now, unless it is open already. When `open_early` tried and
        failed, that failure is the answer (once): the caller reports the same error its own
        attempt would have made, without a second connection timeout."""
        with self._lock:
            self._too_late_to_open_early = True
            failure, self._early_failure = self._early_failure, None
            if failure is not None:
                raise failure
            try:
                self._open_pool()
            except (WinRMError, requests.exceptions.RequestException) as error:
                log.debug("%s: opening the runspace pool failed", self.node, exc_info=True)
                raise classify(self.node, error) from None

    def open_early(self) -> None:
        """(PsrpTransport.open_early's worker.) Open the pool ahead of the run's first command
        here; that command waits for it on the session's lock. A failure is kept for `connect`."""
        with self._lock:
            if self._too_late_to_open_early:
                return
            try:
                self._open_pool()
            except (WinRMError, requests.exceptions.RequestException) as error:
                log.debug("%s: opening the runspace pool early failed", self.node, exc_info=True)
                self._early_failure = classify(self.node, error)

    def run(self, command: Command) -> CommandResult:
        with self._lock:
            capture = self._ui.capture = HostCapture()
            try:
                pool = self._open_pool()
                ps = PowerShell(pool)
                build_pipeline(ps, command)
                ps.invoke()
            except PromptDeclined as prompt:
                self._stop(ps)
                raise UnexpectedPrompt(
                    self.node, command.render(), prompt.kind, prompt.caption, prompt.message
                ) from None
            except (WinRMError, requests.exceptions.RequestException) as error:
                log.debug("%s: %s failed", self.node, command.render(), exc_info=True)
                # The pool's state is unknown now (an NTLM context dies with its TCP connection);
                # the next command starts a fresh one rather than reuse a broken one. Close it
                # first (best effort) so the node does not keep a shell nobody will use.
                self._discard_pool()
                raise classify(self.node, error) from None
            self._release(ps)
            result = _result(ps, command, capture)
            record(self.node, command, result)
            return result

    def _stop(self, ps: PowerShell) -> None:
        """Stop a pipeline waiting on a prompt we will not answer (Ctrl+C at the prompt)."""
        try:
            ps.stop()
        except (WinRMError, requests.exceptions.RequestException):
            log.debug("%s: stopping a prompting pipeline failed", self.node, exc_info=True)
            self._discard_pool()

    def _discard_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        try:
            pool.close()
        except (WinRMError, requests.exceptions.RequestException):
            log.debug("%s: closing a broken runspace pool failed", self.node, exc_info=True)

    def _release(self, ps: PowerShell) -> None:
        # Free the server-side pipeline now rather than at pool close: the terminate Signal is
        # the third round trip of every command, and it stays (issue 16.4, docs/psrp.md "Round
        # trips per command"): PowerShell's client closes each command (WSManCloseCommand),
        # and without it a pool meets MaxProcessesPerShell (ansible/ansible PR #74985).
        try:
            ps.close()
        except (WinRMError, requests.exceptions.RequestException):
            log.debug("%s: closing a finished pipeline failed", self.node, exc_info=True)

    def close(self) -> None:
        with self._lock:
            self._too_late_to_open_early = True
            pool, self._pool = self._pool, None
            self._transport.forget(self)
            if pool is None:
                return
            try:
                pool.close()
            except (WinRMError, requests.exceptions.RequestException):
                log.debug("%s: closing the runspace pool failed", self.node, exc_info=True)


class PsrpTransport:
    """Sessions to the inventory's nodes: `open` returns the node's session of this run, opening
    its runspace pool the first time."""

    def __init__(
        self,
        inventory: Inventory,
        *,
        insecure: bool = False,
        environ: Mapping[str, str] | None = None,
        warn: Warn = warn_on_stderr,
        with_host: bool = True,
    ) -> None:
        connection = inventory.connection
        # False only to show what a client without a host gets (tests of issue 11).
        self.with_host = with_host
        check_security(connection, insecure=insecure, source=inventory.source, warn=warn)
        self._wsman_options = wsman_options(
            connection, environ=os.environ if environ is None else environ, source=inventory.source
        )
        self.configuration_name = connection.configuration_name
        self._endpoints = {
            node.name.lower(): Endpoint(node.name, node.host, inventory.port_of(node))
            for node in inventory.cluster.nodes
        }
        self._sessions: dict[str, PsrpSession] = {}
        self._asides: set[PsrpSession] = set()  # open_aside's, until they are closed
        self._early_openers: list[ThreadPoolExecutor] = []  # open_early's, until `close`
        # How many pools `close` closes at once: the run's --parallel (open_early's), else one.
        self._close_parallel = 1
        # A repeated command's CreatePipeline body is serialized once (psrp_pipeline.py).
        self.create_pipeline_bodies = CreatePipelineBodies()
        self.pipeline_states = PipelineStates()  # and a repeated state message decoded once
        # and each pool's requests prepared once per kind (psrp_requests.py)
        self.request_preparation = PreparationCounts()
        # and a command's envelopes made from a template per pool (psrp_envelopes.py)
        self.envelope_counts = EnvelopeCounts()
        # and each pool's connection pool found once (psrp_connections.py)
        self.connection_lookups = ConnectionLookups()
        self._lock = threading.Lock()
        self.pools_opened = 0

    def open(self, node: str) -> PsrpSession:
        key = node.lower()
        with self._lock:
            session = self._sessions.get(key)
            if session is None:
                session = PsrpSession(self, self._endpoints[key])
                self._sessions[key] = session
        return self._connected(session)

    def open_early(self, nodes: Sequence[str], parallel: int) -> None:
        """Start opening `nodes`' runspace pools now, `parallel` at a time, in the background,
        and return: the run's guard (its calls on the entry node) runs meanwhile, and each node's
        first command (`open` -> `connect`) waits on its session's lock for its own pool only.
        Over the wire the other nodes' pools otherwise open after the guard, one WS-Management
        Create and Receive each (docs/psrp.md "Pools opened during the guard"). A pool that
        failed to open is reported by the node's next `open` (the reachability check), as
        its own attempt would have been, without trying again. `close` waits for the openings
        under way, drops the ones not started, and closes every pool, early ones included."""
        with self._lock:
            self._close_parallel = max(1, parallel)
            sessions = []
            for node in nodes:
                key = node.lower()
                if key not in self._sessions:
                    session = self._sessions[key] = PsrpSession(self, self._endpoints[key])
                    sessions.append(session)
            if not sessions:
                return
            opener = ThreadPoolExecutor(
                max_workers=max(1, min(parallel, len(sessions))), thread_name_prefix="pool-open"
            )
            self._early_openers.append(opener)
            first, rest = sessions[0], sessions[1:]

            def first_then_the_rest() -> None:
                # The first node (the entry node, whose guard calls are the critical path)
                # opens alone: the others' TLS handshakes and Creates (~5 ms CPU each) would
                # otherwise take the interpreter from it; they open during its first call.
                first.open_early()
                for session in rest:
                    try:
                        opener.submit(session.open_early)
                    except RuntimeError:  # `close` shut the opener down meanwhile
                        return

            opener.submit(first_then_the_rest)

    def open_aside(self, node: str) -> PsrpSession:
        """A session to `node` on a runspace pool of its own, beside the run's (`open`), for a
        caller that must not wait for the node's own commands: the whole-target checks' read
        on the entry node (docs/psrp.md "A second pool on the entry node"). Its caller closes
        it as soon as it is done (`close`, which also closes any left open). A second pool is
        a second shell of the same user on that node, far inside WinRM's quotas
        (MaxShellsPerUser 30, the Microsoft.PowerShell endpoint's 25: MS-WSMV 2.2.4.42 and
        3.1.4.1.34.3.4); one pool cannot run two of our pipelines at once (PsrpSession)."""
        session = PsrpSession(self, self._endpoints[node.lower()])
        with self._lock:
            self._asides.add(session)
        return self._connected(session)

    def _connected(self, session: PsrpSession) -> PsrpSession:
        """`session` with its pool open; one that cannot open is forgotten, so the node's next
        `open` starts afresh rather than holding a session that never connected."""
        try:
            session.connect()
        except TransportError:
            self.forget(session)
            raise
        return session

    def count_pool_opened(self) -> None:
        with self._lock:
            self.pools_opened += 1

    def forget(self, session: PsrpSession) -> None:
        with self._lock:
            if self._sessions.get(session.node.lower()) is session:
                del self._sessions[session.node.lower()]
            self._asides.discard(session)

    def close(self) -> None:
        """Close every session still open (the end of a run, or a refusal before it). An
        early opening under way is waited for first, one not started is dropped: none can
        open a pool after this.

        The pools close side by side, the run's --parallel at a time (the one `open_early` was
        given; one at a time for a run that opened none early): each close is one Delete and,
        on a real node, a shell torn down, and none waits for another's; one after the other,
        the end of a 16-node run waited for 17 of them in turn (bench/README.md, session 8).
        Each session's own close is unchanged (a failure is logged, not raised)."""
        with self._lock:
            openers, self._early_openers = self._early_openers, []
        for opener in openers:
            opener.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            sessions = [*self._sessions.values(), *self._asides]
            workers = max(1, min(self._close_parallel, len(sessions)))
        if workers == 1:
            for session in sessions:
                session.close()
            return
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pool-close") as closer:
            for _closed in closer.map(PsrpSession.close, sessions):
                pass  # map re-raises what a close did not handle itself
