"""OkHttp's CONNECT through an HTTP proxy (RealConnection.createTunnel): "Failed to authenticate with
proxy" (a 407 its authenticator cannot answer) and "Unexpected response code for CONNECT: <status>" are
the proxy refusing the tunnel; a bare "Unexpected response code" without CONNECT is any server's."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "java.io.IOException: Failed to authenticate with proxy\n\tat okhttp3.internal.connection."
        "RealConnection.createTunnel(RealConnection.kt:483)",
        "java.net.ProtocolException: Failed to authenticate with proxy",
        "java.io.IOException: Unexpected response code for CONNECT: 403",
        "Caused by: java.io.IOException: Unexpected response code for CONNECT: 502",
    ],
)
def test_okhttp_tunnel_refusals_are_proxy(text):
    assert family_of(text) == "proxy"


def test_a_response_code_without_connect_is_not_proxy():
    assert family_of("java.io.IOException: Unexpected response code: 403") != "proxy"
