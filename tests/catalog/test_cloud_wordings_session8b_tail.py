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


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        # WinINet's names for the WinHTTP codes the families already take (wininet-errors)
        ("Download failed: ERROR_INTERNET_NAME_NOT_RESOLVED (12007)", "network-dns"),
        ("WinInet error ERROR_INTERNET_TIMEOUT while downloading the package", "network-timeout"),
        ("InternetOpenUrl failed: ERROR_INTERNET_CANNOT_CONNECT", "network-unreachable"),
        ("HttpSendRequest failed with ERROR_INTERNET_INVALID_CA", "tls-untrusted"),
        ("HttpSendRequest failed with ERROR_INTERNET_SEC_CERT_CN_INVALID", "tls-untrusted"),
        ("HttpSendRequest failed with ERROR_INTERNET_SEC_CERT_REV_FAILED", "tls-revocation"),
        # Chromium's codes (Edge WebView2, Electron apps, browsers)
        ("This site can't be reached. DNS_PROBE_FINISHED_NXDOMAIN", "network-dns"),
    ],
)
def test_wininet_and_chromium_codes_name_their_family(wording: str, family: str) -> None:
    assert family_of(wording) == family


@pytest.mark.parametrize(
    "wording",
    [
        "kinit: KRB5KRB_AP_ERR_SKEW while getting initial credentials",
        "<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time "
        "and the current time is too large.</Message><MaxAllowedSkewMilliseconds>900000"
        "</MaxAllowedSkewMilliseconds></Error>",
        "An error occurred (SignatureDoesNotMatch) when calling the ListBuckets operation: "
        "Signature expired: 20240101T000000Z is now earlier than 20240101T001500Z "
        "(20240101T003000Z - 15 min.)",
    ],
)
def test_other_services_clock_checks_name_token_time(wording: str) -> None:
    assert family_of(wording) == "token-time"


def test_a_signature_that_does_not_match_for_another_reason_is_not_token_time() -> None:
    assert (
        family_of(
            "SignatureDoesNotMatch: The request signature we calculated does not match the "
            "signature you provided. Check your key and signing method."
        )
        != "token-time"
    )


@pytest.mark.parametrize(
    ("wording", "family"),
    [
        ("curl: (60) SSL certificate problem: certificate revoked", "tls-untrusted"),
        (
            "httpx.RemoteProtocolError: peer closed connection without sending complete message "
            "body (received 1024 bytes, expected 4096)",
            "network-reset",
        ),
        (
            "h11._util.RemoteProtocolError: peer closed connection without sending complete "
            "message body (incomplete chunked read)",
            "network-reset",
        ),
    ],
)
def test_openssl_revoked_and_h11_premature_close_name_their_family(
    wording: str, family: str
) -> None:
    assert family_of(wording) == family


def test_nslookups_timed_out_reverse_lookup_of_its_server_before_an_answer_is_not_dns() -> None:
    # Windows nslookup first looks up its own server's name; with no PTR record for the server that
    # lookup prints "DNS request timed out." and "Server:  UnKnown", and the name the user asked
    # for then resolves (the Name/Address lines): the name did resolve
    assert (
        family_of(
            "DNS request timed out.\n    timeout was 2 seconds.\nServer:  UnKnown\n"
            "Address:  10.0.0.2\n\nNon-authoritative answer:\nName:    management.azure.com\n"
            "Addresses:  20.37.158.0"
        )
        is None
    )
