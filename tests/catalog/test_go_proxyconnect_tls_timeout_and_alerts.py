"""Go's net/http and crypto/tls: a proxy's TLS handshake that timed out, and the alert for a weak handshake.

golang/go src/net/http/transport.go dialConn wraps every failure to reach or handshake with the proxy
as "proxyconnect tcp: <err>"; an https:// proxy's handshake past TLSHandshakeTimeout is "net/http: TLS
handshake timeout" there: the proxy, not the destination (the same words without proxyconnect stay
network-timeout). src/crypto/tls/alert.go alertInsufficientSecurity "insufficient security level" as
"remote error: tls: ...": tls-protocol, as the JDK's and Schannel's alert 71."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            'Get "https://management.azure.com/": proxyconnect tcp: net/http: TLS handshake timeout',
            "proxy",
        ),
        (
            'Error response from daemon: Get "https://mcr.microsoft.com/v2/": proxyconnect tcp: net/http: TLS handshake timeout',
            "proxy",
        ),
        ('Get "https://management.azure.com/": net/http: TLS handshake timeout', "network-timeout"),
        (
            'Post "https://login.microsoftonline.com/t/oauth2/v2.0/token": remote error: tls: insufficient security level',
            "tls-protocol",
        ),
    ],
)
def test_go_wordings_name_their_family(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # other alerts received: the peer's own reasons (SNI, a client certificate), not named here
        "remote error: tls: unrecognized name",
        "remote error: tls: bad certificate",
    ],
)
def test_other_alerts_are_not_tls_protocol(text):
    assert family_of(text) != "tls-protocol"
