"""A pool's WS-Management requests prepared once per kind and reused (issue 16, docs/psrp.md
"What a command costs on the wire").

pypsrp 0.9.1 sends every WS-Management message as a new `requests.Request` that the pool's
`requests.Session` prepares in full (jborean93/pypsrp `src/pypsrp/wsman.py` v0.9.1,
`_TransportHTTP.send`: `self.session.prepare_request(request)`, then `_send_request` ->
`Session.send`). `Session.prepare_request` (psf/requests 2.34 `sessions.py`) merges the
session's cookies, headers, params and hooks into the request and runs
`PreparedRequest.prepare` (`models.py`): method, URL (parsed and re-quoted), headers (each
validated), cookies (a Cookie header from the merged jar), body and Content-Length, auth, hooks.
For the three requests of every command that is ~90 us each, ~10% of the controller's CPU per
command (bench/README.md, session 7), and all of it but the body, its length and the auth comes
out the same for every request of the pool: same session, same endpoint, same headers.

`PreparedRequests.prepare` is installed as the pool's session's `prepare_request` before the
pool opens (psrp._build_requests_session builds the session ahead of pypsrp's first request).
The first request of a kind (its URL, its headers but Content-Length's value, and the
session's headers, verify, cert and proxies) is prepared by requests itself, and a template
is kept of what `prepare` does before the body: method, URL, headers, (empty) cookies. Every
later request of that kind is the template's copy with the rest of `PreparedRequest.prepare`
run as requests runs it, in its order: Content-Length's value from
the request (pypsrp sets it itself under message encryption), `prepare_body`, `prepare_auth`
with the session's auth (so the auth's `__call__` runs on every request as before: the Basic
header, the Negotiate/CredSSP `Connection: Keep-Alive` and 401 hook), `prepare_hooks`. The
template holds no secret: the auth runs after it, on the copy. What the session reads while
sending (verify, cert, proxies, the adapters) is still read by `Session.send` per request.

A request is prepared in full, as before, whenever the template's premise does not hold:
- the session has cookies (a server set one: the Cookie header would come from the jar) or
  params, or the request carries its own cookies, params, auth, files, json or hooks;
- `trust_env` is on without an auth (requests then reads ~/.netrc on every request:
  `Session.prepare_request`, `get_netrc_auth`), i.e. `auth: certificate`;
- the body is not bytes (pypsrp's empty first message of message encryption, once a session:
  requests makes its None a list);
- the session's auth object or its security contexts changed since the template was made (a
  401 answered by authenticating again: pypsrp `negotiate.py` v0.9.1 `HTTPNegotiateAuth.
  handle_401` and jborean93/requests-credssp `requests_credssp/credssp.py` at 5e22ece
  `HttpCredSSPAuth.handle_401` both put a new context in `contexts[host]`): the templates are
  dropped and made again;
- a new kind (another URL, header value, verify, cert or proxies): its first request.
tests/protocol/test_psrp_requests.py compares the reused PreparedRequest with requests' own for
every auth pypsrp offers, the bytes on the wire with pypsrp's own path against the emulator,
and pins the requests/pypsrp functions this relies on by their source's digest.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

import requests
from requests.cookies import RequestsCookieJar
from requests.sessions import merge_hooks, merge_setting
from requests.structures import CaseInsensitiveDict
from requests.utils import check_header_validity

_LENGTH = "content-length"


def _url(request: requests.Request) -> str | bytes:
    assert request.url is not None  # pypsrp's endpoint
    return request.url


class PreparationCounts:
    """How a transport's pools prepared their requests (tests count, never time)."""

    def __init__(self) -> None:
        self.in_full = 0  # by requests' own Session.prepare_request
        self.reused = 0  # a template's copy
        self.templates_dropped = 0  # after the auth's security context changed
        self._lock = threading.Lock()

    def count(self, *, reused: bool) -> None:
        with self._lock:
            if reused:
                self.reused += 1
            else:
                self.in_full += 1

    def dropped(self) -> None:
        with self._lock:
            self.templates_dropped += 1


class PreparedRequests:
    """One pool's requests.Session's `prepare_request` (see the module doc). A pool sends one
    request at a time (PsrpSession's lock), so this needs no lock of its own."""

    def __init__(self, session: requests.Session, counts: PreparationCounts) -> None:
        self._session = session
        self._in_full: Callable[[requests.Request], requests.PreparedRequest] = (
            session.prepare_request
        )
        self._counts = counts
        self._templates: dict[Hashable, requests.PreparedRequest] = {}
        self._auth: Any = session.auth
        self._contexts = self._security_contexts()

    def _security_contexts(self) -> tuple[Any, ...]:
        contexts = getattr(self._auth, "contexts", None)
        return tuple(contexts.values()) if isinstance(contexts, dict) else ()

    def _auth_unchanged(self) -> bool:
        session = self._session
        if session.auth is self._auth:
            contexts = self._security_contexts()
            if len(contexts) == len(self._contexts) and all(
                now is before for now, before in zip(contexts, self._contexts, strict=True)
            ):
                return True
        self._auth = session.auth
        self._contexts = self._security_contexts()
        return False

    def _kind(self, request: requests.Request) -> tuple[Hashable, tuple[str, Any] | None] | None:
        """What the template of `request` is made of, and its Content-Length header (name,
        value) if it carries one; None when it must be prepared in full."""
        session = self._session
        if (
            request.method != "POST"
            or request.url is None
            or request.files
            or request.json is not None
            or request.params
            or request.auth is not None
            or request.cookies
            or any(request.hooks.values())
            or not isinstance(request.data, bytes)
            or session.params
            or len(session.cookies)
            or (session.trust_env and not session.auth)
        ):
            return None
        if not self._auth_unchanged() and self._templates:
            self._templates.clear()
            self._counts.dropped()
        length: tuple[str, Any] | None = None
        headers: list[tuple[str, Any]] = []
        for name, value in request.headers.items():
            if name.lower() == _LENGTH:
                length = (name, value)
                headers.append((name, None))
            else:
                headers.append((name, value))
        kind = (
            request.url,
            tuple(headers),
            tuple(session.headers.items()),
            session.verify,
            session.cert,
            tuple(session.proxies.items()),
        )
        return kind, length

    def prepare(self, request: requests.Request) -> requests.PreparedRequest:
        found = self._kind(request)
        template = None if found is None else self._templates.get(found[0])
        if found is None or template is None:
            self._counts.count(reused=False)
            prepared = self._in_full(request)
            if found is not None:
                self._templates[found[0]] = self._template(request)
            return prepared
        self._counts.count(reused=True)
        return self._from(template, request, found[1])

    def _template(self, request: requests.Request) -> requests.PreparedRequest:
        """`PreparedRequest.prepare`'s steps before the body, as `Session.prepare_request` runs
        them for this request (its premise: no cookies, params or netrc)."""
        session = self._session
        template = requests.PreparedRequest()
        template.prepare_method(str(request.method).upper())
        template.prepare_url(_url(request), merge_setting(request.params, session.params))
        template.prepare_headers(
            merge_setting(request.headers, session.headers, dict_class=CaseInsensitiveDict)
        )
        template.prepare_cookies(RequestsCookieJar())
        return template

    def _from(
        self,
        template: requests.PreparedRequest,
        request: requests.Request,
        length: tuple[str, Any] | None,
    ) -> requests.PreparedRequest:
        """The template's copy with the rest of `PreparedRequest.prepare` run on it."""
        session = self._session
        prepared = requests.PreparedRequest()
        prepared.method = template.method
        prepared.url = template.url
        headers: CaseInsensitiveDict[Any] = template.headers.copy()
        if length is not None:
            check_header_validity(length)
            headers[length[0]] = length[1]
        prepared.headers = headers
        prepared._cookies = RequestsCookieJar()  # what the empty jars merge into
        prepared.prepare_body(request.data, request.files, request.json)
        prepared.prepare_auth(merge_setting(request.auth, session.auth), _url(request))
        prepared.prepare_hooks(merge_hooks(request.hooks, session.hooks))
        return prepared


def reuse_prepared_requests(session: requests.Session, counts: PreparationCounts) -> None:
    """Install `PreparedRequests` on a pool's session, before the pool's first request
    (psrp._build_requests_session builds the session early for this)."""
    session.prepare_request = PreparedRequests(session, counts).prepare  # type: ignore[method-assign]
