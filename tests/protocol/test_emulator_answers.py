"""The emulator answers exactly what it answered before its speed work (issue 16): every
recorded request replayed into a fresh endpoint gets the recorded answer, byte for byte
(tests/protocol/emulator_answers.py says how they were recorded)."""

from __future__ import annotations

import json
import re
import socket
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from pypsrp.wsman import NAMESPACES as PYPSRP_PREFIXES

from orchestrator.lab.emulator import LabEmulator
from orchestrator.lab.emulator.pool import output_shape
from orchestrator.lab.emulator.soap import NS, element, text
from tests.protocol.emulator_answers import HTTP_RECORDED, RECORDED, http_exchange, prefixes, replay


def _action(body: str) -> str:
    found = re.search(r"<wsa:Action[^>]*>([^<]*)<", body)
    return found.group(1).rsplit("/", 1)[-1] if found else "?"


@pytest.fixture
def recorded() -> tuple[list[str], list[dict[str, object]]]:
    data = json.loads(RECORDED.read_text())
    requests, answers = data["requests"], data["answers"]
    # What the recording covers: a pool's whole life, every command's three requests, a
    # CreatePipeline continued with Send, and a fault (the Signal after the Delete).
    assert [_action(r) for r in requests].count("Command") == 17
    assert [_action(r) for r in requests].count("Send") == 4
    assert answers[-1]["status"] == 500
    return requests, answers


def _same(requests: list[str], expected: list[dict[str, object]]) -> None:
    answers = replay(requests)
    for index, (got, want) in enumerate(zip(answers, expected, strict=True)):
        assert got == want, f"answer {index} to {_action(requests[index])} changed"


def test_the_emulator_answers_the_recorded_requests_byte_for_byte(
    recorded: tuple[list[str], list[dict[str, object]]],
) -> None:
    prefixes(NS)  # ElementTree's prefixes as in `lab serve`'s own process
    _same(*recorded)


def test_the_answers_do_not_change_when_a_client_in_the_same_process_registers_its_prefixes(
    recorded: tuple[list[str], list[dict[str, object]]],
) -> None:
    # pypsrp registers its prefixes with ElementTree (process-wide) for every WSMan it builds,
    # `wsmanfault` for the fault namespace where the emulator declares `f`: the emulator's
    # faults changed prefix once a client ran in its process (the in-process tests and bench).
    prefixes(PYPSRP_PREFIXES)
    try:
        _same(*recorded)
    finally:
        prefixes(NS)


@pytest.mark.parametrize(
    "value", ["plain", "", 'a<b>&"c"', "tab\tcr\rlf\n", "ünïcødé ShellId=\u00e9", "]]>"]
)
def test_the_emulator_escapes_text_and_attributes_as_elementtree_did(value: str) -> None:
    # The answers are written as text now; ElementTree wrote them before.
    built = ET.Element("rsp", Name=value)
    built.text = value

    assert element("rsp", text(value), (("Name", value),)) == ET.tostring(built, "unicode")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (True, 1),
        (1, 1.0),
        (0.0, -0.0),
        ("1", 1),
        ([1], (1,)),
        ({"Status": "Running", "Count": 1}, {"Status": "Running", "Count": True}),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}),
    ],
)
def test_outputs_that_serialize_differently_are_never_taken_for_one_another(
    one: object, other: object
) -> None:
    # The emulator keeps each output's CLIXML by the item's shape (pool.py `output_shape`): Python
    # calls these equal (or the dicts' order apart), psrpcore writes them differently.
    assert output_shape(one) is not None
    assert output_shape(one) != output_shape(other)


@pytest.mark.parametrize("value", [datetime(2026, 12, 7, tzinfo=UTC), object(), {"at": uuid4()}])
def test_outputs_with_more_than_plain_values_are_serialized_every_time(value: object) -> None:
    assert output_shape(value) is None


def test_the_listener_answers_the_recorded_http_requests_byte_for_byte(
    recorded: tuple[list[str], list[dict[str, object]]],
) -> None:
    # Status lines, headers (the Date masked), bodies, the interim 100 Continue, keep-alive
    # and Connection: close, as the listener answered them with http.server's own parsing.
    expected = json.loads(HTTP_RECORDED.read_text())

    answers = http_exchange(recorded[0])

    for index, (got, want) in enumerate(zip(answers, expected, strict=True)):
        assert got == want, f"HTTP answer {index} changed"


def _status_of(port: int, head: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(head)
        answer = connection.recv(65536)
    # Before the request line named HTTP/1.x, http.server answers HTTP/0.9 style: no status
    # line, only its error page.
    found = re.search(rb"^HTTP/1\.1 (\d{3}) |Error code: (\d{3})", answer)
    assert found, answer
    return found.group(1) or found.group(2)


@pytest.mark.parametrize(
    ("head", "status"),
    [
        (b"POST /wsman HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n", b"400"),
        (b"POST /wsman HTTP/1.1\r\nHost : x\r\n\r\n", b"400"),
        (b"POST /wsman HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", b"400"),
        (b"POST /wsman\r\n\r\n", b"400"),
        (b"POST /wsman HTTP/2.0\r\n\r\n", b"505"),
        (
            b"POST /wsman HTTP/1.1\r\n" + b"A: b\r\n" * 101 + b"\r\n",
            b"431",
        ),
        (
            b"POST /wsman HTTP/1.1\r\nA: " + b"b" * 70000 + b"\r\n\r\n",
            b"431",
        ),
    ],
)
def test_a_malformed_request_head_is_refused_before_anything_is_read_or_run(
    serve: Callable[..., LabEmulator], head: bytes, status: bytes
) -> None:
    emulator = serve(tls=False, allow_unencrypted=True)
    endpoint = emulator.endpoint("node1")

    assert _status_of(endpoint.port, head) == status
    assert endpoint.actions == []
