"""A pool's requests prepared once per kind and reused (transport/psrp_requests.py): the same
PreparedRequest as requests' own Session.prepare_request for every auth pypsrp offers, the same
bytes on the wire as pypsrp's own path, the full path whenever the premise fails, counted."""

from __future__ import annotations

import http.client
import importlib.util
import re
from collections.abc import Callable
from typing import Any

import pypsrp.negotiate
import pypsrp.wsman
import pytest
import requests
import requests.models
import requests.sessions
from pypsrp.wsman import WSMan, _TransportHTTP

from orchestrator.lab.emulator import LabEmulator
from orchestrator.transport.base import Command
from orchestrator.transport.psrp import PsrpSession
from orchestrator.transport.psrp_envelopes import TemplatedWSMan
from orchestrator.transport.psrp_requests import PreparationCounts, PreparedRequests
from tests.protocol.conftest import transport
from tests.protocol.pinned import source_digest

SERVICE = Command.cmdlet("Get-Service", Name="hcisvc")
PASSWORD = "pa$$-never-kept"
SOAP = "application/soap+xml;charset=UTF-8"

# Every auth pypsrp 0.9.1 offers (wsman.py SUPPORTED_AUTHS) that an inventory can name, with
# and without message encryption where pypsrp allows it (HTTP + wrap; HTTPS + 'always').
AUTHS = [
    ("basic", True, "auto"),
    ("certificate", True, "auto"),
    ("ntlm", True, "auto"),
    ("ntlm", True, "always"),
    ("ntlm", False, "auto"),
    ("negotiate", True, "auto"),
    ("negotiate", False, "auto"),
    ("kerberos", True, "auto"),
    ("kerberos", False, "auto"),
    ("credssp", True, "auto"),
    ("credssp", False, "auto"),
]


def pypsrp_session(auth: str, ssl: bool, encryption: str) -> tuple[_TransportHTTP, Any]:
    """The requests session pypsrp builds for `auth`, as the pool's transport holds it once
    open (transport/psrp.py turns trust_env off when there is an auth)."""
    if auth == "credssp" and importlib.util.find_spec("requests_credssp") is None:
        pytest.skip("pypsrp's credssp extra (requests-credssp) is not installed")
    http = _TransportHTTP(
        "node1.contoso.test",
        username="CONTOSO\\admin",
        password=PASSWORD,
        ssl=ssl,
        auth=auth,
        encryption=encryption,
        no_proxy=True,
        certificate_pem="/etc/hci/client.pem",
        certificate_key_pem="/etc/hci/client.key",
    )
    session = http._build_session()
    if session.auth is not None:
        session.trust_env = False
    return http, session


def pypsrp_request(http: _TransportHTTP, session: Any, payload: bytes | None) -> requests.Request:
    """The Request pypsrp's `_TransportHTTP.send` builds (wsman.py v0.9.1), message encryption
    included: its multipart Content-Type and its own Content-Length."""
    if payload is None:  # the empty first message of message encryption, once a session
        return requests.Request("POST", http.endpoint, data=None)
    headers = session.headers.copy()
    if http.wrap_required:
        headers.update(
            {
                "Content-Type": 'multipart/encrypted;protocol="application/HTTP-SPNEGO-session-'
                'encrypted";boundary="Encrypted Boundary"',
                "Content-Length": str(len(payload)),
            }
        )
    else:
        headers["Content-Type"] = SOAP
    return requests.Request("POST", http.endpoint, data=payload, headers=headers)


def as_sent(prepared: requests.PreparedRequest) -> dict[str, Any]:
    """Everything of a PreparedRequest that Session.send, its adapter and the auth hooks read."""
    fields = vars(prepared)
    assert set(fields) == {
        "method",
        "url",
        "headers",
        "body",
        "hooks",
        "_cookies",
        "_body_position",
    }
    cookies = fields["_cookies"]
    return {
        "method": prepared.method,
        "url": prepared.url,
        "headers": list(prepared.headers.items()),  # in order: the order they are written in
        "body": prepared.body,
        "hooks": {event: list(hooks) for event, hooks in prepared.hooks.items()},
        "cookies": (
            type(cookies),
            [(c.name, c.value, c.domain, c.path) for c in cookies],
            type(cookies.get_policy()),
        ),
        "body_position": fields["_body_position"],
    }


@pytest.mark.parametrize(("auth", "ssl", "encryption"), AUTHS)
def test_a_reused_request_is_the_one_requests_prepares(
    auth: str, ssl: bool, encryption: str
) -> None:
    http, session = pypsrp_session(auth, ssl, encryption)
    counts = PreparationCounts()
    reuse = PreparedRequests(session, counts)
    # bodies of several lengths, and the empty first message of message encryption
    payloads: list[bytes | None] = [
        b"<s:Envelope>" + b"x" * n + b"</s:Envelope>" for n in (0, 7, 1500, 3)
    ]
    payloads += [None, b"<s:Envelope/>", None]

    for payload in payloads:
        request = pypsrp_request(http, session, payload)
        ours = reuse.prepare(request)
        theirs = requests.Session.prepare_request(session, request)  # requests' own, in full

        assert as_sent(ours) == as_sent(theirs)

    if auth == "certificate":
        # trust_env stays on without an auth: requests reads ~/.netrc on every request
        assert (counts.in_full, counts.reused) == (len(payloads), 0)
    else:
        # the first with a body in full, and the empty ones (requests makes their None a list)
        assert (counts.in_full, counts.reused) == (3, len(payloads) - 3)


def test_the_template_keeps_no_credential() -> None:
    http, session = pypsrp_session("basic", True, "auto")
    reuse = PreparedRequests(session, PreparationCounts())
    for _ in range(3):
        sent = reuse.prepare(pypsrp_request(http, session, b"<s:Envelope/>"))
        assert sent.headers["Authorization"].startswith("Basic ")  # set per request, as before

    kept = repr([vars(template) for template in reuse._templates.values()])
    assert "Authorization" not in kept
    assert PASSWORD not in kept
    assert "Basic" not in kept


def _warmed() -> tuple[Any, Any, PreparationCounts, PreparedRequests]:
    """An NTLM session whose PreparedRequests has prepared two envelopes (a template kept)."""
    http, session = pypsrp_session("ntlm", True, "auto")
    counts = PreparationCounts()
    reuse = PreparedRequests(session, counts)
    for _ in range(2):
        reuse.prepare(pypsrp_request(http, session, b"<s:Envelope/>"))
    return http, session, counts, reuse


def _reused_after(change: Callable[[Any], None]) -> tuple[int, int]:
    http, session, counts, reuse = _warmed()
    change(session)
    before = (counts.in_full, counts.reused)
    request = pypsrp_request(http, session, b"<s:Envelope/>")
    assert as_sent(reuse.prepare(request)) == as_sent(
        requests.Session.prepare_request(session, request)
    )
    return counts.in_full - before[0], counts.reused - before[1]


def _reauthenticated(session: Any) -> None:
    # what HTTPNegotiateAuth.handle_401 does after a 401: a new context for the host
    session.auth.contexts["node1.contoso.test"] = object()


def _cookie(session: Any) -> None:
    session.cookies.set("ASP.NET_SessionId", "abc", domain="node1.contoso.test")


PREMISES: dict[str, Callable[[Any], None]] = {
    "a cookie the server set": _cookie,
    "session params": lambda session: session.params.update({"a": "1"}),
    "netrc (trust_env without an auth)": lambda session: (
        setattr(session, "auth", None) or setattr(session, "trust_env", True)
    ),
    "a 401 answered by authenticating again": _reauthenticated,
    "another auth object": lambda session: setattr(
        session, "auth", pypsrp.negotiate.HTTPNegotiateAuth("u", "p", auth_provider="ntlm")
    ),
    "another CA bundle (verify)": lambda session: setattr(session, "verify", "/etc/other-ca.pem"),
    "a client certificate (cert)": lambda session: setattr(session, "cert", ("/c.pem", "/c.key")),
    "another proxy": lambda session: session.proxies.update({"https": "http://proxy:3128"}),
    "another session header": lambda session: session.headers.update({"X-Trace": "1"}),
}


@pytest.mark.parametrize("premise", list(PREMISES))
def test_a_request_is_prepared_in_full_when_the_premise_fails(premise: str) -> None:
    assert _reused_after(PREMISES[premise]) == (1, 0)


def test_nothing_changed_the_request_is_reused() -> None:
    assert _reused_after(lambda _session: None) == (0, 1)


def test_after_a_401_the_templates_are_made_again() -> None:
    http, session, counts, reuse = _warmed()
    _reauthenticated(session)
    for _ in range(2):
        reuse.prepare(pypsrp_request(http, session, b"<s:Envelope/>"))

    assert (counts.in_full, counts.reused, counts.templates_dropped) == (2, 2, 1)


# --- on the wire, against the emulator ----------------------------------------------------------

UUID = re.compile(rb"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
# the CreatePipeline fragment (base64), whose header carries the pool's and pipeline's ids
ARGUMENTS = re.compile(rb"<rsp:Arguments>([^<]*)</rsp:Arguments>")


@pytest.fixture
def wire(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every byte string http.client writes to a connection (request line and headers, then
    the body), before TLS."""
    sent: list[bytes] = []
    original = http.client.HTTPConnection.send

    def send(self: http.client.HTTPConnection, data: Any) -> None:
        sent.append(bytes(data))
        original(self, data)

    monkeypatch.setattr(http.client.HTTPConnection, "send", send)
    return sent


def _commands(
    session: PsrpSession, wire: list[bytes], monkeypatch: pytest.MonkeyPatch, *, ours: bool
) -> list[bytes]:
    """The bytes three commands put on the wire; `ours=False`: pypsrp's own path (requests'
    Session.prepare_request, and pypsrp's WSMan.invoke for the envelopes, psrp_envelopes.py)."""
    pool = session._pool
    assert pool is not None
    requests_session = pool.connection.transport.session
    with monkeypatch.context() as patch:
        if not ours:
            del requests_session.prepare_request  # requests' own Session method again
            patch.setattr(TemplatedWSMan, "invoke", WSMan.invoke)
        assert ("prepare_request" in vars(requests_session)) is ours
        wire.clear()
        counts = session._transport.request_preparation
        before = (counts.in_full, counts.reused)
        for command in (SERVICE, Command.cmdlet("Get-Item", Path="C:\\"), SERVICE):
            session.run(command)
        if ours:  # 3 commands x 3 requests, all from the pool's template (made by its Create)
            assert (counts.in_full - before[0], counts.reused - before[1]) == (0, 9)
        return list(wire)


def _comparable(sent: list[bytes], encrypted: bool) -> list[bytes]:
    """Ids (message, command, pipeline) are new per request, so are the CreatePipeline
    fragments that carry them (compared by length); encrypted bodies differ in their sequence
    numbers and signatures: compared by the headers that carry their length."""
    out = []
    for data in sent:
        if data.startswith(b"POST "):
            out.append(data)
        elif not encrypted:
            data = ARGUMENTS.sub(lambda m: b"<fragment of %d>" % len(m.group(1)), data)
            out.append(UUID.sub(b"<id>", data))
    return out


WIRES = [
    pytest.param("basic", True, {}, id="basic-https"),
    pytest.param("negotiate", True, {}, id="ntlm-https"),
    pytest.param("negotiate", True, {"message_encryption": "always"}, id="ntlm-https-wrap"),
    pytest.param("negotiate", False, {}, id="ntlm-http-wrap"),
    pytest.param("negotiate", True, {"auth": "negotiate"}, id="negotiate-https"),
]


@pytest.mark.parametrize(("auth", "tls", "connection"), WIRES)
def test_the_bytes_on_the_wire_are_pypsrps_own(
    serve: Callable[..., LabEmulator],
    wire: list[bytes],
    monkeypatch: pytest.MonkeyPatch,
    auth: str,
    tls: bool,
    connection: dict[str, Any],
) -> None:
    emulator = serve(auth=auth, tls=tls)
    encrypted = not tls or connection.get("message_encryption") == "always"
    sent = {}
    for ours in (False, True):
        psrp = transport(emulator, **connection)
        session = psrp.open("node1")
        sent[ours] = _comparable(_commands(session, wire, monkeypatch, ours=ours), encrypted)
        session.close()
        if ours:
            # the first Command, Receive and Signal built, the next two of each from templates
            assert psrp.envelope_counts.from_template == 6

    assert len(sent[True]) == (9 if encrypted else 18)
    assert sent[True] == sent[False]
    if encrypted:
        assert all(b"multipart/encrypted" in head for head in sent[True])


def test_a_pools_requests_are_prepared_once_per_kind(
    serve: Callable[..., LabEmulator],
) -> None:
    emulator = serve()
    psrp = transport(emulator)
    sessions = [psrp.open(node) for node in ("node1", "node2")]
    for _ in range(5):
        for session in sessions:
            session.run(SERVICE)
    for session in sessions:
        session.close()

    counts = psrp.request_preparation
    # 2 pools: Create in full, then its Receive, 5 commands x (Command, Receive, Signal) and
    # the Delete that closes the pool from its template
    assert (counts.in_full, counts.reused) == (2, 2 * (1 + 15 + 1))


# The requests and pypsrp code the reuse rests on (requests 2.34.2, pypsrp 0.9.1): how
# Session.prepare_request prepares (merged settings, netrc, the step order of
# PreparedRequest.prepare and each step after the template), what Session.send reads per
# request, how pypsrp builds its Request and session and what its auths do per request and on
# a 401. A release that changes any of them must be looked at again: run the tests above, read
# the change, then update the digest here.
RELIED_ON: dict[str, Any] = {
    "Session.prepare_request": requests.sessions.Session.prepare_request,
    "Session.send": requests.sessions.Session.send,
    "merge_setting": requests.sessions.merge_setting,
    "merge_hooks": requests.sessions.merge_hooks,
    "PreparedRequest.__init__": requests.models.PreparedRequest.__init__,
    "PreparedRequest.prepare": requests.models.PreparedRequest.prepare,
    "PreparedRequest.prepare_headers": requests.models.PreparedRequest.prepare_headers,
    "PreparedRequest.prepare_cookies": requests.models.PreparedRequest.prepare_cookies,
    "PreparedRequest.prepare_body": requests.models.PreparedRequest.prepare_body,
    "PreparedRequest.prepare_content_length": requests.models.PreparedRequest.prepare_content_length,
    "PreparedRequest.prepare_auth": requests.models.PreparedRequest.prepare_auth,
    "PreparedRequest.prepare_hooks": requests.models.PreparedRequest.prepare_hooks,
    "_TransportHTTP.send": pypsrp.wsman._TransportHTTP.send,
    "_TransportHTTP._build_session": pypsrp.wsman._TransportHTTP._build_session,
    "HTTPNegotiateAuth.__call__": pypsrp.negotiate.HTTPNegotiateAuth.__call__,
    "HTTPNegotiateAuth.handle_401": pypsrp.negotiate.HTTPNegotiateAuth.handle_401,
}
DIGESTS = {
    "Session.prepare_request": "de602e5f95e04327",
    "Session.send": "11793248454d9e3d",
    "merge_setting": "aafb4f0c4591e7e9",
    "merge_hooks": "9f5ef983fba55302",
    "PreparedRequest.__init__": "0a83e25cbace741e",
    "PreparedRequest.prepare": "da4a6f94f08a2b20",
    "PreparedRequest.prepare_headers": "05155051bd70e98b",
    "PreparedRequest.prepare_cookies": "4d9e5b8316c04290",
    "PreparedRequest.prepare_body": "88be009196f5b19b",
    "PreparedRequest.prepare_content_length": "aeae9e18db33366a",
    "PreparedRequest.prepare_auth": "11a7c034d9510999",
    "PreparedRequest.prepare_hooks": "e6c7effeda7bd8fd",
    "_TransportHTTP.send": "c979f6f1461000b7",
    "_TransportHTTP._build_session": "aead0a30fd0434db",
    "HTTPNegotiateAuth.__call__": "9ac95eb2e4e37fb1",
    "HTTPNegotiateAuth.handle_401": "d6442741562c7856",
}


@pytest.mark.parametrize("name", list(RELIED_ON))
def test_the_requests_and_pypsrp_code_the_reuse_relies_on_is_the_code_checked(name: str) -> None:
    digest = source_digest(RELIED_ON[name])

    assert digest == DIGESTS[name], (
        f"{name} changed: check that orchestrator/transport/psrp_requests.py still prepares "
        "what requests prepares (the tests above), then update DIGESTS"
    )


# requests-credssp 2.0.0 (pypsrp's credssp extra; jborean93/requests-credssp
# requests_credssp/credssp.py at 5e22ece): its auth per request (Keep-Alive, the 401 hook) and
# what it does on a 401 (a new context in `contexts[host]`), pinned when it is installed.
CREDSSP_DIGESTS = {"__call__": "c96f1a152b80f56c", "handle_401": "68eec54666746608"}


@pytest.mark.parametrize("name", list(CREDSSP_DIGESTS))
def test_the_credssp_auth_code_the_reuse_relies_on_is_the_code_checked(name: str) -> None:
    credssp = pytest.importorskip("requests_credssp.credssp")
    digest = source_digest(getattr(credssp.HttpCredSSPAuth, name))

    assert digest == CREDSSP_DIGESTS[name], (
        f"requests-credssp's HttpCredSSPAuth.{name} changed: check that "
        "orchestrator/transport/psrp_requests.py still prepares what requests prepares for it "
        "(test_a_reused_request_is_the_one_requests_prepares[credssp-*]), then update the digest"
    )
