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
import http.client
import logging
import re
import socket
import struct
import sys
from http import HTTPStatus
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


_HTTP_VERSION = re.compile(r"HTTP/(\d{1,10})\.(\d{1,10})")
_MAX_LINE = 65536  # http.client's limits: one header line, and the number of them
_MAX_HEADERS = 100


class BadHeaders(Exception):
    """Answered with send_error(status, message, explain), as http.server answers its own."""

    def __init__(self, status: HTTPStatus, message: str | None, explain: str | None = None):
        super().__init__(message or explain)
        self.status = status
        self.message = message
        self.explain = explain


def read_headers(rfile: Any) -> http.client.HTTPMessage:
    """A request's header section (RFC 9112 5: `name: value` lines, then an empty one) as
    http.client.parse_headers gives it (an HTTPMessage; each value without the whitespace
    after the colon and without the line end), with its limits (431), but read line by line
    rather than through the email package's parser; a malformed line gets 400."""
    headers = http.client.HTTPMessage()
    for _ in range(_MAX_HEADERS + 1):
        line = rfile.readline(_MAX_LINE + 1)
        if len(line) > _MAX_LINE:
            raise BadHeaders(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Line too long")
        if line in (b"\r\n", b"\n", b""):
            return headers
        name, colon, value = line.decode("iso-8859-1").partition(":")
        if not colon or not name or name != name.strip():
            raise BadHeaders(HTTPStatus.BAD_REQUEST, None, f"Bad header line ({line[:80]!r})")
        headers[name] = value.lstrip(" \t").rstrip("\r\n")
    raise BadHeaders(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Too many headers")


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
    raw_requestline: bytes  # set by handle_one_request (http.server)

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

    # --- the request's head -----------------------------------------------------------------

    def parse_request(self) -> bool:
        """BaseHTTPRequestHandler.parse_request (CPython 3.11, Lib/http/server.py) with the
        header section read by `read_headers` instead of the email package's parser (a tenth
        of the emulator's CPU per command, issue 16). The same checks, in the same order: the
        request line (`METHOD PATH HTTP/1.x`; a later major version gets 505), `//` at the
        path's start reduced to `/`, the header limits (431), `Connection` (close, keep-alive)
        and `Expect: 100-continue`. Stricter only where RFC 9112 lets a server be: a header
        line without a colon, a space before it, or folded onto the next line (obs-fold,
        RFC 9112 5.2) gets 400, where the email parser took such lines into the body; a
        request line without a version (HTTP/0.9's `GET /path`, which http.server still
        serves) gets 400 too, and a malformed version is reported as "Bad request syntax"
        where http.server says "Bad request version" (WinRM's clients send HTTP/1.1)."""
        self.command = None  # type: ignore[assignment]  # as http.server does, until parsed
        self.request_version = self.default_request_version
        self.close_connection = True
        self.requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        words = self.requestline.split()
        if not words:
            return False
        version = _HTTP_VERSION.fullmatch(words[-1]) if len(words) == 3 else None
        if version is None:
            self.send_error(HTTPStatus.BAD_REQUEST, f"Bad request syntax ({self.requestline!r})")
            return False
        if int(version.group(1)) >= 2:
            self.send_error(
                HTTPStatus.HTTP_VERSION_NOT_SUPPORTED,
                f"Invalid HTTP version ({words[-1].partition('/')[2]})",
            )
            return False
        if (int(version.group(1)), int(version.group(2))) >= (1, 1):
            self.close_connection = False
        self.request_version = words[-1]
        self.command, self.path = words[0], words[1]
        if self.path.startswith("//"):
            self.path = "/" + self.path.lstrip("/")
        try:
            self.headers = read_headers(self.rfile)
        except BadHeaders as bad:
            self.send_error(bad.status, bad.message, bad.explain)
            return False
        connection = self.headers.get("Connection", "").lower()
        if connection == "close":
            self.close_connection = True
        elif connection == "keep-alive":
            self.close_connection = False
        expect = self.headers.get("Expect", "").lower()
        if expect == "100-continue" and self.request_version >= "HTTP/1.1":
            return self.handle_expect_100()
        return True

    # --- replies -----------------------------------------------------------------------------

    def _reply(
        self,
        status: int,
        body: bytes = b"",
        *,
        content_type: str = "application/soap+xml;charset=UTF-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        # What send_response, send_header and end_headers write, then the body: in one write
        # (one TLS record, one segment), not one for the head and one for the body.
        self.log_request(status)
        lines = [
            f"{self.protocol_version} {status} {self.responses[status][0]}",
            f"Server: {self.version_string()}",
            f"Date: {self.date_time_string()}",
            *(f"{name}: {value}" for name, value in (headers or {}).items()),
        ]
        if body:
            lines.append(f"Content-Type: {content_type}")
        lines.append(f"Content-Length: {len(body)}")
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

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
