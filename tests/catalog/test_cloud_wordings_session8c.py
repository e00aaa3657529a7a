"""Session 8, cycle C: wordings of the Entra ID, ARM, network and TLS families for the classes the
seventeenth measure set missed or answered wrongly, taken from the references families.yaml cites
(the Entra error-code table and consent prompt, RFC 6749's invalid_client, ARM's
LocationNotAvailableForResourceType, fluent-bit's resolver warning, Winsock's error codes, apt's
connect messages, OpenSSL's and mbed TLS's error texts, CPython's http.client), and the
look-alikes that must not name them. Written as the references and other tools word them, not
copied from the evaluation corpus."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # AADSTS9001011: a Conditional Access device condition the device cannot satisfy
        (
            "MSALErrorDomain: AADSTS9001011: Device policy contains unsupported required device "
            "state: compliant.",
            "entra-interaction-required",
        ),
        (
            "Sign-in failed: Device policy contains unsupported required device state: "
            "domain_joined",
            "entra-interaction-required",
        ),
        # the consent prompt's older wording
        (
            "Approval required. Contoso Sync needs permission to access resources in your "
            "organization that only an administrator can grant. Please ask an administrator to "
            "grant permission to this app before you can use it.",
            "entra-consent",
        ),
        # RFC 6749 5.2 invalid_client, as OAuth client libraries describe it
        (
            "OAuth2 token request failed: Client authentication failed (e.g., unknown client, no "
            "client authentication included, or unsupported authentication method).",
            "entra-client-credential",
        ),
        # AADSTS50055's expiry relayed by a service signing in to Microsoft 365
        (
            "Sync to Microsoft 365 failed: could not sign in to Office 365 as admin@contoso.com: "
            "Password has expired.",
            "entra-user-credential",
        ),
        # LocationNotAvailableForResourceType without the names
        (
            "InvalidTemplateDeployment: The provided location is not available for this resource "
            "type.",
            "arm-location",
        ),
        # fluent-bit's resolver warning, whatever gai_strerror says
        (
            "[2024/05/01 10:00:00] [ warn] [net] getaddrinfo(host='ingest.contoso.com', err=11): "
            "System error",
            "network-dns",
        ),
        (
            "[2021/08/18 11:34:52] [ warn] [net] getaddrinfo(host='logs.contoso.com'): Unknown error",
            "network-dns",
        ),
        # Winsock's unreachable codes beside Winsock's name
        ("WinsockConnect to 10.1.2.3:443 failed. Error: 10065", "network-unreachable"),
        ("Winsock error 10051 while connecting to the gateway", "network-unreachable"),
        # apt's summary with no reason beside it
        (
            "Err:3 http://deb.contoso.com/debian bookworm/main amd64 curl amd64 7.88.1-10\n"
            "  Unable to connect to deb.contoso.com:http: [IP: 10.0.0.7 80]",
            "network-unreachable",
        ),
        # OpenSSL SSL_R_WRONG_SSL_VERSION
        (
            "OpenSSL.SSL.Error: [('SSL routines', 'ssl_choose_client_version', 'wrong ssl version')]",
            "tls-protocol",
        ),
        ("error:0A00010A:SSL routines::wrong ssl version", "tls-protocol"),
        # Azure SQL Database's minimal TLS version
        (
            "Microsoft.Data.SqlClient.SqlException (0x80131904): Reason: Login failed due to "
            "client TLS version being less than minimal TLS version allowed by the server.",
            "tls-protocol",
        ),
        # mbed TLS: protocol version and cipher suites (tls-protocol), certificate (tls-untrusted)
        ("E (7410) esp-tls-mbedtls: mbedtls_ssl_handshake returned -0x6980", "tls-protocol"),
        (
            "TLS error: SSL - Handshake protocol not within min/max boundaries",
            "tls-protocol",
        ),
        ("mbedtls_ssl_handshake returned -0x2700", "tls-untrusted"),
        (
            "TLS handshake failed: X509 - Certificate verification failed, e.g. CRL, CA or "
            "signature check failed",
            "tls-untrusted",
        ),
        ("MBEDTLS_ERR_X509_CERT_VERIFY_FAILED", "tls-untrusted"),
    ],
)
def test_the_seventeenth_sets_classes_name_their_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # AADSTS54005 (an authorization code redeemed twice) behind the AADSTS70002 wrapper: the
        # login flow's bug, not the client's secret
        '{"error":"invalid_grant","error_description":"AADSTS70002: Error validating '
        "credentials. AADSTS54005: OAuth2 Authorization code was already redeemed, please retry "
        'with a new valid code or use an existing refresh token.","error_codes":[70002,54005]}',
        # a non-HTTP reply on the port (CPython's BadStatusLine with the line it read)
        "requests.exceptions.ConnectionError: HTTPConnectionPool(host='10.0.0.4', port=19000): "
        "Max retries exceeded with url: / (Caused by ProtocolError('Connection aborted.', "
        "BadStatusLine('\\x15\\x03\\x01\\x00\\x02\\x02\\x16')))",
        # an expired password with no Microsoft sign-in in sight
        "sudo: Password has expired. You are required to change your password immediately.",
        # mbed TLS's connection EOF is not a certificate or protocol refusal
        "mbedtls_ssl_handshake returned -0x7280",
    ],
)
def test_look_alikes_of_the_seventeenth_sets_classes_are_not_named(wording: str) -> None:
    assert family_of(wording) is None


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # the wrapper with one of the family's own codes still names it
        (
            "AADSTS70002: Error validating credentials. AADSTS7000222: The provided client "
            "secret keys for app '0000' are expired.",
            "entra-client-credential",
        ),
        # the wrapper with another family's code names that family
        (
            "AADSTS70002: Error validating credentials. AADSTS50126: Error validating credentials "
            "due to invalid username or password.",
            "entra-user-credential",
        ),
        # Python 2's empty status line and Python 3's RemoteDisconnected are the connection closed
        (
            "ConnectionError: ('Connection aborted.', BadStatusLine(\"''\",))",
            "network-reset",
        ),
        (
            "ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed "
            "connection without response'))",
            "network-reset",
        ),
        # apt's own reason beside its summary is that reason's family
        (
            "Err:1 http://deb.contoso.com/debian bookworm InRelease\n"
            "  Could not connect to deb.contoso.com:80 (10.0.0.7), connection timed out\n"
            "  Unable to connect to deb.contoso.com:http: [IP: 10.0.0.7 80]",
            "network-timeout",
        ),
    ],
)
def test_the_neighbours_of_the_seventeenth_sets_classes_keep_their_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family
