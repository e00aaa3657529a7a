"""The JDK's own words for a handshake without a common protocol or cipher suite.

OpenJDK sun.security.ssl ClientHello: the client's "No negotiable cipher suite" (no enabled suite fits
the enabled protocols) and, on a Java server, "Client requested protocol <v> is not enabled or supported
in server context" / "The client supported protocol versions [...] are not accepted by server
preferences [...]" (Alert.PROTOCOL_VERSION): tls-protocol, as "No appropriate protocol" already is."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "javax.net.ssl.SSLHandshakeException: No negotiable cipher suite",
        "io.netty.handler.codec.DecoderException: javax.net.ssl.SSLHandshakeException: "
        "Client requested protocol TLSv1 is not enabled or supported in server context",
        "javax.net.ssl.SSLHandshakeException: The client supported protocol versions [TLSv1.1, TLSv1] "
        "are not accepted by server preferences [TLS13, TLS12]",
    ],
)
def test_jdk_negotiation_failures_are_tls_protocol(text):
    assert family_of(text) == "tls-protocol"


@pytest.mark.parametrize(
    "text",
    [
        # the JDK's other alerts received name their own reasons (SNI, a client certificate)
        "javax.net.ssl.SSLHandshakeException: Received fatal alert: unrecognized_name",
        "javax.net.ssl.SSLHandshakeException: Received fatal alert: bad_certificate",
    ],
)
def test_other_jdk_alerts_are_not_tls_protocol(text):
    assert family_of(text) != "tls-protocol"
