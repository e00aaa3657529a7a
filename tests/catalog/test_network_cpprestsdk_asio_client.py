"""cpprestsdk's Boost.Asio HTTP client (microsoft/cpprestsdk @0b1ce318a Release/src/http/client/http_client_asio.cpp).

handle_resolve reports "Error resolving address" (the resolver failed) and "Failed to resolve address"
(no endpoint returned): network-dns. handle_connect reports "Failed to connect to any resolved endpoint"
once the last resolved address failed to connect, for whatever error the connect had: a refusal (which
report_error itself maps to host_unreachable), the OS's connect timeout, an unreachable network or
host. The words alone carry no reason, as .NET's ConnectFailure "Unable to connect to the remote server"
carries none, and that wording's decision is followed: network-unreachable (the family of a connect that
found no path), with the reason printed beside it named first (a refusal is network-refused, a connect
timeout network-timeout), as for .NET. Not weak: a weak answer is still network-unreachable when nothing
else is in the text, so weakness would change nothing here but the confidence. Its proxy wordings ("Error
resolving proxy address", "... any resolved proxy endpoint") and its reasonless "Error in SSL handshake"
(development labels tls-untrusted twice, tls-protocol once) name nothing.
"""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        # Azure Monitor's Linux agent (mdsd.err), Azure/azure-linux-extensions issue 1957 (development corpus)
        "Failed to upload to ODS: Error resolving address, Datatype: LINUX_PERF_BLOB, RequestId: x",
        # handle_resolve's other wording, as an uncaught web::http::http_exception prints it (written from the
        # source above, not from a page)
        "terminate called after throwing an instance of 'web::http::http_exception'\n  what():  Failed to"
        " resolve address",
    ],
)
def test_resolver_failures_are_network_dns(text):
    assert family_of(text) == "network-dns"


def test_no_endpoint_connected_is_network_unreachable():
    text = "web::http::http_exception: Failed to connect to any resolved endpoint"
    assert family_of(text) == "network-unreachable"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "Failed to connect to any resolved endpoint (error code 111: Connection refused)",
            "network-refused",
        ),
        (
            "Failed to connect to any resolved endpoint\nconnect: Connection timed out",
            "network-timeout",
        ),
    ],
)
def test_the_reason_beside_the_connect_failure_is_named_first(text, family):
    assert family_of(text) == family


@pytest.mark.parametrize(
    "text",
    [
        # azure-storage-cpp issue 197 (development corpus, labelled tls-untrusted): no reason in the words
        "Exception thrown while processing response: Error in SSL handshake",
        # the proxy's own name or endpoint: which of a DNS failure, a wrong proxy setting or a proxy that is
        # down the words do not tell; not proxy, whose title is a proxy that answers and refuses the request
        "web::http::http_exception: Error resolving proxy address",
        "web::http::http_exception: Failed to connect to any resolved proxy endpoint",
    ],
)
def test_its_other_failures_name_nothing(text):
    assert family_of(text) is None
