"""Session 8, cycle C, the long tail of the network and TLS families: the error texts of libcurl
(curl_easy_strerror, libcurl 7.88.1 lib/strerror.c) and GnuTLS (gnutls_strerror, gnutls 3.7.9
lib/errors.c) as the programs built on them print them, read from the installed libraries, and the
look-alikes that share their words."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # libcurl: the transfer's socket failed (52, 55, 56) or timed out (28)
        ("pycurl.error: (52, 'Server returned nothing (no headers, no data)')", "network-reset"),
        ("error: curl error 56: Failure when receiving data from the peer", "network-reset"),
        ("Download failed: curl error 55: Failed sending data to the peer", "network-reset"),
        ("curl: (55) Send failure: Broken pipe", "network-reset"),
        ("cURL error 28: Timeout was reached", "network-timeout"),
        (
            "libcurl: request to https://packages.contoso.com failed: Timeout was reached",
            "network-timeout",
        ),
        # libcurl: the issuer check (83) and the proxy handshake (97)
        ("curl error 83: Issuer check against peer certificate failed", "tls-untrusted"),
        ("Failed to download: curl error 97: proxy handshake error", "proxy"),
        # GnuTLS: the socket under TLS failed or the peer closed it
        (
            "error: RPC failed; curl 56 GnuTLS recv error (-54): Error in the pull function.",
            "network-reset",
        ),
        ("gnutls_handshake() failed: Error in the push function.", "network-reset"),
        ("GnuTLS recv error (-328): Peer has terminated the connection", "network-reset"),
        # GnuTLS: no common cipher suite, a refused downgrade
        (
            "gnutls_handshake() failed: Could not negotiate a supported cipher suite.",
            "tls-protocol",
        ),
        ("gnutls_handshake() failed: No supported cipher suites have been found.", "tls-protocol"),
        (
            "gnutls_handshake() failed: A connection with inappropriate fallback was attempted.",
            "tls-protocol",
        ),
        # GnuTLS's verification wrapper (weak)
        ("gnutls_handshake() failed: Error in the certificate verification.", "tls-untrusted"),
        # glibc's gai_strerror EAI_FAIL and strerror ECONNABORTED / ENETRESET / ENETDOWN / EHOSTDOWN
        (
            "socket.gaierror: [Errno -4] Non-recoverable failure in name resolution",
            "network-dns",
        ),
        (
            "read tcp 10.0.0.5:51234->10.0.0.4:443: Software caused connection abort",
            "network-reset",
        ),
        ("send: Network dropped connection on reset", "network-reset"),
        ("dial tcp 10.0.0.4:443: connect: network is down", "network-unreachable"),
        ("OSError: [Errno 112] Host is down", "network-unreachable"),
    ],
)
def test_curl_and_gnutls_error_texts_name_their_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # GLib's G_IO_ERROR_TIMED_OUT has libcurl's words for a D-Bus call
        "Error: GDBus.Error:org.freedesktop.DBus.Error.NoReply: Timeout was reached",
        "GLib.Error: g-io-error-quark: Timeout was reached (24)",
        # "host is down" as an ordinary sentence, not a socket's errno
        "Deployment paused: the build host is down for maintenance, retry later.",
        # aiohttp's words as a client's settings line, with no URL after them: no timeout happened
        "INFO client: Connection timeout to host set to 30s, read timeout 60s",
    ],
)
def test_look_alikes_of_the_library_texts_are_not_named(wording: str) -> None:
    assert family_of(wording) is None


def test_gnutls_verification_wrapper_yields_to_an_expired_certificate() -> None:
    # the weak wrapper does not hide the reason beside it: a validity-period condition is no family
    assert (
        family_of(
            "gnutls_handshake() failed: Error in the certificate verification. The certificate "
            "has expired"
        )
        != "tls-untrusted"
    )


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # OpenJDK HostnameChecker: a certificate without the name asked for
        (
            "javax.net.ssl.SSLHandshakeException: No name matching vault.contoso.com found",
            "tls-untrusted",
        ),
        (
            "java.security.cert.CertificateException: No subject alternative names present",
            "tls-untrusted",
        ),
        # OpenJDK SSLSocketInputRecord: the reply is no TLS record
        ("javax.net.ssl.SSLException: Unsupported or unrecognized SSL message", "tls-protocol"),
    ],
)
def test_the_jdks_certificate_name_and_record_texts_name_their_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


def test_a_name_matching_sentence_outside_a_certificate_is_not_tls() -> None:
    assert family_of("Search returned: No name matching 'contoso' found in the directory.") is None


@pytest.mark.parametrize(
    "wording",
    [
        # undici (Node.js fetch): no headers, or a stalled body, within the client's timeouts
        "TypeError: fetch failed\n    at node:internal/deps/undici/undici:13502:13\n"
        "  [cause]: HeadersTimeoutError: Headers Timeout Error\n"
        "      code: 'UND_ERR_HEADERS_TIMEOUT'",
        "TypeError: terminated\n  [cause]: BodyTimeoutError: Body Timeout Error\n"
        "      code: 'UND_ERR_BODY_TIMEOUT'",
    ],
)
def test_undicis_timeouts_are_network_timeouts(wording: str) -> None:
    assert family_of(wording) == "network-timeout"


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # aiohttp: the proxy unreachable, a read or connect timeout
        (
            "aiohttp.client_exceptions.ClientProxyConnectionError: Cannot connect to host "
            "proxy.contoso.com:8080 ssl:default [Connect call failed ('10.0.0.9', 8080)]",
            "proxy",
        ),
        (
            "aiohttp.client_exceptions.SocketTimeoutError: Timeout on reading data from socket",
            "network-timeout",
        ),
        (
            "aiohttp.client_exceptions.ConnectionTimeoutError: Connection timeout to host "
            "https://api.contoso.com/v1/items",
            "network-timeout",
        ),
        # OpenSSL's security-level refusals: the certificate or the peer is too weak
        ("ssl.SSLError: [SSL: CA_MD_TOO_WEAK] ca md too weak (_ssl.c:1006)", "tls-protocol"),
        ("error:0A00018F:SSL routines::ee key too small", "tls-protocol"),
        (
            "ssl.SSLError: [SSL: TLSV1_ALERT_INSUFFICIENT_SECURITY] tlsv1 alert insufficient "
            "security (_ssl.c:1006)",
            "tls-protocol",
        ),
        (
            "curl: (60) SSL certificate problem: CA signature digest algorithm too weak",
            "tls-protocol",
        ),
        # CPython's SSLZeroReturnError: the peer closed the TLS connection
        (
            "ssl.SSLZeroReturnError: TLS/SSL connection has been closed (EOF) (_ssl.c:1131)",
            "network-reset",
        ),
    ],
)
def test_aiohttp_and_openssl_security_level_texts_name_their_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


def test_gos_plain_http_reply_to_https_is_tls_protocol() -> None:
    # net/http's rewording of crypto/tls's "first record does not look like a TLS handshake"
    assert (
        family_of(
            'Error response from daemon: Get "https://registry.contoso.com:5000/v2/": http: '
            "server gave HTTP response to HTTPS client"
        )
        == "tls-protocol"
    )


def test_a_peers_refusal_of_our_certificate_is_not_the_servers_trust() -> None:
    # Go's "remote error": the peer sent the alert, i.e. it refused this side's (client)
    # certificate; tls-untrusted is the server's certificate not trusted here
    assert (
        family_of(
            'Get "https://api.contoso.com/": remote error: tls: unknown certificate authority'
        )
        != "tls-untrusted"
    )


@pytest.mark.parametrize(
    "wording",
    [
        # WinHTTP's automatic proxy configuration failed (WPAD, the PAC script)
        "WinHttpGetProxyForUrl failed with error 12180",
        "Error 12167 calling WinHttpGetProxyForUrl, 'The PAC file could not be downloaded'.",
        "ERROR_WINHTTP_AUTODETECTION_FAILED",
        "WinHTTP returned ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT while resolving the proxy",
    ],
)
def test_winhttps_proxy_discovery_failures_are_proxy(wording: str) -> None:
    assert family_of(wording) == "proxy"


def test_a_port_number_like_a_winhttp_code_is_not_proxy() -> None:
    assert family_of("Test-NetConnection: TCP connect to port 12180 succeeded") != "proxy"


@pytest.mark.parametrize(
    "wording",
    [
        # IdentityModel's lifetime exceptions by name, golang-jwt v4's expiry with its duration
        "at Validators.ValidateLifetime: Microsoft.IdentityModel.Tokens.SecurityTokenNotYetValidException",
        "Unhandled exception. Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException",
        'level=error msg="invalid token" error="token is expired by 2h14m9s"',
    ],
)
def test_token_lifetime_exceptions_by_name_are_token_time(wording: str) -> None:
    assert family_of(wording) == "token-time"


def test_an_expiry_sentence_without_a_duration_is_not_token_time() -> None:
    assert family_of("Notice: the token is expired by the server's policy") != "token-time"


@pytest.mark.parametrize(
    "wording",
    [
        # OpenSSL's reasons for no common signature algorithm, key share or group, a refused
        # downgrade, a version it does not speak (colon form and CPython's form)
        "curl: (35) error:0A000076:SSL routines::no suitable signature algorithm",
        "SSL_connect failed: error:0A000178:SSL routines::no shared signature algorithms",
        "ssl.SSLError: [SSL: NO_SUITABLE_GROUPS] no suitable groups (_ssl.c:1006)",
        "error:0A00043E:SSL routines::tlsv1 alert inappropriate fallback",
        "ssl.SSLError: [SSL: UNSUPPORTED_SSL_VERSION] unsupported ssl version (_ssl.c:1006)",
    ],
)
def test_openssls_no_common_parameters_reasons_are_tls_protocol(wording: str) -> None:
    assert family_of(wording) == "tls-protocol"
