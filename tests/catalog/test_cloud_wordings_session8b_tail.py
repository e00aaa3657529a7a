"""Session 8, cycle B, the long tail of the network and TLS families: how the DNS tools (BIND's
dig / host / nslookup, Windows nslookup, Resolve-DnsName), Go's HTTP stack (crypto/tls, x/net/http2,
net.OpError) and the JDK's HttpClient word failures the families already describe, from the
references families.yaml cites, and the look-alikes that must not name them. Written from the
references, not copied from the evaluation corpus."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # BIND's dig / host / nslookup
        (
            "; <<>> DiG 9.18.18 <<>> management.azure.com\n;; global options: +cmd\n"
            ";; connection timed out; no servers could be reached",
            "network-dns",
        ),
        (";; communications error to 10.0.0.2#53: timed out", "network-dns"),
        ("Host login.microsoftonline.com not found: 2(SERVFAIL)", "network-dns"),
        # Windows nslookup, Resolve-DnsName
        (
            "DNS request timed out.\n    timeout was 2 seconds.\nServer:  UnKnown\n"
            "Address:  10.0.0.2",
            "network-dns",
        ),
        (
            "Resolve-DnsName : login.microsoftonline.com : This operation returned because the "
            "timeout period expired",
            "network-dns",
        ),
        ("Resolve-DnsName : management.azure.com : DNS server failure", "network-dns"),
        # Go's crypto/tls reading a clear-text reply
        (
            'Get "https://10.0.0.5:5985/wsman": tls: first record does not look like a TLS '
            "handshake",
            "tls-protocol",
        ),
        # Go's HTTP stack: connection closure errors (k8s apimachinery IsProbableEOF)
        (
            "http2: server sent GOAWAY and closed the connection; LastStreamID=1999, "
            'ErrCode=NO_ERROR, debug=""',
            "network-reset",
        ),
        ("http: can't write HTTP request on broken connection", "network-reset"),
        (
            'Put "https://myacct.blob.core.windows.net/c/b": write tcp '
            "10.0.0.4:51234->20.60.1.1:443: write: broken pipe",
            "network-reset",
        ),
        # the JDK HttpClient's timeouts
        ("java.net.http.HttpTimeoutException: request timed out", "network-timeout"),
        ("java.net.http.HttpConnectTimeoutException: HTTP connect timed out", "network-timeout"),
    ],
)
def test_tail_wordings_name_their_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        # a local pipe's EPIPE is no network
        "BrokenPipeError: [Errno 32] Broken pipe",
        "write /dev/stdout: broken pipe",
        # "Host ... not found" without a DNS rcode is no DNS answer
        "Host key verification failed. Host node1 not found in known_hosts",
    ],
)
def test_tail_look_alikes_are_not_named(wording: str) -> None:
    assert family_of(wording) is None
