"""curl's error 28 (CURLE_OPERATION_TIMEDOUT) decides the family even when the message after it is
error 7's text: curl writes "Failed to connect to <host> port <p> after <n> ms: Couldn't connect to
server" and then turns a connect that failed with ETIMEDOUT into 28 (curl/curl lib/cf-ip-happy.c
is_connected, lib/connect.c since 490effc193). Renderings written from the source."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "curl: (28) Failed to connect to packages.microsoft.com port 443 after 134029 ms: Couldn't"
        " connect to server\ngpg: no valid OpenPGP data found.",
        "curl: (28) Failed to connect to packages.microsoft.com port 443 after 21045 ms: Could not"
        " connect to server",
        "curl: (28) Failed to connect to packages.microsoft.com:443 after 21045 ms: Could not connect"
        " to server",
        "curl: (28) Failed to connect to login.microsoftonline.com port 443 via 10.0.0.1:3128 after"
        " 75012 ms: Could not connect to server",
        "GuzzleHttp\\Exception\\ConnectException: cURL error 28: Failed to connect to"
        " api.contoso.com port 443 after 10001 ms: Couldn't connect to server (see"
        " https://curl.haxx.se/libcurl/c/libcurl-errors.html)",
        "curl: (28) Connection timeout after 10001 ms",
        "curl: (28) Connection time-out",
        "curl: (28) SSL connection timeout",
    ],
)
def test_curl_error_28_is_a_network_timeout_whatever_text_follows(text):
    assert family_of(text) == "network-timeout"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # the same words under error 7 stay a connection that could not be made
        (
            "curl: (7) Failed to connect to packages.microsoft.com port 443 after 3 ms: Couldn't"
            " connect to server",
            "network-unreachable",
        ),
        # a lookup that ran out of time is the name's
        ("curl: (28) Resolving timed out after 5000 milliseconds", "network-dns"),
    ],
)
def test_the_neighbours_of_curl_error_28_keep_their_family(text, family):
    assert family_of(text) == family
