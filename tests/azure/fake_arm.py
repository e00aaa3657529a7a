"""A scripted loopback HTTP server for ARM/Graph client tests (no real Azure, no real sleeping)."""

from __future__ import annotations

import json
import ssl
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from azure.core.pipeline.transport import RequestsTransport

from orchestrator.lab.ca import LabCertificates


class ScriptedArm:
    """Routes `METHOD path` to a queue of (status, body, headers); the last one repeats."""

    def __init__(self, certificates: LabCertificates) -> None:
        self.certificates = certificates
        self.routes: dict[str, deque[tuple[int, Any, dict[str, str]]]] = {}
        self.calls: list[tuple[str, str, dict[str, str]]] = []
        self.hits: defaultdict[str, int] = defaultdict(int)
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(certificates.cert_path, certificates.key_path)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.server.server_address[1]}"

    def route(
        self, method: str, path: str, *responses: tuple[int, Any] | tuple[int, Any, dict[str, str]]
    ) -> None:
        self.routes[f"{method} {path}"] = deque(
            (r[0], r[1], r[2] if len(r) > 2 else {}) for r in responses
        )

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        arm = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                key = f"{self.command} {parts.path}"
                arm.calls.append((self.command, self.path, dict(self.headers)))
                arm.hits[key] += 1
                queue = arm.routes.get(key)
                if not queue:
                    status, body, headers = (
                        404,
                        {
                            "error": {
                                "code": "ResourceNotFound",
                                "message": f"The Resource '{parts.path}' was not found.",
                            }
                        },
                        {},
                    )
                else:
                    status, body, headers = queue[0] if len(queue) == 1 else queue.popleft()
                payload = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

        return Handler

    def __enter__(self) -> ScriptedArm:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class RecordingTransport(RequestsTransport):
    """The real requests transport, except that every wait (retry back-off, Retry-After, LRO
    polls) is recorded instead of slept, and handed to `on_sleep` (e.g. a lab world's virtual
    clock) when given."""

    def __init__(self, on_sleep: Callable[[float], None] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.slept: list[float] = []
        self._on_sleep = on_sleep

    def sleep(self, duration: float) -> None:
        self.slept.append(duration)
        if self._on_sleep is not None:
            self._on_sleep(duration)
