"""A pool's requests find their urllib3 connection pool once (issue 16, docs/psrp.md "What a
command costs on the wire", session 8).

For every request, requests' `HTTPAdapter.send` asks `get_connection_with_tls_context`
(psf/requests 2.34 `adapters.py`) for the urllib3 connection pool to send it on: the URL is
parsed twice (`select_proxy`, `_urllib3_request_context`, which also stats a CA path), the pool
key is built and normalised (urllib3 2.8 `poolmanager.py`, `_default_key_normalizer`) and
looked up under the PoolManager's lock (`connection_from_pool_key`): 11-13 us a request timed
alone, more in a run (bench/README.md, session 8). For a runspace pool's requests the answer
never changes: one endpoint, the session's verify, cert and proxies, one urllib3 pool holding
the kept-alive connection.

`KnownConnectionPool.get` is installed over each adapter's `get_connection_with_tls_context`
of the pool's requests session (requests documents the method as exposed for subclasses of
the adapter, the place to change how a connection is chosen), before the pool's first request.
It keeps what requests' own method answered for the last (URL, verify, cert) and answers it
again while both of these hold, and otherwise runs requests' own method (and keeps its answer):
- no proxy applies: every value of `proxies` but `no_proxy`'s is empty (pypsrp's
  `_build_session` sets the scheme's proxy to False unless the inventory has one: jborean93/
  pypsrp `src/pypsrp/wsman.py` v0.9.1, `_TransportHTTP._build_session`, with `no_proxy` as
  psrp.wsman_options passes it), so `select_proxy` finds none and requests takes the
  PoolManager's pool, not a ProxyManager's;
- the adapter's PoolManager holds that pool and no other (`poolmanager.pools`): what
  `connection_from_pool_key` would find for the same key. `adapter.close()` (the session's
  close) clears it, so a closed pool is never handed out; with one pool, the container's
  least-recently-used order, which the lookup refreshes, cannot differ.
The pool handed out is the one requests' method made, so what pypsrp puts in it stays: its
adapters (`src/pypsrp/_pool_manager.py` v0.9.1, `create_request_adapter`: an `HTTPAdapter`, or
its subclass `HTTPSAdapterWithKeyPassword` for a client key's password) wrap the PoolManager's
pool classes so that a new connection fails inside `DisableNewConnectionsContext`
(`RunspacePool.is_alive`, powershell.py); that wrapping is in the pool, not the lookup.
What is not read again for a kept pool: whether a `verify` path is a directory or a file
(requests' `_urllib3_request_context` stats it to choose `ca_cert_dir` or `ca_certs` for the
pool key); `HTTPAdapter.cert_verify`, which `send` still runs for every request, stats it too
and refuses a path that no longer exists.
tests/protocol/test_psrp_connections.py checks the pool is the one requests' method returns for
every request of a run, the premises, and pins the requests/urllib3 functions by digest.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

import requests

Lookup = Callable[..., Any]


class ConnectionLookups:
    """How a transport's pools found their connection pools (tests count, never time)."""

    def __init__(self) -> None:
        self.by_requests = 0  # requests' own get_connection_with_tls_context
        self.kept = 0  # the pool found before
        self._lock = threading.Lock()

    def count(self, *, kept: bool) -> None:
        with self._lock:
            if kept:
                self.kept += 1
            else:
                self.by_requests += 1


class KnownConnectionPool:
    """One adapter's `get_connection_with_tls_context` (see the module doc). A runspace pool
    sends one request at a time (PsrpSession's lock); the PoolManager's own lock guards its
    container while it is read."""

    def __init__(self, adapter: requests.adapters.HTTPAdapter, counts: ConnectionLookups) -> None:
        self._adapter = adapter
        self._by_requests: Lookup = adapter.get_connection_with_tls_context
        self._counts = counts
        self._known: tuple[Hashable, Any] | None = None

    def get(
        self,
        request: requests.PreparedRequest,
        verify: Any,
        proxies: dict[str, Any] | None = None,
        cert: Any = None,
    ) -> Any:
        key = (request.url, verify, cert)
        known = self._known
        if (
            known is not None
            and known[0] == key
            and not any(value for name, value in (proxies or {}).items() if name != "no_proxy")
            and self._held_alone(known[1])
        ):
            self._counts.count(kept=True)
            return known[1]
        self._counts.count(kept=False)
        pool = self._by_requests(request, verify, proxies, cert)
        self._known = (key, pool)
        return pool

    def _held_alone(self, pool: Any) -> bool:
        pools = self._adapter.poolmanager.pools  # urllib3's RecentlyUsedContainer
        keys = pools.keys()  # a copy, under the container's lock
        if len(keys) != 1:
            return False
        try:
            return bool(pools[next(iter(keys))] is pool)  # refreshes it, as the lookup does
        except KeyError:  # cleared meanwhile
            return False


def keep_connection_pools(session: requests.Session, counts: ConnectionLookups) -> None:
    """Install `KnownConnectionPool` on the adapters of a pool's session, before its first
    request (psrp._build_requests_session)."""
    for adapter in {id(a): a for a in session.adapters.values()}.values():
        if isinstance(adapter, requests.adapters.HTTPAdapter):
            adapter.get_connection_with_tls_context = KnownConnectionPool(adapter, counts).get  # type: ignore[method-assign]
