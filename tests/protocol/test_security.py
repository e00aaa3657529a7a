"""TLS validation, cleartext refusal and NTLM message encryption over the real wire."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from orchestrator.errors import AuthenticationFailed, InputError, NodeUnreachable
from orchestrator.lab.emulator import LabEmulator
from orchestrator.transport.base import Command
from orchestrator.transport.factory import connect
from orchestrator.transport.psrp import PsrpTransport
from tests.conftest import CliResult
from tests.protocol.conftest import inventory, inventory_data, transport, write

GET_SERVICE = Command.cmdlet("Get-Service", Name="hcisvc")


def test_https_validates_against_the_throwaway_ca(serve: Callable[..., LabEmulator]) -> None:
    emulator = serve(tls=True)
    assert emulator.ca_pem is not None

    session = transport(emulator, cert_validation=str(emulator.ca_pem)).open("node1")

    assert session.run(GET_SERVICE).first["Status"] == "Running"


def test_https_without_the_ca_is_refused_with_the_fix(serve: Callable[..., LabEmulator]) -> None:
    emulator = serve(tls=True)

    with pytest.raises(NodeUnreachable, match=r"cert_validation to the CA bundle"):
        transport(emulator, cert_validation=True).open("node1")
    assert emulator.endpoint("node1").pools_opened == 0


def test_disabling_certificate_validation_warns_loudly(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve(tls=True)
    warnings: list[str] = []

    session = PsrpTransport(inventory(emulator, cert_validation=False), warn=warnings.append).open(
        "node1"
    )

    assert not session.run(GET_SERVICE).failed
    assert len(warnings) == 1
    assert "certificate validation is off" in warnings[0]


def test_basic_over_plain_http_is_refused_without_the_insecure_opt_in(
    serve: Callable[..., LabEmulator],
    orchestrate: Callable[..., CliResult],
    tmp_path: Path,
) -> None:
    emulator = serve(tls=False, allow_unencrypted=True)
    data = inventory_data(emulator, insecure=False)
    path = write(tmp_path / "inv.yaml", data)

    result = orchestrate("precheck", "-i", str(path))

    assert result.code == 2
    assert "connection.ssl" in result.err
    assert "insecure: true" in result.err
    assert "Traceback" not in result.err
    assert all(e.actions == [] for e in emulator.endpoints.values())


def test_basic_over_plain_http_with_insecure_works_and_warns(
    serve: Callable[..., LabEmulator],
    orchestrate: Callable[..., CliResult],
    tmp_path: Path,
) -> None:
    emulator = serve(tls=False, allow_unencrypted=True)
    path = write(tmp_path / "inv.yaml", inventory_data(emulator, insecure=True))

    result = orchestrate("precheck", "-i", str(path), "--output", "json")

    assert result.code == 0, result.err
    assert "WARNING: INSECURE" in result.err
    assert "clear text" in result.err


def test_insecure_cli_flag_allows_cleartext_with_a_warning(
    serve: Callable[..., LabEmulator],
    orchestrate: Callable[..., CliResult],
    tmp_path: Path,
) -> None:
    emulator = serve(tls=False, allow_unencrypted=True)
    path = write(tmp_path / "inv.yaml", inventory_data(emulator, insecure=False))

    result = orchestrate("precheck", "-i", str(path), "--insecure", "--output", "json")

    assert result.code == 0, result.err
    assert "WARNING: INSECURE" in result.err


def test_connect_insecure_argument_allows_cleartext(serve: Callable[..., LabEmulator]) -> None:
    emulator = serve(tls=False, allow_unencrypted=True)
    inv = inventory(emulator, insecure=False)

    with pytest.raises(InputError):
        connect(inv)
    connector = connect(inv, insecure=True)
    try:
        assert not connector.transport.open("node1").run(GET_SERVICE).failed
    finally:
        connector.close()
    assert emulator.endpoint("node1").actions[-1] == "Delete"


def test_ntlm_over_http_with_message_encryption_works(
    serve: Callable[..., LabEmulator], orchestrate: Callable[..., CliResult], tmp_path: Path
) -> None:
    emulator = serve(auth="negotiate", tls=False)
    path = write(tmp_path / "inv.yaml", inventory_data(emulator, auth="ntlm"))

    result = orchestrate("precheck", "-i", str(path), "--output", "json")

    assert result.code == 0, result.err
    assert "WARNING" not in result.err  # encrypted: nothing insecure to warn about
    assert emulator.pools_opened == {"node1": 1, "node2": 1, "node3": 1, "node4": 1}


def test_ntlm_without_encryption_is_refused_by_the_node(
    serve: Callable[..., LabEmulator],
) -> None:
    # The service's default AllowUnencrypted=false: cleartext bodies get 401.
    emulator = serve(auth="negotiate", tls=False)

    with pytest.raises(AuthenticationFailed):
        transport(emulator, auth="ntlm", message_encryption="never", insecure=True).open("node1")


def test_ntlm_wrong_password_is_an_authentication_failure(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = serve(auth="negotiate", tls=False)
    monkeypatch.setenv("HCI_LAB_TEST_PASSWORD", "wrong")

    with pytest.raises(AuthenticationFailed):
        transport(emulator, auth="ntlm").open("node1")


def test_ntlm_over_https_works(serve: Callable[..., LabEmulator]) -> None:
    emulator = serve(auth="negotiate", tls=True)

    session = transport(emulator, auth="negotiate").open("node3")

    assert session.run(GET_SERVICE).first["Name"] == "hcisvc"
