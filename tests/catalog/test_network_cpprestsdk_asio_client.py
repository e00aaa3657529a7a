"""cpprestsdk's Boost.Asio HTTP client (microsoft/cpprestsdk Release/src/http/client/http_client_asio.cpp):
its resolver failures ("Error resolving address", "Failed to resolve address") are network-dns, its
"Failed to connect to any resolved endpoint" network-unreachable. Its "Error in SSL handshake" carries no
reason (a certificate check that failed and a refused protocol read alike; development labels differ),
so names nothing by itself."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "Failed to upload to ODS: Error resolving address, Datatype: LINUX_PERF_BLOB, RequestId: x",
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
    "text",
    [
        "Exception thrown while processing response: Error in SSL handshake",
        "web::http::http_exception: Error resolving proxy address",
    ],
)
def test_its_other_failures_name_no_network_family(text):
    assert family_of(text) not in {"network-dns", "network-unreachable"}
