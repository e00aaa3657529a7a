"""Windows Update's and WinINet's network codes for a proxy, a name and a secure channel.

learn.microsoft.com/windows/win32/wua_sdk/wua-networking-error-codes (Wuerror.h):
WU_E_PT_HTTP_STATUS_PROXY_AUTH_REQ 0x8024401B ("Same as HTTP status 407 - Proxy authentication is
required") is the proxy's; WU_E_PT_WINHTTP_NAME_NOT_RESOLVED 0x8024402C ("The proxy server or target
server name cannot be resolved") a name that did not resolve. WinINet (learn.microsoft.com/windows/
win32/wininet/wininet-errors) ERROR_INTERNET_PROXY_SERVER_UNREACHABLE 12165 (0x80072F95, "The
designated proxy server cannot be reached") is the proxy's. WU's other HTTP statuses (403, 503, ...)
name no family: a 403 comes from the update server as well as from a proxy."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "There were some problems installing updates. Error 0x8024401B",
        "Installation Failure: Windows failed to install the following update with error 0x8024401B: "
        "2024-05 Cumulative Update for Windows Server",
        "WU_E_PT_HTTP_STATUS_PROXY_AUTH_REQ",
        "Code 8024401B Windows Update encountered a problem.",
        "Search failed, hr = -2145107941",
        "InternetOpenUrl failed: ERROR_INTERNET_PROXY_SERVER_UNREACHABLE (12165)",
        "Download failed with 0x80072F95",
    ],
)
def test_proxy_codes_are_proxy(text):
    assert family_of(text) == "proxy"


@pytest.mark.parametrize(
    "text",
    [
        "There were some problems installing updates, but we'll try again later. Error 0x8024402C",
        "WU_E_PT_WINHTTP_NAME_NOT_RESOLVED",
        "Code 8024402C Windows Update encountered an unknown error.",
        "Exit code = -2145107924",
    ],
)
def test_name_not_resolved_is_network_dns(text):
    assert family_of(text) == "network-dns"


@pytest.mark.parametrize(
    "text",
    [
        # WU's HTTP 403 / 503: the update server answered; no family
        "There were some problems installing updates. Error 0x80244018",
        "There were some problems installing updates. Error 0x80244022",
        # another 0x802440xx code, one digit off
        "Error 0x8024401C",
        # WinINet's secure-channel name alone is weak: it names nothing by itself
        "ERROR_INTERNET_SECURITY_CHANNEL_ERROR",
    ],
)
def test_other_update_codes_name_nothing(text):
    assert family_of(text) is None
