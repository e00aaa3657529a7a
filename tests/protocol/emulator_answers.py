"""The WinRM emulator's answers to a fixed set of WS-Management requests, recorded once and
compared byte for byte (tests/protocol/test_emulator_answers.py), so that work on the
emulator's speed (issue 16) cannot change a byte of what it answers.

The requests were sent by the real client (the psrp transport: pypsrp 0.9.1) to a served lab
node and recorded as the endpoint received them (after HTTP authentication and TLS); the
answers are the endpoint's replies when those requests are replayed into a fresh endpoint with
a fixed clock and numbered UUIDs (`replay`). Recorded at main 4d46f6a, before the emulator's
session 6 changes:

    .venv/bin/python -m tests.protocol.emulator_answers   # rewrites emulator_answers.json

Re-record only when a change of the answers is the point of a change (a lab cmdlet that now
answers differently), and say so in the commit.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from orchestrator.inventory.loader import parse_inventory
from orchestrator.lab import LabWorld, world_from_inventory
from orchestrator.lab.clock import VirtualClock
from orchestrator.lab.emulator import LabEmulator
from orchestrator.lab.emulator.endpoint import Credentials, NodeEndpoint
from orchestrator.lab.emulator.soap import NS
from orchestrator.lab.surface import dispatch
from orchestrator.transport.base import Command
from orchestrator.transport.psrp import PsrpTransport
from orchestrator.transport.scripts import HTTPS_PROBES, SESSIONS_OS_INFO

RECORDED = Path(__file__).with_name("emulator_answers.json")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "lab-cluster.yaml"
PASSWORD_ENV = "HCI_EMULATOR_ANSWERS_PASSWORD"

# What the flows send (register's pre-checks and steps), and the emulator's other answers:
# errors, a terminating failure, a command the lab does not know, a script the lab refuses,
# a native tool and $LASTEXITCODE, output with enums and nested records.
COMMANDS: tuple[Command, ...] = (
    Command.cmdlet("Get-Cluster"),
    Command.script_block(SESSIONS_OS_INFO, ComputerName=("node2", "node3")),
    Command.cmdlet("Get-AzureStackHCI"),
    Command.cmdlet("Get-CimInstance", ClassName="Win32_OperatingSystem"),
    Command.cmdlet(
        "Get-ItemProperty", Path="HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
    ),
    Command.cmdlet("Get-Service", Name="hcisvc"),
    Command.cmdlet("Get-Service", Name="no-such-service"),
    Command.cmdlet("Get-Date", Format="o"),
    Command.script_block(HTTPS_PROBES, Uri=("https://login.microsoftonline.com",)),
    Command.tool("azcmagent", "show", "-j"),
    Command.cmdlet("Get-Variable", Name="LASTEXITCODE", ValueOnly=True),
    Command.cmdlet("Get-Variable", Name="NoSuchVariable"),
    Command.cmdlet("New-Item", ItemType="Directory", Path="C:\\Lab\\Answers", Force=True),
    Command.cmdlet("Get-AzureStackHCIArcIntegration"),
    Command.cmdlet("Get-NoSuchCmdlet"),
    Command(name="Get-Process | Stop-Process", script="Get-Process | Stop-Process"),
)
# A CreatePipeline larger than one fragment: the client sends the rest with Send (MS-PSRP
# 2.2.4, MS-WSMV 3.1.4.11); the fragment size is made small for it.
LARGE = Command.cmdlet("Get-Service", Name="x" * 6000)
SMALL_FRAGMENTS = 2048


def lab_world() -> LabWorld:
    return world_from_inventory(parse_inventory(yaml.safe_load(EXAMPLE.read_text())))


def record() -> list[str]:
    """Run COMMANDS through the real client against a served node; the request bodies."""
    seen: list[str] = []
    with LabEmulator(lab_world()) as emulator:
        endpoint = emulator.endpoint("node1")
        answer = endpoint.answer

        def recording(raw: bytes) -> Any:
            seen.append(raw.decode("utf-8"))
            return answer(raw)

        endpoint.answer = recording  # type: ignore[method-assign]
        os.environ[PASSWORD_ENV] = emulator.credentials.password
        data = emulator.inventory(cluster="hci01", password_env=PASSWORD_ENV)
        session = PsrpTransport(parse_inventory(data), warn=lambda _m: None).open("node1")
        for command in COMMANDS:
            session.run(command)
        pool: Any = session._pool
        pool._fragmenter.max_size = SMALL_FRAGMENTS
        session.run(LARGE)
        session.close()
    return seen


@contextmanager
def numbered_uuids() -> Iterator[None]:
    """uuid.uuid4 gives 00000000-0000-4000-8000-000000000001, ...2, ... while inside."""
    real = uuid.uuid4
    counter = iter(range(1, 1 << 30))
    uuid.uuid4 = lambda: uuid.UUID(int=(0x4000 << 64) | (0x8 << 60) | next(counter))
    try:
        yield
    finally:
        uuid.uuid4 = real


def fresh_endpoint() -> NodeEndpoint:
    world = lab_world()
    world.clock = VirtualClock()
    node = world.node("node1")

    def execute(command: Command, host: Any) -> Any:
        return dispatch(world, node, command, host)

    endpoint = NodeEndpoint("node1", execute, credentials=Credentials("labadmin", "unused"))
    endpoint.port = 5986
    return endpoint


def replay(
    requests: list[str], answer: Callable[[NodeEndpoint, bytes], Any] | None = None
) -> list[dict[str, Any]]:
    """Each request into one fresh endpoint, in order: [{status, body}]."""
    answers = []
    with numbered_uuids():
        endpoint = fresh_endpoint()
        for text in requests:
            reply = (answer or NodeEndpoint.answer)(endpoint, text.encode("utf-8"))
            answers.append({"status": reply.status, "body": reply.body.decode("utf-8")})
    return answers


def after_delete(requests: list[str]) -> list[str]:
    """The recorded exchange plus a Signal for the deleted shell (a WS-Management fault)."""
    signal = next(r for r in requests if "/windows/shell/Signal<" in r)
    return [*requests, signal]


def prefixes(names: dict[str, str]) -> None:
    """Register namespace prefixes with ElementTree (process-wide, last one wins)."""
    for prefix, uri in names.items():
        ET.register_namespace(prefix, uri)


HTTP_RECORDED = Path(__file__).with_name("emulator_http.json")
_DATE = re.compile(rb"^Date: [^\r\n]*", re.MULTILINE)


def _http_answer(connection: socket.socket, buffer: bytearray) -> bytes:
    """One HTTP response (an interim 100 Continue with the final one after it) as received."""
    answer = b""
    while True:
        while b"\r\n\r\n" not in buffer:
            chunk = connection.recv(65536)
            if not chunk:
                raise ConnectionError(f"closed after {bytes(buffer)!r}")
            buffer += chunk
        head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
        found = re.search(rb"^Content-Length: (\d+)", head, re.MULTILINE | re.IGNORECASE)
        length = int(found.group(1)) if found else 0
        while len(rest) < length:
            rest += connection.recv(65536)
        buffer[:] = rest[length:]
        answer += head + b"\r\n\r\n" + rest[:length]
        if not head.startswith(b"HTTP/1.1 100 "):
            return answer


def http_exchange(requests: list[str]) -> list[str]:
    """Raw HTTP/1.1 requests on one kept-alive connection to a node served over plain HTTP
    with Basic auth (the insecure opt-in: no TLS, so the bytes can be read), the raw answers
    with their Date header and the listener's port masked: Create and Receive as pypsrp sends
    them, a request without credentials (401), one to another path (404), one sending
    `Expect: 100-continue`, and a Delete asking to close the connection."""
    password = "lab-only-password"
    credentials = Credentials("labadmin", password)
    token = base64.b64encode(f"labadmin:{password}".encode()).decode()
    answers = []
    with (
        numbered_uuids(),
        LabEmulator(
            lab_world(), tls=False, allow_unencrypted=True, credentials=credentials
        ) as emulator,
    ):
        port = emulator.endpoint("node1").port

        def post(body: str, path: str = "/wsman", *extra: str) -> bytes:
            data = body.encode("utf-8")
            lines = [
                f"POST {path} HTTP/1.1",
                f"Host: 127.0.0.1:{port}",
                "User-Agent: Python WinRM client",
                "Accept-Encoding: gzip, deflate",
                "Accept: */*",
                "Content-Type: application/soap+xml;charset=UTF-8",
                f"Content-Length: {len(data)}",
                *extra,
            ]
            return ("\r\n".join(lines) + "\r\n\r\n").encode() + data

        auth = f"Authorization: Basic {token}"
        sent = [
            post(requests[0], "/wsman", "Connection: keep-alive", auth),  # Create
            post(requests[1], "/wsman", "Connection: keep-alive", auth),  # Receive
            post(requests[1], "/wsman", "Connection: keep-alive"),  # no credentials
            post(requests[1], "/elsewhere", "Connection: keep-alive", auth),
            post(requests[4], "/wsman", "Expect: 100-continue", auth),  # a Signal
            post(requests[-2], "/wsman", "Connection: close", auth),  # Delete
        ]
        with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
            buffer = bytearray()
            for request in sent:
                connection.sendall(request)
                answer = _DATE.sub(b"Date: (masked)", _http_answer(connection, buffer))
                answers.append(answer.replace(f":{port}/".encode(), b":(port)/").decode("latin-1"))
            if connection.recv(1):
                raise AssertionError("the connection stayed open after Connection: close")
    return answers


def main() -> None:
    requests = after_delete(record())
    prefixes(NS)  # as in `lab serve`'s process, where no pypsrp client registered its own
    RECORDED.write_text(
        json.dumps({"requests": requests, "answers": replay(requests)}, indent=1) + "\n"
    )
    print(f"{RECORDED}: {len(requests)} requests")
    HTTP_RECORDED.write_text(json.dumps(http_exchange(requests), indent=1) + "\n")
    print(f"{HTTP_RECORDED}: the HTTP exchange")


if __name__ == "__main__":
    main()
