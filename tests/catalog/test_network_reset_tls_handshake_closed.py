"""A connection reset or closed inside the TLS handshake with no TLS reason is network-reset (decided in
tests/diagnose_corpus/README.md "Decided classes"): .NET's SslStream passes the transport's reset or EOF
through unchanged, Java's JSSE before JDK 11 says "Remote host closed connection during handshake"
(after it, "Remote host terminated the handshake"). A TLS alert, which a peer that refuses the version
or ciphers sends, stays tls-protocol."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "javax.net.ssl.SSLHandshakeException: Remote host closed connection during handshake",
        "javax.net.ssl.SSLHandshakeException: Remote host closed connection during handshake\n"
        "Caused by: java.io.EOFException: SSL peer shut down incorrectly",
        "javax.net.ssl.SSLProtocolException: Remote host closed connection incorrectly",
        "javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake",
        # Ruby's openssl extension: SSL_ERROR_SYSCALL with errno 0 (the peer closed the connection)
        "OpenSSL::SSL::SSLError: SSL_connect SYSCALL returned=5 errno=0 peeraddr=20.1.1.1:443"
        " state=SSLv3/TLS write client hello",
        "SSL_connect SYSCALL returned=5 errno=0 state=unknown state (OpenSSL::SSL::SSLError)",
        "System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner"
        " exception.\n ---> System.IO.IOException: Unable to read data from the transport connection:"
        " An existing connection was forcibly closed by the remote host..",
        "System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner"
        " exception.\n ---> System.IO.IOException: Received an unexpected EOF or 0 bytes from the"
        " transport stream.",
    ],
)
def test_a_handshake_cut_short_without_a_tls_reason_is_network_reset(text):
    assert family_of(text) == "network-reset"


@pytest.mark.parametrize(
    "text",
    [
        "javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version",
        "System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner"
        " exception.\n ---> System.Security.Authentication.AuthenticationException: Authentication"
        " failed because the remote party sent a TLS alert: 'ProtocolVersion'.",
    ],
)
def test_a_tls_alert_in_the_handshake_stays_tls_protocol(text):
    assert family_of(text) == "tls-protocol"
