"""TLS failures in other producers' words.

dotnet/runtime System.Net.Security SecurityStatusAdapterPal.GetSecurityStatusPalFromInterop throws
InternalException(<SECURITY_STATUS>) for an SSPI status outside its table, inside "The SSL connection
could not be established, see inner exception": Schannel failed the handshake itself; the server
certificate is validated afterwards in managed code ("The remote certificate is invalid ..."), so this
inner exception is a protocol failure, not trust. openssl/openssl apps/s_client.c prints
"write:errno=<n>" / "read:errno=<n>" with the socket error: 104 / 54 / 10054 is a reset (ECONNRESET)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

SSPI_INTERNAL = (
    "System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner "
    "exception.\n ---> System.Net.InternalException: Exception of type 'System.Net.InternalException' "
    "was thrown. -2146892963\n   at System.Net.SecurityStatusAdapterPal.GetSecurityStatusPalFromInterop("
    "SECURITY_STATUS win32SecurityStatus, Boolean attachException)"
)


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (SSPI_INTERNAL, "tls-protocol"),
        (
            "CONNECTED(00000003)\nwrite:errno=104\n---\nno peer certificate available\n---\n"
            "No client certificate CA names sent",
            "network-reset",
        ),
        (
            "CONNECTED(00000005)\nwrite:errno=54\n---\nno peer certificate available",
            "network-reset",
        ),
        (
            "CONNECTED(000001E4)\nread:errno=10054\n---\nno peer certificate available",
            "network-reset",
        ),
    ],
)
def test_handshake_failures_in_other_words_name_their_family(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # the wrapper keeps reading its inner exception: a certificate reason is trust
        (
            "System.Net.Http.HttpRequestException: The SSL connection could not be established, see "
            "inner exception.\n ---> System.Security.Authentication.AuthenticationException: The remote "
            "certificate is invalid according to the validation procedure.",
            "tls-untrusted",
        ),
        # and the transport's reset stays the reset (decided in the corpus README)
        (
            "System.Net.Http.HttpRequestException: The SSL connection could not be established, see "
            "inner exception.\n ---> System.IO.IOException: Unable to read data from the transport "
            "connection: An existing connection was forcibly closed by the remote host.",
            "network-reset",
        ),
    ],
)
def test_the_ssl_wrapper_still_reads_other_inner_exceptions(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # s_client's clean end and a session that completed: no socket error
        "CONNECTED(00000003)\nwrite:errno=0\n---\nno peer certificate available",
        "read:errno=0",
        # an InternalException with no SSPI status (another .NET internal error)
        "System.Net.InternalException: Exception of type 'System.Net.InternalException' was thrown.",
        # errno 104 in a program's own counter, not s_client's socket error
        "retry_write:errno=1045 attempts",
    ],
)
def test_near_misses_name_no_tls_or_reset(text):
    assert family_of(text) not in {"network-reset", "tls-protocol", "tls-untrusted"}


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("connect: Connection refused\nconnect:errno=111", "network-refused"),
        ("connect:errno=10061", "network-refused"),
        ("connect: Connection timed out\nconnect:errno=110", "network-timeout"),
        ("connect:errno=10060", "network-timeout"),
        ("connect: No route to host\nconnect:errno=113", "network-unreachable"),
        ("connect:errno=65", "network-unreachable"),
    ],
)
def test_s_client_connect_errno_names_the_socket_failure(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # Schannel's own SSPI failures inside .NET's SSL wrapper: no certificate was judged
        "System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner "
        "exception.\n ---> System.Security.Authentication.AuthenticationException: Authentication "
        "failed, see inner exception.\n ---> System.ComponentModel.Win32Exception (0x80090302): The "
        "function requested is not supported.",
        "System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner "
        "exception.\n ---> System.Security.Authentication.AuthenticationException: Authentication "
        "failed, see inner exception.\n ---> System.ComponentModel.Win32Exception (0x8009030E): No "
        "credentials are available in the security package.",
        # s_client's lookup failure with errno 0 and a program's own counter
        "gethostbyname failure\nconnect:errno=0",
        "reconnect:errno=1113 retries",
    ],
)
def test_sspi_failures_and_s_client_near_misses_name_no_trust_or_connect_family(text):
    assert family_of(text) not in {
        "tls-untrusted",
        "network-refused",
        "network-timeout",
        "network-unreachable",
    }


def test_a_certificate_reason_after_the_wrapper_still_names_trust():
    text = (
        "System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner "
        "exception.\n ---> System.Security.Authentication.AuthenticationException: The remote "
        "certificate is invalid because of errors in the certificate chain: UntrustedRoot\n ---> "
        "System.ComponentModel.Win32Exception (0x80090304)"
    )
    assert family_of(text) == "tls-untrusted"
