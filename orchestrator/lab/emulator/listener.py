"""The HTTP(S) side of one emulated WinRM listener: TLS, authentication, message encryption.

One `ThreadingHTTPServer` per node on 127.0.0.1, HTTP/1.1 keep-alive (an NTLM security
context belongs to its TCP connection, as with the real WinRM service). TLS is negotiated in
the connection's own thread, so a slow handshake never blocks the accept loop.

Auth:
- basic: `Authorization: Basic ...` checked on every request.
- negotiate: SPNEGO/NTLM acceptor from pyspnego (raw NTLM tokens are accepted too, so pypsrp's
  auth "ntlm" and "negotiate" both work), then WinRM message encryption
  (multipart/encrypted, MS-WSMV 2.2.9.1). pyspnego's NTLM acceptor reads the accepted
  accounts from the file named by the NTLM_USER_FILE environment variable only.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hmac
import logging
import re
import socket
import struct
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import spnego
import spnego.exceptions

if TYPE_CHECKING:
    from orchestrator.lab.emulator.endpoint import NodeEndpoint

log = logging.getLogger(__name__)

BOUNDARY = "Encrypted Boundary"
SPNEGO_ENCRYPTED = "application/HTTP-SPNEGO-session-encrypted"
_AUTH_HEADER = re.compile(r"^(Negotiate|NTLM)\s+(\S+)$", re.IGNORECASE)
_LENGTH = re.compile(rb"Length=(\d+)")


class DropConnection(Exception):
    """Close the TCP connection without answering."""


class ListenerServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, endpoint: NodeEndpoint) -> None:
        self.endpoint = endpoint
        super().__init__(("127.0.0.1", port), WinRMRequestHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            # Clients that give up (read timeouts, dropped faults) are part of the job.
            log.debug("connection from %s ended abruptly", client_address, exc_info=True)
        else:
            log.error("%s: the emulator failed on a request", self.endpoint.name, exc_info=True)


class WinRMRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes
    server_version = "Microsoft-HTTPAPI/2.0"  # what WinRM's http.sys answers with
    sys_version = ""
    server: ListenerServer

    def setup(self) -> None:
        endpoint = self.server.endpoint
        if endpoint.tls_context is not None:
            self.request = endpoint.tls_context.wrap_socket(self.request, server_side=True)
        endpoint.track(self.request)
        self._context: spnego.ContextProxy | None = None
        super().setup()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.endpoint.untrack(self.request)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s: " + format, self.server.endpoint.name, *args)

    # --- replies -----------------------------------------------------------------------------

    def _reply(
        self,
        status: int,
        body: bytes = b"",
        *,
        content_type: str = "application/soap+xml;charset=UTF-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if body:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _challenge(self, token: bytes | None = None) -> None:
        if self.server.endpoint.auth == "basic":
            self._reply(401, headers={"WWW-Authenticate": 'Basic realm="WSMAN"'})
        else:
            value = "Negotiate" + (f" {base64.b64encode(token).decode()}" if token else "")
            self._reply(401, headers={"WWW-Authenticate": value})

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.request.shutdown(socket.SHUT_RDWR)

    # --- the request ---------------------------------------------------------------------------

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.path.rstrip("/").lower() != "/wsman":
            self._reply(404)
            return
        endpoint = self.server.endpoint
        if endpoint.auth == "basic":
            if not self._basic_ok():
                self._challenge()
                return
            plaintext, encrypted = raw, False
        else:
            accepted = self._negotiate(raw)
            if accepted is None:
                return
            plaintext, encrypted = accepted
        try:
            answer = endpoint.answer(plaintext)
        except DropConnection:
            self._drop()
            return
        if answer.status == 401:
            self._context = None
            self._challenge()
        elif encrypted and answer.body:
            self._reply(
                answer.status,
                self._wrap(answer.body),
                content_type=f'multipart/encrypted;protocol="{SPNEGO_ENCRYPTED}";'
                f'boundary="{BOUNDARY}"',
            )
        else:
            self._reply(answer.status, answer.body)

    def _basic_ok(self) -> bool:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        expected = self.server.endpoint.credentials
        return user.lower() == expected.username.lower() and hmac.compare_digest(
            password.encode(), expected.password.encode()
        )

    def _negotiate(self, raw: bytes) -> tuple[bytes, bool] | None:
        """Run the handshake; None when a reply (401/200) has been sent already."""
        match = _AUTH_HEADER.match(self.headers.get("Authorization", ""))
        if match:
            if self._context is None or self._context.complete:
                self._context = spnego.server(protocol="negotiate")
            try:
                token = self._context.step(base64.b64decode(match.group(2)))
            except (spnego.exceptions.SpnegoError, binascii.Error):
                log.info("%s: NTLM authentication failed", self.server.endpoint.name)
                self._context = None
                self._challenge()
                return None
            if not self._context.complete:
                self._challenge(token)
                return None
            if not raw:  # pypsrp's empty POST that only sets the security context up
                final = f"Negotiate {base64.b64encode(token).decode()}" if token else None
                self._reply(200, headers={"WWW-Authenticate": final} if final else None)
                return None
        elif self._context is None or not self._context.complete:
            self._challenge()
            return None
        if self.headers.get("Content-Type", "").startswith("multipart/encrypted"):
            return self._unwrap(raw), True
        endpoint = self.server.endpoint
        if endpoint.tls_context is None and not endpoint.allow_unencrypted:
            # AllowUnencrypted=false, the WinRM default: cleartext bodies over HTTP are refused
            # (over HTTPS, TLS protects them).
            self._challenge()
            return None
        return raw, False

    def _unwrap(self, data: bytes) -> bytes:
        assert self._context is not None
        marker = f"--{BOUNDARY}".encode()
        parts = [p for p in data.split(marker) if p.strip(b"-\r\n")]
        message = b""
        for head, blob in zip(parts[0::2], parts[1::2], strict=False):
            found = _LENGTH.search(head)
            expected = int(found.group(1)) if found else None
            blob = blob.split(b"application/octet-stream\r\n", 1)[-1]
            header_length = struct.unpack("<i", blob[:4])[0]
            header = blob[4 : 4 + header_length]
            plain = self._context.unwrap_winrm(header, blob[4 + header_length :])
            message += plain if expected is None else plain[:expected]
        return message

    def _wrap(self, body: bytes) -> bytes:
        assert self._context is not None
        wrapped = self._context.wrap_winrm(body)
        head = "\r\n".join(
            [
                f"--{BOUNDARY}",
                f"\tContent-Type: {SPNEGO_ENCRYPTED}",
                "\tOriginalContent: type=application/soap+xml;charset=UTF-8;"
                f"Length={len(body) + wrapped.padding_length}",
                f"--{BOUNDARY}",
                "\tContent-Type: application/octet-stream",
                "",
            ]
        ).encode()
        blob = struct.pack("<i", len(wrapped.header)) + wrapped.header + wrapped.data
        return head + blob + f"--{BOUNDARY}--\r\n".encode()
