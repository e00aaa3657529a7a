"""The one place pypsrp/requests exceptions become the project's errors (cases the emulator
cannot produce on loopback: name resolution, connect timeouts, non-5xx statuses)."""

from __future__ import annotations

import pytest
import requests
import urllib3.exceptions
from pypsrp.exceptions import InvalidRunspacePoolStateError, WinRMTransportError

from orchestrator.errors import NodeUnreachable, TransientTransportError, WSManFault
from orchestrator.transport.psrp import classify


def _wrapped(reason: Exception) -> requests.exceptions.ConnectionError:
    return requests.exceptions.ConnectionError(
        urllib3.exceptions.MaxRetryError(None, "/wsman", reason)  # type: ignore[arg-type]
    )


def test_name_not_resolved_is_unreachable() -> None:
    error = _wrapped(
        urllib3.exceptions.NameResolutionError("node9.invalid", None, OSError("no such name"))  # type: ignore[arg-type]
    )
    assert isinstance(classify("node9", error), NodeUnreachable)


def test_connect_timeout_is_unreachable() -> None:
    error = requests.exceptions.ConnectTimeout(_wrapped(urllib3.exceptions.ConnectTimeoutError()))
    assert isinstance(classify("node1", error), NodeUnreachable)


def test_reset_mid_exchange_is_transient() -> None:
    error = _wrapped(urllib3.exceptions.ProtocolError("reset", ConnectionResetError(104, "x")))
    result = classify("node1", error)
    assert isinstance(result, TransientTransportError)
    assert result.transient


def test_non_5xx_status_is_a_wsman_fault_with_the_status() -> None:
    result = classify("node1", WinRMTransportError("http", 404, ""))
    assert isinstance(result, WSManFault)
    assert result.code == "HTTP 404"


def test_broken_pool_state_is_transient() -> None:
    error = InvalidRunspacePoolStateError(6, 2, "run a pipeline")
    assert isinstance(classify("node1", error), TransientTransportError)


def test_anything_else_is_a_bug_and_not_hidden() -> None:
    with pytest.raises(KeyError):
        classify("node1", KeyError("x"))


def test_refused_connection_names_the_endpoint_and_the_os_reason() -> None:
    import socket

    import requests

    from orchestrator.errors import NodeUnreachable
    from orchestrator.transport.psrp import classify

    with socket.socket() as probe:  # a port nothing listens on: the OS refuses at once
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    try:
        requests.get(f"https://127.0.0.1:{port}/wsman", timeout=5)
    except requests.exceptions.ConnectionError as error:
        mapped = classify("node1", error)
    assert isinstance(mapped, NodeUnreachable)
    assert mapped.message == f"cannot connect to WinRM: 127.0.0.1:{port}: Connection refused"
