"""A command's WS-Management envelopes from a template per pool (transport/psrp_envelopes.py):
byte for byte pypsrp's own, pypsrp's own path for anything else, nothing of a fragment kept,
counted over the wire."""

from __future__ import annotations

import base64
import itertools
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pypsrp.shell
import pypsrp.wsman
import pytest
from pypsrp.shell import SignalCode, WinRS
from pypsrp.wsman import NAMESPACES, SelectorSet, WSMan

from orchestrator.lab.emulator import LabEmulator
from orchestrator.transport.base import Command
from orchestrator.transport.psrp_envelopes import EnvelopeCounts, TemplatedWSMan
from tests.protocol.conftest import transport
from tests.protocol.pinned import source_digest

SHELL_ID = "0F2D6F3C-1C45-4B5E-9B3A-6C1D2E3F4A5B"
RESOURCE_URI = "http://schemas.microsoft.com/powershell/Microsoft.PowerShell"
COMMAND_IDS = ["6B1E0F43-9A0E-4C2A-8E57-2D3F1C0B9A11", "C3A2B1D0-0E9F-4A8B-B7C6-D5E4F3A2B1C0"]


def fixed_uuids() -> Iterator[uuid.UUID]:
    """uuid4's stand-in: the same ids for both paths, with hex letters in them."""
    for n in itertools.count(1):
        yield uuid.UUID(int=(n * 0x9E3779B97F4A7C15F39CC0605CEDC834) % 2**128)


MESSAGE_ID = re.compile(rb"<wsa:MessageID>uuid:([0-9A-F-]{36})</wsa:MessageID>")


class Recorded:
    """pypsrp's transport as WSMan.invoke uses it: what was sent, answered with an empty body
    that relates to the message (MS-WSMV 3.1.4.1.2: RelatesTo is the request's MessageID)."""

    endpoint = "https://node1.contoso.test:5986/wsman"

    def __init__(self) -> None:
        self.sent: list[bytes] = []
        self.timeouts: list[Any] = []

    def send(
        self, message: bytes, *, retries_on_read_timeout: int = 0, timeout: Any = None
    ) -> bytes:
        self.sent.append(message)
        self.timeouts.append((retries_on_read_timeout, timeout))
        found = MESSAGE_ID.search(message)
        assert found is not None
        return (
            f'<s:Envelope xmlns:s="{NAMESPACES["s"]}" xmlns:wsa="{NAMESPACES["wsa"]}">'
            f"<s:Header><wsa:RelatesTo>uuid:{found.group(1).decode()}</wsa:RelatesTo></s:Header>"
            "<s:Body/></s:Envelope>"
        ).encode()


def shell_of(wsman: WSMan) -> WinRS:
    wsman.transport = Recorded()  # type: ignore[assignment]
    shell = WinRS(wsman, resource_uri=RESOURCE_URI, id=SHELL_ID)
    shell._selector_set = SelectorSet()
    shell._selector_set.add_option("ShellId", SHELL_ID)
    return shell


def fragment(n: int) -> str:
    return base64.b64encode(bytes(range(256)) * (n // 256 + 1))[: 4 * n].decode()


# What PowerShell.invoke / poll_invoke / close / stop ask of the pool's shell for a command
# (pypsrp powershell.py v0.9.1): Command with the first fragment, Receive stdout, the
# terminate Signal; Ctrl+C for a stopped prompt; a pool's own Receive (no CommandId); a
# Receive with an operation timeout.
def commands(shell: WinRS) -> None:
    for n, command_id in enumerate(COMMAND_IDS * 2):
        shell.command("", arguments=[fragment(5 + 300 * n)], command_id=command_id)
        shell.receive("stdout", command_id=command_id)
        shell.receive("stdout", command_id=command_id, timeout=7)
        shell.signal(SignalCode.TERMINATE, command_id)
    shell.signal(SignalCode.PS_CTRL_C, COMMAND_IDS[0])
    shell.receive("stdout")
    shell.command("", arguments=[fragment(3)], command_id=COMMAND_IDS[1])


def sent_by(make: Callable[[], WSMan], monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    ids = fixed_uuids()
    monkeypatch.setattr(uuid, "uuid4", lambda: next(ids))
    wsman = make()
    shell = shell_of(wsman)
    commands(shell)
    recorded = wsman.transport
    assert isinstance(recorded, Recorded)
    return recorded.sent


def pypsrp_wsman() -> WSMan:
    return WSMan("node1.contoso.test", username="u", password="p", auth="ntlm", no_proxy=True)


def templated(counts: EnvelopeCounts) -> Callable[[], WSMan]:
    def make() -> WSMan:
        return TemplatedWSMan(
            "node1.contoso.test",
            username="u",
            password="p",
            auth="ntlm",
            no_proxy=True,
            envelope_counts=counts,
        )

    return make


def test_the_envelopes_are_the_bytes_pypsrp_serializes(monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = sent_by(pypsrp_wsman, monkeypatch)
    counts = EnvelopeCounts()
    ours = sent_by(templated(counts), monkeypatch)

    assert len(ours) == 19
    assert ours == theirs
    # made by pypsrp's code: the first of each kind (Command, Receive, Receive with a timeout,
    # Signal terminate, Signal Ctrl+C) and the pool's own Receive; the rest joined
    assert (counts.built, counts.from_template) == (6, 13)


def test_the_answer_is_checked_and_the_timeout_passed_as_pypsrp_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wsman = templated(EnvelopeCounts())()
    shell = shell_of(wsman)
    for _ in range(2):
        shell.receive("stdout", command_id=COMMAND_IDS[0], timeout=7)
    recorded = wsman.transport
    assert isinstance(recorded, Recorded)
    # wsman.py WSMan.receive: 5 retries on a read timeout; invoke: the HTTP timeout 2 s over
    assert recorded.timeouts == [(5, 9), (5, 9)]

    def unrelated(message: bytes, **_kwargs: Any) -> bytes:
        other = str(uuid.uuid4()).upper().encode()
        wrong = b"<wsa:MessageID>uuid:" + other + b"</wsa:MessageID>"
        return Recorded().send(MESSAGE_ID.sub(wrong, message))

    monkeypatch.setattr(recorded, "send", unrelated)
    with pytest.raises(pypsrp.exceptions.WinRMError, match="Received related id does not match"):
        shell.receive("stdout", command_id=COMMAND_IDS[0], timeout=7)


@pytest.mark.parametrize(
    ("case", "call"),
    [
        ("a command id not shaped as pypsrp makes it", lambda s: s.signal("x", "not-a-guid")),
        (
            "a lower-case command id",
            lambda s: s.receive("stdout", command_id=COMMAND_IDS[0].lower()),
        ),
        (
            "an argument that is not base64",
            lambda s: s.command("", ["a<b"], command_id=COMMAND_IDS[0]),
        ),
        ("two arguments", lambda s: s.command("", ["QQ==", "QQ=="], command_id=COMMAND_IDS[0])),
        ("a command without an id", lambda s: s.command("", ["QQ=="])),
        ("a Send", lambda s: s.send("stdin", b"data", command_id=COMMAND_IDS[0])),
    ],
)
def test_anything_else_is_pypsrps_own_path(
    case: str, call: Callable[[WinRS], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def twice(make: Callable[[], WSMan]) -> list[bytes]:
        ids = fixed_uuids()
        monkeypatch.setattr(uuid, "uuid4", lambda: next(ids))
        wsman = make()
        shell = shell_of(wsman)
        call(shell)
        call(shell)
        recorded = wsman.transport
        assert isinstance(recorded, Recorded)
        return recorded.sent

    counts = EnvelopeCounts()
    assert twice(templated(counts)) == twice(pypsrp_wsman)
    assert (counts.built, counts.from_template) == (2, 0), case


def test_a_template_keeps_nothing_of_a_fragment(monkeypatch: pytest.MonkeyPatch) -> None:
    counts = EnvelopeCounts()
    wsman = templated(counts)()
    assert isinstance(wsman, TemplatedWSMan)
    shell = shell_of(wsman)
    secret = base64.b64encode(b"-ArmAccessToken eyJ0eXAiOiJKV1QiLCJhbGciOi").decode()
    shell.command("", arguments=[secret], command_id=COMMAND_IDS[0])
    shell.command("", arguments=[fragment(10)], command_id=COMMAND_IDS[1])

    kept = b"".join(b"".join(parts) for parts in wsman._templates.values())
    assert secret.encode() not in kept
    assert COMMAND_IDS[0].encode() not in kept
    assert counts.from_template == 1


def test_over_the_wire_a_commands_envelopes_come_from_the_pools_templates(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve()
    psrp = transport(emulator)
    session = psrp.open("node1")
    opened = (psrp.envelope_counts.built, psrp.envelope_counts.from_template)
    for _ in range(5):
        session.run(Command.cmdlet("Get-Service", Name="hcisvc"))
    session.close()

    # the pool's Create and Receive; then the first Command, Receive and Signal, the Delete
    assert opened == (2, 0)
    assert (psrp.envelope_counts.built, psrp.envelope_counts.from_template) == (6, 12)


# The pypsrp code the byte equality rests on (pypsrp 0.9.1): how invoke builds, sends and
# checks, the header it writes, the option and selector sets, and the bodies WinRS builds
# for a command. A release that changes any of them must be looked at again: run the tests
# above, read the change, then update the digest here.
RELIED_ON: dict[str, Any] = {
    "WSMan.invoke": pypsrp.wsman.WSMan.invoke,
    "WSMan._create_header": pypsrp.wsman.WSMan._create_header,
    "_WSManSet.add_option": pypsrp.wsman._WSManSet.add_option,
    "_WSManSet.pack": pypsrp.wsman._WSManSet.pack,
    "WinRS.command": pypsrp.shell.WinRS.command,
    "WinRS.receive": pypsrp.shell.WinRS.receive,
    "WinRS.signal": pypsrp.shell.WinRS.signal,
}
DIGESTS = {
    "WSMan.invoke": "686e6a5d69bdff58",
    "WSMan._create_header": "a9261d9d35127466",
    "_WSManSet.add_option": "b536eb269e607dd5",
    "_WSManSet.pack": "07cf922ee7f8320f",
    "WinRS.command": "09f7abd2465d3542",
    "WinRS.receive": "502a8d0d501a13a5",
    "WinRS.signal": "67789cd1e34dba48",
}


@pytest.mark.parametrize("name", list(RELIED_ON))
def test_the_pypsrp_code_the_envelopes_rely_on_is_the_code_checked(name: str) -> None:
    digest = source_digest(RELIED_ON[name])

    assert digest == DIGESTS[name], (
        f"pypsrp's {name} changed: check that orchestrator/transport/psrp_envelopes.py still "
        "sends what pypsrp's WSMan.invoke sends (the tests above), then update DIGESTS"
    )
