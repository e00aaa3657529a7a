"""ARM and Microsoft Graph on 127.0.0.1 over HTTPS, answered from the lab world.

One listener serves both services (Graph under /v1.0/), so an inventory's `arm_endpoint` and
`graph_endpoint` are the same URL. The bearer token must be one the world issued
(`world.caller_token()`): it is resolved to its principal, and every answer goes through
LabAzure's authorization, exactly like the in-process LabControlPlane. Certificates come from
the lab's throw-away CA; clients get its bundle, never `verify=False`.
"""

from __future__ import annotations

import json
import logging
import sys
import tempfile
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from orchestrator.inventory.models import AzureTarget
from orchestrator.lab.arm_emulator.faults import ArmFaultPlan, ErrorReply
from orchestrator.lab.arm_emulator.routes import (
    INVALID_AUTHORIZATION,
    MISSING_API_VERSION,
    MISSING_AUTHORIZATION,
    WRONG_TENANT,
    Answer,
    Request,
    Route,
    arm_error,
    default_error,
    find_route,
)
from orchestrator.lab.azure import ArmError, TokenGrant
from orchestrator.lab.ca import LabCertificates, make_lab_certificates
from orchestrator.lab.world import LabWorld

log = logging.getLogger(__name__)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, emulator: ArmEmulator) -> None:
        self.emulator = emulator
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            # clients that hang up (or fail the TLS handshake) are part of the job
            log.debug("connection from %s ended abruptly", client_address, exc_info=True)
        else:
            log.error("the ARM emulator failed on a request", exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes; with Nagle on, the body waited for the client's
    # delayed ACK of the headers (~40 ms on Linux) before it left: every ARM answer came
    # 40 ms late on loopback, which no real ARM front end adds (they set TCP_NODELAY too).
    disable_nagle_algorithm = True
    server_version = "lab-arm-emulator"
    sys_version = ""
    timeout = 30  # idle keep-alive connections end by themselves
    server: _Server

    def setup(self) -> None:
        # TLS in the connection's own thread: a slow handshake never blocks accepting.
        self.request = self.server.emulator.tls_context.wrap_socket(self.request, server_side=True)
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("arm-emulator: " + format, *args)

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        answer = self.server.emulator.answer(
            self.command,
            self.path,
            authorization=self.headers.get("Authorization"),
            host=self.headers.get("Host") or "127.0.0.1",
        )
        payload = b"" if answer.body is None else json.dumps(answer.body).encode()
        self.send_response(answer.status)
        if payload:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        request_id = str(uuid.uuid4())
        self.send_header("x-ms-request-id", request_id)
        self.send_header("x-ms-correlation-request-id", request_id)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if payload:
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve


class ArmEmulator:
    """Serve `world`'s Azure as ARM + Graph. Use as a context manager.

    `faults` takes ArmFault rules; `requests` records (method, route name) of every request
    that reached a route; `page_size` is how many permission entries one page holds (small,
    so the client's nextLink handling is always exercised).

    `asynchronous`: provider registration answers Registering, and an HCI cluster DELETE 202
    with an operation to poll, for the world's `provider_registration_s` / `delete_operation_s`
    of its clock (what ARM does). Off by default: a world served to a real client in real time
    answers at once, or every poll would really sleep; tests turn it on with a transport whose
    sleep advances the world's clock.
    """

    def __init__(
        self,
        world: LabWorld,
        *,
        certificates: LabCertificates | None = None,
        state_dir: Path | None = None,
        page_size: int = 2,
        asynchronous: bool = False,
    ) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.world = world
        if not asynchronous:
            world.azure.provider_registration_s = 0.0
            world.azure.delete_operation_s = 0.0
        self.page_size = page_size
        self.faults = ArmFaultPlan()
        self.requests: list[tuple[str, str]] = []
        self._given_certificates = certificates
        self.certificates = certificates
        self._own_dir: tempfile.TemporaryDirectory[str] | None = None
        self._state_dir = state_dir
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    # --- lifecycle --------------------------------------------------------------------------------

    def start(self) -> ArmEmulator:
        if self._server is not None:
            return self
        if self.certificates is None:
            if self._state_dir is None:
                self._own_dir = tempfile.TemporaryDirectory(prefix="hci-lab-arm-")
                self._state_dir = Path(self._own_dir.name)
            self.certificates = make_lab_certificates(self._state_dir / "arm-tls")
        self.tls_context = self.certificates.server_context()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="arm-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self._given_certificates is None and self.certificates is not None:
            self.certificates.remove()  # the CA dies with the run
            self.certificates = None
        if self._own_dir is not None:
            self._own_dir.cleanup()
            self._own_dir = None

    def __enter__(self) -> ArmEmulator:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start the emulator first"
        return f"https://127.0.0.1:{self._server.server_address[1]}"

    @property
    def ca_path(self) -> Path:
        assert self.certificates is not None, "start the emulator first"
        return self.certificates.ca_path

    # --- what clients are given -------------------------------------------------------------------

    def target(self, token_env: str) -> AzureTarget:
        """The world's Azure target, pointed at this emulator, with a `token_env:` credential."""
        with self.world.lock:
            t = self.world.target
            return AzureTarget(
                region=t.region,
                subscription_id=t.subscription_id,
                tenant_id=t.tenant_id,
                resource_group=t.resource_group,
                cloud=t.cloud,
                credential=f"token_env:{token_env}",
                arm_endpoint=self.url,
                graph_endpoint=self.url,
                ca_bundle=str(self.ca_path),
            )

    def inventory_azure(self, token_env: str) -> dict[str, Any]:
        """The inventory's `azure` section (plain data, for YAML); the token is referenced by
        environment variable name only."""
        t = self.target(token_env)
        return {
            "cloud": t.cloud,
            "region": t.region,
            "subscription_id": t.subscription_id,
            "tenant_id": t.tenant_id,
            "resource_group": t.resource_group,
            "credential": t.credential,
            "arm_endpoint": t.arm_endpoint,
            "graph_endpoint": t.graph_endpoint,
            "ca_bundle": t.ca_bundle,
        }

    # --- answering --------------------------------------------------------------------------------

    def answer(self, method: str, target: str, *, authorization: str | None, host: str) -> Answer:
        """The response to one request (the HTTP handler only writes it out)."""
        parts = urlsplit(target)
        request = Request(
            method.upper(),
            unquote(parts.path),
            parts.path,
            dict(parse_qsl(parts.query, keep_blank_values=True)),
            f"https://{host}",
        )
        found = find_route(request.method, request.path)
        if found is None:
            return arm_error(
                ArmError(
                    400,
                    "UnsupportedRoute",
                    f"The lab ARM emulator does not serve {request.method} {request.path}.",
                )
            )
        route, groups = found
        with self._lock:
            self.requests.append((request.method, route.name))
        if route.service == "arm" and not request.query.get("api-version"):
            return arm_error(ArmError(400, "MissingApiVersionParameter", MISSING_API_VERSION))
        fault = self.faults.take(route.name, request.method)
        if fault is not None and fault.phase == "before":
            return self._fault(fault, route, request, groups, authorization)
        with self.world.lock:
            # Extensions settle with the world's virtual time (LabWorld.settle_extensions), as
            # the in-process plane settles them before it answers.
            self.world.settle_extensions()
            try:
                grant = self._authenticate(route, groups, authorization)
                handler = route.handlers[request.method]
                answer = handler(self.world.azure, grant, request, groups, self.page_size)
            except ArmError as error:
                answer = arm_error(error, route.service)
        if fault is not None:  # phase "after": the change is made, its answer is lost
            return self._fault(fault, route, request, groups, authorization)
        return answer

    def _authenticate(
        self, route: Route, groups: dict[str, str], authorization: str | None
    ) -> TokenGrant:
        if not authorization:
            raise ArmError(401, "AuthenticationFailed", MISSING_AUTHORIZATION)
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ArmError(401, "AuthenticationFailed", INVALID_AUTHORIZATION)
        grant = self.world.azure.resolve_token(token.strip())
        sub = self.world.azure.subscriptions.get(groups.get("sub", ""))
        if route.service == "arm" and sub is not None and sub.tenant_id != grant.tenant_id:
            raise ArmError(
                401,
                "InvalidAuthenticationTokenTenant",
                WRONG_TENANT.format(token_tenant=grant.tenant_id, tenant=sub.tenant_id),
            )
        return grant

    def _caller(self, authorization: str | None) -> tuple[str, str]:
        """(name, object id) of the token's principal, for fault texts; best effort."""
        token = (authorization or "").partition(" ")[2].strip()
        with self.world.lock:
            try:
                grant = self.world.azure.resolve_token(token)
            except ArmError:
                return "unknown", "00000000-0000-0000-0000-000000000000"
            principal = self.world.azure.principals.get(grant.principal_id)
            return (principal.name if principal else grant.principal_id), grant.principal_id

    def _fault(
        self,
        fault: ErrorReply,
        route: Route,
        request: Request,
        groups: dict[str, str],
        authorization: str | None,
    ) -> Answer:
        error = default_error(
            route, request, groups, fault.status, self._caller(authorization), fault.retry_after
        )
        answer = arm_error(
            ArmError(fault.status, fault.code or error.code, fault.message or error.message),
            route.service,
        )
        if fault.retry_after is not None:
            return Answer(
                answer.status,
                answer.body,
                {**answer.headers, "Retry-After": str(fault.retry_after)},
            )
        return answer
