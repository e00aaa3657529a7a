"""A runspace pool's requests find their urllib3 connection pool once
(transport/psrp_connections.py): the pool handed out is the one requests' own
`HTTPAdapter.get_connection_with_tls_context` finds, request for request; requests' method runs
again whenever the premise fails (a proxy, the adapter closed, another endpoint, another
verify); the requests and urllib3 code this relies on is pinned by digest. Counted, never timed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests
import urllib3
import urllib3.poolmanager
from requests.adapters import HTTPAdapter

from orchestrator.lab.emulator import LabEmulator
from orchestrator.transport.base import Command
from orchestrator.transport.psrp_connections import ConnectionLookups, keep_connection_pools
from tests.protocol.conftest import transport
from tests.protocol.pinned import source_digest

ENDPOINT = "https://node1.lab:5986/wsman"
BY_REQUESTS = HTTPAdapter.get_connection_with_tls_context


def _request(url: str = ENDPOINT) -> requests.PreparedRequest:
    return requests.Request("POST", url, data=b"<s:Envelope/>").prepare()


def _kept(session: requests.Session) -> tuple[HTTPAdapter, ConnectionLookups]:
    counts = ConnectionLookups()
    keep_connection_pools(session, counts)
    adapter = session.get_adapter(ENDPOINT)
    assert isinstance(adapter, HTTPAdapter)
    return adapter, counts


def _lookups_by_requests(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every pool requests' own method found, in order (installed before any session is
    built: the kept lookup calls whatever the class has then)."""
    found: list[object] = []

    def by_requests(adapter: HTTPAdapter, *args: Any, **kwargs: Any) -> Any:
        pool = BY_REQUESTS(adapter, *args, **kwargs)
        found.append(pool)
        return pool

    monkeypatch.setattr(HTTPAdapter, "get_connection_with_tls_context", by_requests)
    return found


WIRES = [
    pytest.param("basic", True, id="basic-https"),
    pytest.param("negotiate", False, id="ntlm-http-wrap"),
]


@pytest.mark.parametrize(("auth", "tls"), WIRES)
def test_a_pools_requests_find_their_connection_pool_once_and_it_is_requests_own(
    serve: Callable[..., LabEmulator], monkeypatch: pytest.MonkeyPatch, auth: str, tls: bool
) -> None:
    found = _lookups_by_requests(monkeypatch)
    mismatches: list[tuple[object, object]] = []
    sends: list[str] = []
    send = HTTPAdapter.send

    def checked_send(adapter: HTTPAdapter, request: requests.PreparedRequest, **kw: Any) -> Any:
        # what this request is sent on, against what requests' own method finds now
        kept = adapter.get_connection_with_tls_context(
            request, kw.get("verify", True), kw.get("proxies"), kw.get("cert")
        )
        own = BY_REQUESTS(
            adapter, request, kw.get("verify", True), kw.get("proxies"), kw.get("cert")
        )
        if kept is not own:
            mismatches.append((kept, own))
        sends.append(str(request.url))
        return send(adapter, request, **kw)

    monkeypatch.setattr(HTTPAdapter, "send", checked_send)
    emulator = serve(auth=auth, tls=tls)
    wire = transport(emulator)
    session = wire.open("node1")
    for _ in range(5):
        session.run(Command.cmdlet("Get-Service", Name="hcisvc"))
    session.close()

    actions = emulator.endpoint("node1").actions
    assert len(actions) == 2 + 5 * 3 + 1  # Create, Receive; 5 x (Command, Receive, Signal); Delete
    assert len(sends) >= len(actions)  # with NTLM, the handshake's requests too
    assert len(found) == 1  # requests' own lookup for the pool's first request only
    assert mismatches == []
    # requests' own lookup: the pool's first request only (the check above calls it directly)
    assert wire.connection_lookups.by_requests == 1
    assert wire.connection_lookups.kept == len(sends) * 2 - 1  # each send's own and the check's


def test_a_proxy_sends_every_lookup_to_requests() -> None:
    session = requests.Session()
    adapter, counts = _kept(session)
    proxies = {"https": "http://proxy.lab:3128"}
    pools = [adapter.get_connection_with_tls_context(_request(), True, proxies) for _ in range(3)]
    assert counts.by_requests == 3
    assert counts.kept == 0
    assert all(pool is BY_REQUESTS(adapter, _request(), True, proxies) for pool in pools)


def test_no_proxy_is_kept() -> None:
    session = requests.Session()
    adapter, counts = _kept(session)
    no_proxy = {"https": False, "no_proxy": "node1.lab"}  # pypsrp's, without an inventory proxy
    pools = [adapter.get_connection_with_tls_context(_request(), True, no_proxy) for _ in range(3)]
    assert counts.by_requests == 1
    assert counts.kept == 2
    assert pools[0] is pools[1] is pools[2] is BY_REQUESTS(adapter, _request(), True, no_proxy)


def test_a_closed_adapter_gets_a_new_pool_from_requests() -> None:
    session = requests.Session()
    adapter, counts = _kept(session)
    first = adapter.get_connection_with_tls_context(_request(), True, {})
    adapter.close()  # the session's close: the PoolManager's pools closed and dropped
    second = adapter.get_connection_with_tls_context(_request(), True, {})
    assert second is not first
    assert counts.by_requests == 2
    assert counts.kept == 0
    assert adapter.get_connection_with_tls_context(_request(), True, {}) is second


@pytest.mark.parametrize(
    "other",
    [
        pytest.param({"url": "https://node2.lab:5986/wsman"}, id="another-endpoint"),
        pytest.param({"verify": False}, id="another-verify"),
        pytest.param({"cert": ("client.pem", "client.key")}, id="another-cert"),
    ],
)
def test_another_request_kind_asks_requests(other: dict[str, Any]) -> None:
    session = requests.Session()
    adapter, counts = _kept(session)
    adapter.get_connection_with_tls_context(_request(), True, {})
    request = _request(other.get("url", ENDPOINT))
    verify, cert = other.get("verify", True), other.get("cert")
    changed = adapter.get_connection_with_tls_context(request, verify, {}, cert)
    assert counts.by_requests == 2
    assert changed is BY_REQUESTS(adapter, request, verify, {}, cert)


def test_a_pool_manager_holding_two_pools_always_asks_requests() -> None:
    session = requests.Session()
    adapter, counts = _kept(session)
    adapter.get_connection_with_tls_context(_request("https://node2.lab:5986/wsman"), True, {})
    for _ in range(3):
        adapter.get_connection_with_tls_context(_request(), True, {})
    assert counts.kept == 0
    assert counts.by_requests == 4


# What psrp_connections relies on beyond requests' documented override point: how `send` calls
# the lookup (its arguments), what the lookup finds (requests' and urllib3's functions), that
# `close` empties the PoolManager's container, and that container's `keys`/`__getitem__`.
# A failing digest: read the new source, check the module doc's premises still hold and the
# test above still passes, then update the digest here.
RELIED_ON: dict[str, Any] = {
    "HTTPAdapter.send": HTTPAdapter.send,
    "HTTPAdapter.get_connection_with_tls_context": BY_REQUESTS,
    "HTTPAdapter.build_connection_pool_key_attributes": (
        HTTPAdapter.build_connection_pool_key_attributes
    ),
    "HTTPAdapter.close": HTTPAdapter.close,
    "requests.adapters._urllib3_request_context": requests.adapters._urllib3_request_context,
    "requests.utils.select_proxy": requests.utils.select_proxy,
    "PoolManager.connection_from_host": urllib3.PoolManager.connection_from_host,
    "PoolManager.connection_from_context": urllib3.PoolManager.connection_from_context,
    "PoolManager.connection_from_pool_key": urllib3.PoolManager.connection_from_pool_key,
    "PoolManager.clear": urllib3.PoolManager.clear,
    "RecentlyUsedContainer.keys": urllib3.poolmanager.RecentlyUsedContainer.keys,
    "RecentlyUsedContainer.__getitem__": urllib3.poolmanager.RecentlyUsedContainer.__getitem__,
}
DIGESTS: dict[str, str] = {
    "HTTPAdapter.send": "a8b4a1d8c114e29d",
    "HTTPAdapter.get_connection_with_tls_context": "cf749a3be9e291a6",
    "HTTPAdapter.build_connection_pool_key_attributes": "5c4516bca20d82d0",
    "HTTPAdapter.close": "c3c0de1a25ac4ee4",
    "requests.adapters._urllib3_request_context": "12f40850c794b8b3",
    "requests.utils.select_proxy": "d33e33fb855cd517",
    "PoolManager.connection_from_host": "d101301d41080cc5",
    "PoolManager.connection_from_context": "8f3204a9cc603e58",
    "PoolManager.connection_from_pool_key": "3d772c8ce703a8a8",
    "PoolManager.clear": "c61dfe91e254c5e7",
    "RecentlyUsedContainer.keys": "eadeb4c2ee80dc50",
    "RecentlyUsedContainer.__getitem__": "ef4d24a6b5a91fd5",
}


@pytest.mark.parametrize("name", list(RELIED_ON))
def test_the_requests_and_urllib3_code_the_kept_pool_relies_on_has_not_changed(
    name: str,
) -> None:
    digest = source_digest(RELIED_ON[name])
    assert digest == DIGESTS[name], (
        f"{name} changed (digest {digest}): check transport/psrp_connections.py's premises "
        "against the new source and test_a_pools_requests_find_their_connection_pool_once..., "
        "then update DIGESTS"
    )
