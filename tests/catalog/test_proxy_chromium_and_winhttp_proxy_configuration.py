"""The proxy's own failures in Chromium's net error list and WinHTTP's automatic proxy discovery.

chromium net/base/net_error_list.h: MANDATORY_PROXY_CONFIGURATION_FAILED (-131, the PAC script),
SOCKS_CONNECTION_FAILED (-120), HTTPS_PROXY_TUNNEL_RESPONSE_REDIRECT (-140), PROXY_AUTH_UNSUPPORTED
(-115) are proxy, as Electron apps (VS Code, Teams, Azure Storage Explorer) print them;
PROXY_UNABLE_TO_CONNECT_TO_DESTINATION (-186, the destination's fault) is not. WinHTTP 12178
ERROR_WINHTTP_AUTO_PROXY_SERVICE_ERROR beside WinHttpGetProxyForUrl, as 12180 / 12167 / 12166 are;
the number alone (a port) names nothing."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "Failed to load resource: net::ERR_MANDATORY_PROXY_CONFIGURATION_FAILED",
        "Error: net::ERR_SOCKS_CONNECTION_FAILED",
        "net::ERR_HTTPS_PROXY_TUNNEL_RESPONSE_REDIRECT",
        "Error: net::ERR_PROXY_AUTH_UNSUPPORTED",
        "WinHttpGetProxyForUrl failed with error 12178",
        "Error 12178 calling WinHttpGetProxyForUrl, 'Unknown error'.",
        "ERROR_WINHTTP_AUTO_PROXY_SERVICE_ERROR",
    ],
)
def test_proxy_configuration_failures_are_proxy(text):
    assert family_of(text) == "proxy"


@pytest.mark.parametrize(
    "text",
    [
        "net::ERR_PROXY_UNABLE_TO_CONNECT_TO_DESTINATION",
        "The service is listening on port 12178",
    ],
)
def test_destination_and_other_numbers_are_not_proxy(text):
    assert family_of(text) != "proxy"
