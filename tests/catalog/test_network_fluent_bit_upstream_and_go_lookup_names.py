"""Fluent Bit's upstream and HTTP client errors (fluent/fluent-bit @d55459d49 src/flb_network.c,
src/flb_http_client.c, src/tls/flb_tls.c, src/flb_upstream.c) named by their cause, with its
idle keep-alive notice as the look-alike; Go's DNSError whose looked-up name is no host name (a
host:port, a proxy URL's scheme) names no DNS failure (golang/go src/net/net.go DNSError.Error);
WSAECONNRESET retyped in people's word order and WSAENETRESET 10052 (learn.microsoft.com
windows-sockets-error-codes-2)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "[2024/08/02 14:45:44] [error] [http_client] broken connection to"
            " blobstoreurl.blob.core.windows.net:443 ?",
            "network-reset",
        ),
        (
            "[2024/08/02 14:45:44] [error] [net] connection #45 timeout after 10 seconds to:"
            " example.blob.core.windows.net:443",
            "network-timeout",
        ),
        (
            "[2024/08/02 14:45:44] [error] [io_tls] handshake connection #45 to"
            " example.blob.core.windows.net:443 timed out after 10 seconds",
            "network-timeout",
        ),
        # the idle keep-alive connection the server closed: Fluent Bit replaces it, no failure
        (
            "[2024/08/02 14:45:44] [debug] [upstream] KA connection #89 to"
            " blobstoreurl.blob.core.windows.net:443 has been disconnected by the remote service",
            None,
        ),
    ],
)
def test_fluent_bit_upstream_errors(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # AzCopy 10.18 with an explicit port in the URL (azure-storage-azcopy issue 2140)
        "failed to perform copy command due to error: failed to resolve source: lookup"
        " xyz.blob.core.windows.net:443: no such host",
        "dial tcp: lookup myaccount.blob.core.windows.net:443 on 10.0.0.1:53: no such host",
    ],
)
def test_a_lookup_of_host_and_port_is_no_dns_failure(text):
    assert family_of(text) is None


def test_a_proxy_scheme_looked_up_as_a_host_is_no_dns_failure():
    # HTTPS_PROXY=socks5h://...: net/http re-read it as http://socks5h://..., so "socks5h" was the
    # host looked up (azure-storage-azcopy issue 2618); the proxy setting, not DNS
    text = (
        "adal: Failed to execute the refresh request. Error = 'Post"
        ' "https://login.microsoftonline.com/common/oauth2/token?api-version=1.0": proxyconnect tcp:'
        " dial tcp: lookup socks5h: no such host'"
    )
    assert family_of(text) != "network-dns"


@pytest.mark.parametrize(
    "text",
    [
        'Get "https://management.azure.com/": dial tcp: lookup management.azure.com on'
        " 10.0.0.1:53: no such host",
        "dial tcp: lookup management.azure.com: no such host",
        # a proxy host name that does not resolve stays DNS's
        "proxyconnect tcp: dial tcp: lookup proxy.contoso.com on 10.0.0.1:53: no such host",
    ],
)
def test_go_lookups_of_host_names_stay_dns(text):
    assert family_of(text) == "network-dns"


@pytest.mark.parametrize(
    "text",
    [
        "Host forcibly closing connection causing function timeout",
        "the remote host forcibly closed the connection while the upload was running",
        "The connection has been broken due to keep-alive activity detecting a failure while the"
        " operation was in progress.",
    ],
)
def test_reset_sentences(text):
    assert family_of(text) == "network-reset"
