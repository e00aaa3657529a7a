"""What a command costs on the wire, counted (never timed; issue 16, bench/wire.py): the
requests per command, the TCP connections (TLS handshakes) per node, the environment scans
per request, and the socket option that keeps the lab's answers from waiting on delayed
ACKs."""

from __future__ import annotations

import importlib.metadata
import socket
import uuid
from collections.abc import Callable
from typing import Any

import psrpcore
import psrpcore._base as psrp_base
import psrpcore._payload as psrp_payload
import pytest
import requests
import requests.utils
from psrpcore._payload import PSRPMessage
from psrpcore.types import PSRPMessageType

from orchestrator.lab.arm_emulator import ArmEmulator
from orchestrator.lab.arm_emulator import server as arm_server
from orchestrator.lab.emulator import LabEmulator
from orchestrator.lab.emulator import listener as winrm_listener
from orchestrator.lab.emulator import pool as emulator_pool
from orchestrator.lab.emulator.pool import LabRunspacePool
from orchestrator.transport.base import Command
from tests.protocol.conftest import lab_world, transport
from tests.protocol.pinned import source_digest

SERVICE = Command.cmdlet("Get-Service", Name="hcisvc")


def test_a_command_costs_three_requests_on_one_kept_alive_connection(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve()
    endpoint = emulator.endpoint("node1")
    session = transport(emulator).open("node1")
    opened = list(endpoint.actions)

    for _ in range(5):
        session.run(SERVICE)
    session.close()

    # Opening the pool: Create, then one Receive for its state (MS-PSRP 3.1.4.1: the
    # RUNSPACEPOOL_STATE message); no polling.
    assert opened == ["Create", "Receive"]
    # Command, one Receive (the emulator answers it once the pipeline is done, so the client
    # never polls), the terminate Signal (docs/psrp.md "Round trips per command"); Delete.
    assert endpoint.actions[2:] == ["Command", "Receive", "Signal"] * 5 + ["Delete"]
    # HTTP/1.1 keep-alive: one TCP connection, so one TLS handshake, for the whole session.
    assert endpoint.connections_accepted == 1


def test_commands_do_not_scan_the_environment_for_proxies_once_the_pool_is_open(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = serve()
    session = transport(emulator).open("node1")
    scans = _count_proxy_scans(monkeypatch)

    for _ in range(3):
        assert session.run(SERVICE).first["Name"] == "hcisvc"

    # requests scanned every environment variable for each of these 9 requests before (a
    # quarter of the client's CPU per command); pypsrp's session already holds the proxy.
    assert scans == []


def test_opening_a_pool_scans_the_environment_once(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = serve()
    psrp = transport(emulator)
    scans = _count_proxy_scans(monkeypatch)

    psrp.open("node1").close()

    # pypsrp's _build_session reads it once (REQUESTS_CA_BUNDLE, proxies); its Create and the
    # Receive of the pool's state scanned it again each (session 7: 3 -> 1).
    assert len(scans) == 1


def _count_proxy_scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, the URLs for which requests scans the environment for proxies."""
    scans: list[str] = []
    real = requests.utils.get_environ_proxies

    def counted(url: str, no_proxy: Any = None) -> dict[str, str]:
        scans.append(url)
        return real(url, no_proxy=no_proxy)

    monkeypatch.setattr(requests.utils, "get_environ_proxies", counted)
    monkeypatch.setattr(requests.sessions, "get_environ_proxies", counted, raising=False)
    return scans


def _nodelay_of(handler: type[Any], monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []
    original = handler.setup

    def setup(self: Any) -> None:
        original(self)
        seen.append(self.connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    monkeypatch.setattr(handler, "setup", setup)
    return seen


def test_the_arm_emulator_sends_its_answers_without_waiting_for_delayed_acks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # It writes the headers, then the body: with Nagle's algorithm on, the body waited for
    # the client's delayed ACK (~40 ms on Linux) on every ARM call of a flow over the wire.
    seen = _nodelay_of(arm_server._Handler, monkeypatch)
    world = lab_world()
    with ArmEmulator(world) as arm:
        answer = requests.get(
            f"{arm.url}/subscriptions?api-version=2022-12-01",
            verify=str(arm.ca_path),
            timeout=30,
        )

    # No token: ARM's error answer, which is all this test needs.
    assert answer.json()["error"]["code"]
    assert seen == [1]


def test_the_winrm_emulator_sends_its_answers_without_waiting_for_delayed_acks(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _nodelay_of(winrm_listener.WinRMRequestHandler, monkeypatch)
    emulator = serve()

    transport(emulator).open("node1").run(SERVICE)

    assert seen == [1]


def test_the_emulator_builds_each_distinct_pipeline_once(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = serve()
    sessions = [transport(emulator).open(node) for node in ("node1", "node2")]
    built: list[object] = []
    original = psrpcore.PowerShell.FromPSObjectForRemoting.__func__  # type: ignore[attr-defined]

    def counted(cls: type[psrpcore.PowerShell], *args: Any, **kwargs: Any) -> Any:
        built.append(args)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(psrpcore.PowerShell, "FromPSObjectForRemoting", classmethod(counted))
    # A value no other test sends, so this process has not built this pipeline before.
    command = Command.cmdlet("Get-Service", Name=f"hcisvc-{uuid.uuid4()}")

    for session in sessions * 3:
        assert session.run(command).errors

    # psrpcore builds the pipeline when it processes CreatePipeline and keeps it on the
    # ServerPipeline; the emulator read CreatePipelineEvent.pipeline, which builds it again
    # (session 5: 2 -> 1 per command), and now one build serves every identical message.
    assert len(built) == 1


def _count_decodes(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The emulator's psrpcore deserialize calls from now on, one entry (its args) per call."""
    decoded: list[object] = []
    real = psrp_base.deserialize

    def counted(*args: Any, **kwargs: Any) -> Any:
        decoded.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(psrp_base, "deserialize", counted)
    return decoded


def test_the_emulator_decodes_each_distinct_pipeline_once_whatever_node_it_reaches(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = serve()
    wire = transport(emulator)
    sessions = [wire.open(node) for node in ("node1", "node2")]
    for session in sessions:
        session.connect()  # the pools' own messages are decoded before counting
    decoded = _count_decodes(monkeypatch)
    # A value no other test sends, so this process has not decoded this message before.
    command = Command.cmdlet("Get-Service", Name=f"hcisvc-{uuid.uuid4()}")

    for session in sessions * 3:
        assert session.run(command).errors

    # Six CreatePipeline messages, one CLIXML (RefIds from 0, ids in the message header):
    # psrpcore decoded each of them (~40% of the emulator's CPU per command) before.
    assert len(decoded) == 1
    assert [c.name for c in emulator.endpoint("node2").commands][-3:] == ["Get-Service"] * 3


def test_a_pipeline_holding_a_secure_string_is_always_decoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Its plaintext depends on the pool's session key (MS-PSRP 2.2.5.1.24), not on the bytes.
    seen: list[bytes] = []
    monkeypatch.setattr(
        psrp_base.RunspacePool, "_process_message", lambda _pool, message: seen.append(message)
    )
    message = PSRPMessage(
        PSRPMessageType.CreatePipeline,
        bytearray(b"<Obj><SS>AAAA</SS></Obj>"),
        uuid.uuid4(),
        None,
        1,
    )

    for _ in range(2):
        LabRunspacePool()._process_message(message)

    assert len(seen) == 2


def serializations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The type of every value psrpcore serializes from now on, in its own calls and in the
    emulator pool's."""
    serialized: list[str] = []
    real = psrp_base.serialize

    def counted(value: Any, *args: Any, **kwargs: Any) -> Any:
        serialized.append(type(value).__name__)
        return real(value, *args, **kwargs)

    monkeypatch.setattr(psrp_base, "serialize", counted)
    monkeypatch.setattr(emulator_pool, "serialize", counted)
    return serialized


def test_a_pipelines_state_messages_are_serialized_once_per_state(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = serve()
    sessions = [transport(emulator).open(node) for node in ("node1", "node2")]
    sessions[0].run(SERVICE)  # Running and Completed, as this process may not have sent yet
    serialized = serializations(monkeypatch)

    for session in sessions * 3:
        assert session.run(SERVICE).first["Name"] == "hcisvc"

    # PIPELINE_STATE Running and Completed (MS-PSRP 2.2.2.21), the same bytes every time, were
    # serialized anew for each command before.
    assert "PipelineState" not in serialized


def test_output_objects_of_the_same_content_are_serialized_once(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = serve()
    sessions = [transport(emulator).open(node) for node in ("node1", "node2")]
    for session in sessions:
        session.connect()
    monkeypatch.setattr(emulator_pool, "OUTPUTS", emulator_pool.Kept())  # none kept yet
    serialized = serializations(monkeypatch)

    answers = [session.run(SERVICE).first for session in sessions * 3]

    # hcisvc is the same service on every node: six PIPELINE_OUTPUT messages, one CLIXML
    # (serialized six times before), and the client reads the same object from each.
    assert serialized.count("PSObject") == 1
    assert answers == [answers[0]] * 6
    assert answers[0]["Name"] == "hcisvc"


# What orchestrator/lab/emulator/pool.py relies on inside psrpcore 0.3.1 (pinned): the message
# processing it wraps and repeats after a decoded message was found kept, the event's decoded
# object, and how a message is queued.
PSRPCORE_INTERNALS = {
    "RunspacePool._process_message": "6fe12be7b3a9de7b",
    "RunspacePool.prepare_message": "e23b407916d8d95a",
    "RunspacePool._fragment_counter": "da986e867b0c3b97",
    "ServerRunspacePool._process_CreatePipeline": "3c0fe02e8175b58c",
    "ServerRunspacePool._process_InitRunspacePool": "2e4ab5be29bc012d",
    "RunspacePool._process_SessionCapability": "bc6405460788c479",
    "PSRPEvent.__init__": "ac091a593af15bd1",
    "PSRPEvent.create": "f16dd77802c15e20",
    "create_message": "47f0a1afde78aabe",
}


def test_the_psrpcore_internals_the_emulators_pool_relies_on_have_not_changed() -> None:
    found = {
        function.__qualname__: source_digest(function)
        for function in (
            psrp_base.RunspacePool._process_message,
            psrp_base.RunspacePool.prepare_message,
            psrp_base.RunspacePool._fragment_counter.fget,
            psrpcore.ServerRunspacePool._process_CreatePipeline,
            psrpcore.ServerRunspacePool._process_InitRunspacePool,
            psrp_base.RunspacePool._process_SessionCapability,
            psrpcore.PSRPEvent.__init__,
            psrpcore.PSRPEvent.create,
            psrp_payload.create_message,
        )
    }

    assert importlib.metadata.version("psrpcore") == "0.3.1"
    assert found == PSRPCORE_INTERNALS, (
        "psrpcore changed what orchestrator/lab/emulator/pool.py relies on: re-check it"
    )


def test_a_command_sent_to_every_node_is_serialized_once_and_each_node_runs_it(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve()
    client = transport(emulator)
    nodes = sorted(emulator.endpoints)

    for node in nodes:
        assert client.open(node).run(SERVICE).first["Name"] == "hcisvc"
    client.close()

    # Its CreatePipeline body was serialized for the first node and sent as it was to the
    # others (orchestrator/transport/psrp_pipeline.py); every node decoded the same command.
    assert client.create_pipeline_bodies.serialized == 1
    assert all(emulator.endpoint(n).commands == [SERVICE] for n in nodes)


def test_the_running_and_completed_states_of_many_commands_are_decoded_once_each(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve()
    client = transport(emulator)
    session = client.open("node1")

    for _ in range(5):
        assert session.run(SERVICE).first["Status"] == "Running"
    failed = session.run(Command.cmdlet("Get-Service", Name="nosuch"))
    client.close()

    # Every command's Receive brought PIPELINE_STATE Running and Completed; each text once.
    assert client.pipeline_states.decoded == 2
    assert failed.failed
    assert "nosuch" in failed.errors[0].message


def test_a_pipeline_carrying_a_secret_parameter_is_decoded_each_time_and_never_kept(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The client never keeps such a command's body (psrp_pipeline.CreatePipelineBodies); the
    # emulator's process-wide DECODED must not keep the token either, past the command.
    emulator = serve()
    session = transport(emulator).open("node1")
    session.connect()
    decoded = _count_decodes(monkeypatch)
    token = f"lab-token-{uuid.uuid4()}"
    command = Command.cmdlet("Get-Service", Name="hcisvc", ArmAccessToken=token)

    for _ in range(2):
        session.run(command)

    assert len(decoded) == 2
    assert not any(token.encode() in repr(key).encode() for key in emulator_pool.DECODED._items)
