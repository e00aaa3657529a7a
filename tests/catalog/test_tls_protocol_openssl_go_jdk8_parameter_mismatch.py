"""More producers' words for a handshake without common parameters: tls-protocol.

OpenSSL SSL_R_WRONG_SIGNATURE_TYPE / SSL_R_WRONG_CIPHER_RETURNED (colon form, CPython's [SSL: NAME],
Node's ERR_SSL_<NAME>); Go crypto/tls "tls: no ECDHE curve supported by both client and server" and
"tls: server chose an unconfigured cipher suite"; OpenJDK 8's "Server chose <v>, but that protocol
version is not enabled or not supported by the client." and "Client requested protocol <v> not enabled
or not supported". The same words outside TLS (a JWT library's "wrong signature type") name nothing."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "ssl.SSLError: [SSL: WRONG_SIGNATURE_TYPE] wrong signature type (_ssl.c:1108)",
        "Error: write EPROTO 139:error:1414D172:SSL routines:tls12_check_peer_sigalg:wrong signature type",
        "code: 'ERR_SSL_WRONG_SIGNATURE_TYPE'",
        "error:1408A105:SSL routines:ssl3_get_server_hello:wrong cipher returned",
        "http: TLS handshake error from 10.0.0.1:50000: tls: no ECDHE curve supported by both client and "
        "server",
        "tls: server chose an unconfigured cipher suite",
        "javax.net.ssl.SSLHandshakeException: Server chose TLSv1, but that protocol version is not "
        "enabled or not supported by the client.",
        "javax.net.ssl.SSLHandshakeException: Client requested protocol TLSv1 not enabled or not supported",
    ],
)
def test_parameter_mismatch_is_tls_protocol(text):
    assert family_of(text) == "tls-protocol"


def test_signature_type_outside_tls_names_nothing():
    assert family_of("JWT verification failed: wrong signature type") is None
