"""One simulated node's WinRM endpoint: its listener, its shells, its faults and counters.

`answer` is the whole server for one request body (after HTTP auth): parse the SOAP envelope,
apply a matching fault, run the WS-Management action against the node's shells, and build
the response. Shells map one-to-one to PSRP runspace pools; `pools_opened` counts Creates.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import logging
import socket
import ssl
import threading
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Literal

import attrs
import psrpcore

from orchestrator.lab.emulator import faults
from orchestrator.lab.emulator.listener import DropConnection, ListenerServer
from orchestrator.lab.emulator.runspace import Execute, Shell
from orchestrator.lab.emulator.soap import (
    ACTION_NOT_SUPPORTED,
    COMMAND_DONE,
    COMMAND_RUNNING,
    POWERSHELL_RESOURCE,
    SHELL_ACTIONS,
    TRANSFER_ACTIONS,
    Request,
    SoapFault,
    element,
    envelope,
    fault_envelope,
    parse_request,
    q,
    shell_not_found,
    text,
)
from orchestrator.lab.latency import LatencyInjector
from orchestrator.transport.base import Command

log = logging.getLogger(__name__)

Auth = Literal["basic", "negotiate"]
# A Receive with nothing to say waits at most this long, whatever OperationTimeout asked for,
# so that stopping the emulator never waits on a parked long-poll.
_MAX_LONG_POLL_S = 5.0


@attrs.frozen
class Credentials:
    username: str
    password: str = attrs.field(repr=False)


@attrs.frozen
class Answer:
    status: int
    body: bytes = b""


class NodeEndpoint:
    def __init__(
        self,
        name: str,
        execute: Execute,
        *,
        credentials: Credentials,
        auth: Auth = "basic",
        tls_context: ssl.SSLContext | None = None,
        allow_unencrypted: bool = False,
        reachable: Callable[[], bool] = lambda: True,
        latency: LatencyInjector | None = None,
    ) -> None:
        self.name = name
        self.machine = name.upper()
        self.execute = execute
        self.credentials = credentials
        self.auth = auth
        self.tls_context = tls_context
        self.allow_unencrypted = allow_unencrypted
        self.reachable = reachable  # the world's say: a node it marks unreachable goes down
        self.faults = faults.FaultPlan()
        # `lab serve --latency`: every remote command (its Command request) answered later.
        self.latency = latency
        self.pools_opened = 0
        # TCP connections accepted (over HTTPS: whose TLS handshake completed). A client that
        # keeps its connection alive, as pypsrp's requests session does, opens one per pool.
        self.connections_accepted = 0
        self.boots = 0
        self.actions: list[str] = []  # every WS-Management action received, in order
        self.commands: list[Command] = []  # every command its pipelines ran, in order
        self.port = 0
        self._shells: dict[str, Shell] = {}
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._hanging: list[faults.Hang] = []  # released when the endpoint stops
        self._server: ListenerServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle --------------------------------------------------------------------------------

    @property
    def up(self) -> bool:
        return self._server is not None

    def start(self) -> None:
        """Listen (again) on the endpoint's port; the first start picks a free one."""
        if self._server is not None:
            return
        self._stopping.clear()
        self._server = ListenerServer(self.port, self)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"winrm-{self.name}",
            daemon=True,
        )
        self._thread.start()

    def go_down(self) -> None:
        """Stop listening and cut every connection: clients now get 'connection refused'."""
        server, self._server = self._server, None
        self._stopping.set()
        with self._lock:
            hanging, self._hanging = self._hanging, []
        for hang in hanging:
            hang.release()
        with self._lock:
            shells = list(self._shells.values())
        for shell in shells:
            shell.abandon()
        if server is not None:
            server.shutdown()
            server.server_close()
        self._cut_connections()
        if self._thread is not None:
            self._thread.join(timeout=2)

    come_up = start
    stop = go_down

    def reboot(self) -> None:
        """Every runspace pool and TCP connection is lost; the listener stays up."""
        with self._lock:
            lost = list(self._shells.values())
            self._shells.clear()
            self.boots += 1
        for shell in lost:
            shell.abandon()
        self._cut_connections()

    def track(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.add(connection)
            self.connections_accepted += 1

    def untrack(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.discard(connection)

    def _cut_connections(self) -> None:
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    # --- one request ------------------------------------------------------------------------------

    def answer(self, raw: bytes) -> Answer:
        if not self.reachable():
            # The node vanished mid-run: this request dies with its connection, later ones are
            # refused. (Safe from a request thread: serve_forever runs in its own thread.)
            self.go_down()
            raise DropConnection
        try:
            request = parse_request(raw)
        except (ET.ParseError, ValueError):
            return Answer(400)
        with self._lock:
            self.actions.append(request.action)
        try:
            prepared = self._prepare_command(request) if request.action == "Command" else None
            cmdlet = prepared[2].commands[0].command_text if prepared and prepared[2] else None
            effect = self.faults.take(request.action, cmdlet)
            early = self._strike(effect, "before", request)
            if early is not None:
                return early
            if self.latency is not None and request.action == "Command":
                self.latency.before_call(self.name)
            reply = self._dispatch(request, prepared)
        except SoapFault as fault:
            return Answer(500, fault_envelope(fault, request.message_id, self.machine))
        late = self._strike(effect, "after", request)
        return late if late is not None else reply

    def _strike(self, effect: faults.Effect | None, phase: str, request: Request) -> Answer | None:
        if effect is None or effect.phase != phase:
            return None
        log.info("%s: fault %r on %s", self.name, effect, request.action)
        if isinstance(effect, faults.Drop):
            raise DropConnection
        if isinstance(effect, faults.Delay):
            self._stopping.wait(effect.seconds)
            return None
        if isinstance(effect, faults.Hang):
            with self._lock:
                stopping = self._stopping.is_set()
                if not stopping:
                    self._hanging.append(effect)
            if not stopping:
                effect.released.wait()
            if self._stopping.is_set():
                raise DropConnection
            return None
        if isinstance(effect, faults.HttpStatus):
            return Answer(effect.status)
        if isinstance(effect, faults.WSManFault):
            fault = SoapFault(effect.code, effect.subcode, effect.reason)
            return Answer(500, fault_envelope(fault, request.message_id, self.machine))
        if isinstance(effect, faults.Unauthorized):
            return Answer(401)
        self.reboot()
        return None

    def _shell(self, request: Request) -> Shell:
        shell_id = request.selectors.get("ShellId", "").upper()
        with self._lock:
            shell = self._shells.get(shell_id)
        if shell is None:
            raise shell_not_found(shell_id)
        return shell

    def _dispatch(
        self,
        request: Request,
        prepared: tuple[Shell, psrpcore.ServerPipeline, psrpcore.PowerShell | None] | None,
    ) -> Answer:
        if request.action == "Create":
            return self._create(request)
        if request.action == "Command":
            assert prepared is not None
            return self._command(request, *prepared)
        shell = self._shell(request)
        if request.action == "Send":
            return self._send(request, shell)
        if request.action == "Receive":
            return self._receive(request, shell)
        if request.action == "Signal":
            return self._signal(request, shell)
        if request.action == "Delete":
            with self._lock:
                self._shells.pop(shell.id, None)
            return self._ok(TRANSFER_ACTIONS + "DeleteResponse", request)
        if request.action == "Get":
            body = self._shell_element(shell)
            return Answer(
                200, envelope(TRANSFER_ACTIONS + "GetResponse", request.message_id, body, ("rsp",))
            )
        raise SoapFault(
            ACTION_NOT_SUPPORTED,
            "w:ActionNotSupported",
            f"The action {request.action} is not supported by the lab emulator.",
        )

    @staticmethod
    def _ok(action: str, request: Request, child: str | None = None) -> Answer:
        if child:
            return Answer(
                200, envelope(action, request.message_id, element(f"rsp:{child}"), ("rsp",))
            )
        return Answer(200, envelope(action, request.message_id))

    # --- actions ------------------------------------------------------------------------------------

    def _create(self, request: Request) -> Answer:
        shell_xml = request.body.find(q("rsp", "Shell"))
        creation = None if shell_xml is None else shell_xml.find(q("pwsh", "creationXml"))
        if (
            shell_xml is None
            or creation is None
            or not request.resource_uri.startswith(POWERSHELL_RESOURCE)
        ):
            raise SoapFault(
                ACTION_NOT_SUPPORTED,
                "w:InvalidParameter",
                "The lab emulator serves PowerShell (PSRP) shells only.",
            )
        shell_id = (shell_xml.attrib.get("ShellId") or str(uuid.uuid4())).upper()
        shell = Shell(shell_id, request.resource_uri, self.commands)
        shell.feed(_b64(creation.text), None)  # SessionCapability + InitRunspacePool
        with self._lock:
            self._shells[shell_id] = shell
            self.pools_opened += 1
        selector = element("wsman:Selector", text(shell_id), (("Name", "ShellId"),))
        reference = element("wsman:ResourceURI", text(request.resource_uri)) + element(
            "wsman:SelectorSet", selector
        )
        created = element(
            "wst:ResourceCreated",
            element("wsa:Address", f"http://127.0.0.1:{self.port}/wsman")
            + element("wsa:ReferenceParameters", reference),
        )
        body = created + self._shell_element(shell)
        action = TRANSFER_ACTIONS + "CreateResponse"
        uses = ("rsp", "wsman", "wst")
        return Answer(200, envelope(action, request.message_id, body, uses))

    def _shell_element(self, shell: Shell) -> str:
        return element(
            "rsp:Shell",
            "".join(
                element(f"rsp:{tag}", text(value))
                for tag, value in (
                    ("ShellId", shell.id),
                    ("ResourceUri", shell.resource_uri),
                    ("Owner", f"{self.machine}\\{self.credentials.username}"),
                    ("ClientIP", "127.0.0.1"),
                    ("IdleTimeOut", "PT7200.000S"),
                    ("InputStreams", "stdin pr"),
                    ("OutputStreams", "stdout"),
                    ("State", "Connected"),
                )
            ),
        )

    def _prepare_command(
        self, request: Request
    ) -> tuple[Shell, psrpcore.ServerPipeline, psrpcore.PowerShell | None]:
        """Decode the pipeline (no side effect yet) so faults can match its cmdlet."""
        shell = self._shell(request)
        line = request.body.find(q("rsp", "CommandLine"))
        command_id = (line.attrib.get("CommandId") if line is not None else None) or str(
            uuid.uuid4()
        )
        pipe = shell.new_pipeline(uuid.UUID(command_id))
        pipeline = None
        for argument in [] if line is None else line.findall(q("rsp", "Arguments")):
            for event in shell.feed(_b64(argument.text), pipe.pipeline_id):
                if isinstance(event, psrpcore.CreatePipelineEvent):
                    pipeline = _created(pipe)
        return shell, pipe, pipeline

    def _command(
        self,
        request: Request,
        shell: Shell,
        pipe: psrpcore.ServerPipeline,
        pipeline: psrpcore.PowerShell | None,
    ) -> Answer:
        if pipeline is not None:
            shell.run(pipe, pipeline, self.execute)
        # else: the rest of a large CreatePipeline comes with Send; it runs from there.
        body = element(
            "rsp:CommandResponse", element("rsp:CommandId", str(pipe.pipeline_id).upper())
        )
        action = SHELL_ACTIONS + "CommandResponse"
        return Answer(200, envelope(action, request.message_id, body, ("rsp",)))

    def _send(self, request: Request, shell: Shell) -> Answer:
        send = request.body.find(q("rsp", "Send"))
        for stream in [] if send is None else send.findall(q("rsp", "Stream")):
            command_id = stream.attrib.get("CommandId")
            target = uuid.UUID(command_id) if command_id else None
            for event in shell.feed(_b64(stream.text), target):
                if isinstance(event, psrpcore.CreatePipelineEvent) and target is not None:
                    pipe = shell.pool.pipeline_table[target]
                    shell.run(pipe, _created(pipe), self.execute)
        return self._ok(SHELL_ACTIONS + "SendResponse", request, "SendResponse")

    def _receive(self, request: Request, shell: Shell) -> Answer:
        receive = request.body.find(q("rsp", "Receive"))
        desired = None if receive is None else receive.find(q("rsp", "DesiredStream"))
        command_id = None if desired is None else desired.attrib.get("CommandId")
        target = uuid.UUID(command_id) if command_id else None
        timeout = min(request.operation_timeout_s, _MAX_LONG_POLL_S)
        data, done = shell.take(target, timeout)
        response = ""
        if data:
            named = (
                (("Name", "stdout"), ("CommandId", command_id))
                if command_id
                else (("Name", "stdout"),)
            )
            response += element("rsp:Stream", base64.b64encode(data).decode(), named)
        if command_id:
            state = COMMAND_DONE if done else COMMAND_RUNNING
            response += element(
                "rsp:CommandState", "", (("CommandId", command_id), ("State", state))
            )
        body = element("rsp:ReceiveResponse", response)
        action = SHELL_ACTIONS + "ReceiveResponse"
        return Answer(200, envelope(action, request.message_id, body, ("rsp",)))

    def _signal(self, request: Request, shell: Shell) -> Answer:
        signal = request.body.find(q("rsp", "Signal"))
        command_id = None if signal is None else signal.attrib.get("CommandId")
        if command_id:
            target = uuid.UUID(command_id)
            if shell.stop_waiting(target):  # Ctrl+C at a prompt: the pipeline ends Stopped
                return self._ok(SHELL_ACTIONS + "SignalResponse", request, "SignalResponse")
            with shell.lock:
                pipe = shell.pool.pipeline_table.get(target)
                if pipe is not None and target in shell.finished:
                    pipe.close()  # Terminate (or a late ctrl_c) frees a finished pipeline
                    shell.outbox.pop(target, None)
                    shell.finished.discard(target)
        return self._ok(SHELL_ACTIONS + "SignalResponse", request, "SignalResponse")


def _created(pipe: psrpcore.ServerPipeline) -> psrpcore.PowerShell:
    """The pipeline a CreatePipeline message described, as psrpcore kept it.

    psrpcore's pool stores it on the pipeline (`_process_CreatePipeline`: `metadata =
    event.pipeline`); `CreatePipelineEvent.pipeline` is a property that rebuilds it from the
    message on every read (`PowerShell.FromPSObjectForRemoting`), a tenth of the emulator's
    CPU per command when read a second time here.
    """
    pipeline = pipe.metadata
    assert isinstance(pipeline, psrpcore.PowerShell), "psrpcore processed the CreatePipeline"
    return pipeline


def _b64(text: str | None) -> bytes:
    try:
        return base64.b64decode(text or "")
    except binascii.Error:
        raise SoapFault(
            ACTION_NOT_SUPPORTED, "w:InvalidParameter", "The stream is not valid base64."
        ) from None
