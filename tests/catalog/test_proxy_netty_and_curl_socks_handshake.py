"""A proxy that did not complete the tunnel: Netty's proxy handlers and curl's SOCKS client.

Netty (netty/netty handler-proxy ProxyHandler.java): before the tunnel is up, a closed channel is
ProxyConnectException(exceptionMessage("disconnected")) and the connect timeout "timeout", the message
being "<protocol>, <auth>, <proxy> => <destination>, <reason>". curl (curl/curl lib/socks.c, current
and before 5651a36d1a): the SOCKS handshake the proxy did not answer or answered with no SOCKS reply,
reported as (7) before curl 7.73 and (97) since; the older "Can't complete SOCKS5 connection to <h>. (1|2)"
is the proxy's own refusal (RFC 1928 replies 1 and 2), while replies 3-5 are the destination's."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "io.netty.handler.proxy.ProxyConnectException: http, none, proxy.contoso.com/10.0.0.1:8080 => "
        "management.azure.com:443, disconnected",
        "io.netty.handler.proxy.ProxyConnectException: socks5, password, /10.0.0.1:1080 => "
        "api.contoso.com:443, timeout",
        "curl: (7) Unable to receive initial SOCKS5 response.",
        "curl: (7) Unable to send initial SOCKS5 request.",
        "curl: (7) Failed to receive SOCKS5 connect request ack.",
        "curl: (7) SOCKS4: Failed receiving connect request ack: Connection reset by peer",
        "curl: (7) Received invalid version in initial SOCKS5 response.",
        "curl: (97) SOCKS5 initial reply is incomplete.",
        "curl: (7) Can't complete SOCKS5 connection to management.azure.com. (2)",
        "curl: (7) Can't complete SOCKS4 connection to 20.1.2.3:443. (91), request rejected or failed.",
    ],
)
def test_tunnel_the_proxy_did_not_complete_is_proxy(text):
    assert family_of(text) == "proxy"


@pytest.mark.parametrize(
    "text",
    [
        # SOCKS5 reply 4 (host unreachable) is the destination as the proxy saw it
        "curl: (7) Can't complete SOCKS5 connection to management.azure.com. (4)",
        # Netty's handler finished: a later close is the server's, not the proxy's tunnel
        "io.netty.channel.StacklessClosedChannelException",
    ],
)
def test_near_misses_are_not_proxy(text):
    assert family_of(text) != "proxy"
