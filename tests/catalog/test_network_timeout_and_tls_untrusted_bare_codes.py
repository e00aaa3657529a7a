"""Two codes printed without their usual frame.

WININET_E_TIMEOUT 0x80072EE2 (WinINet 12002) written without its 0x, as Windows Update's and Autopilot's
screens and logs show it ("Code 80072EE2", "Error is 80072ee2", airdesk.com's Autopilot notes in the
development corpus): network-timeout, as the 0x form already is. libcurl's CURLE_SSL_CACERT_BADFILE (77)
by its curl_easy_strerror text alone (curl/curl lib/strerror.c: "Problem with the SSL CA cert (path?
access rights?)", abraunegg/onedrive pull 508): the CA bundle the client was told to use is missing or
unreadable, tls-untrusted as curl's other CURLE_SSL_CACERT_BADFILE wordings; its siblings of other
causes (CURLE_SSL_CERTPROBLEM 58, the client's own certificate; CURLE_SSL_CRL_BADFILE 82, a local CRL
file) name nothing.
"""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "Late June, Autopilot failed at the beginning, before entering ESP. Error is 80072ee2. DNS query failed"
        " for “”. Network timeout trying to register the device at DRS. No cause found.",
        "Code 80072EE2 Windows Update encountered an unknown error.",
    ],
)
def test_wininet_timeout_without_0x_is_network_timeout(text):
    assert family_of(text) == "network-timeout"


@pytest.mark.parametrize(
    "text",
    [
        "Code 80072EFD Windows Update encountered an unknown error.",
        "object id A80072EE2 not found",
        "build 1.0.80072EE2-beta failed",
    ],
)
def test_other_codes_and_longer_hex_runs_are_not_the_timeout(text):
    assert family_of(text) != "network-timeout"


@pytest.mark.parametrize(
    "text",
    [
        "Cannot connect to Microsoft OneDrive Service\nReason: Problem with the SSL CA cert (path? access rights?)"
        " on handle 15DECB0",
        "curl: (77) Problem with the SSL CA cert (path? access rights?)",
    ],
)
def test_curl_ca_bundle_problem_is_tls_untrusted(text):
    assert family_of(text) == "tls-untrusted"


@pytest.mark.parametrize(
    "text",
    [
        "curl: (58) Problem with the local SSL certificate",
        "curl: (82) Failed to load CRL file (path? access rights?, format?)",
    ],
)
def test_curl_siblings_of_other_causes_name_nothing(text):
    assert family_of(text) is None
