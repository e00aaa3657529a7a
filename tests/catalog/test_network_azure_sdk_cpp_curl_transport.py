"""The Azure SDK for C++'s libcurl transport reports "Fail to get a new connection for: <host>. <libcurl's
curl_easy_strerror text>" (Azure/azure-sdk-for-cpp sdk/core/azure-core): the curl text decides the family,
CURLE_OPERATION_TIMEDOUT's "Timeout was reached" network-timeout, its reasonless "SSL connect error" none."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of

PREFIX = "Fail to get a new connection for: https://acct.blob.core.windows.net. "


@pytest.mark.parametrize(
    ("reason", "family"),
    [
        ("Timeout was reached", "network-timeout"),
        ("Could not connect to server", "network-unreachable"),
        ("Couldn't resolve host name", "network-dns"),
        ("SSL peer certificate or SSH remote key was not OK", "tls-untrusted"),
        ("Failure when receiving data from the peer", "network-reset"),
    ],
)
def test_the_curl_reason_decides(reason, family):
    assert family_of(PREFIX + reason) == family


def test_a_timeout_not_from_the_transport_is_not_named_by_it():
    text = (
        'C++ exception with description "Fail to get a new connection for: host. SSL connect error"'
    )
    assert family_of(text) != "network-timeout"
