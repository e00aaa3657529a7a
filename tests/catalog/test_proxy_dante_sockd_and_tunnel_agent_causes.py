"""Dante's SOCKS server refusing a client in its own log, and tunnel-agent's causes.

Dante 1.4.4 (notpeter/dante @53727f0): lib/log.c logs "<verdict>(<rule>): <protocol>/<command>",
"block" for a refused session; sockd_protocol.c "unknown SOCKS version %d in client request" (an HTTP
client sent to the SOCKS port); rule.c "no rules matched; using default block rule": proxy, also when
the client beside it reports only an aborted transport. A "pass" line is no refusal.

request/tunnel-agent "tunneling socket could not be established, cause=<message>": a socket hang up is
the proxy closing the CONNECT (proxy); a socket error connecting to the proxy address is named by the
error, as the development corpus labels it (network-refused, network-unreachable, ...)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "Sep 21 11:52:18 (1537541538.426758) sockd[8103]: info: block(1): tcp/accept ]: "
        "X.X.X.X.46622 Y.Y.Y.Y.8888: error after reading 1 byte in 0 seconds: unknown SOCKS version 67 "
        "in client request\n"
        "WARN com.microsoft.azure.eventhubs.impl.ConnectionHandler - onTransportClosed: "
        "hostname[ns.servicebus.windows.net:443], error[org.apache.qpid.proton.engine."
        "TransportException: connection aborted]",
        "sockd[812]: info: block(0): tcp/accept ]: 10.0.0.5.51234 10.0.0.9.1080: no rules matched; "
        "using default block rule",
        "sockd[2201]: info: block(3): tcp/connect ]: 10.0.0.5.46622 10.0.0.9.1080 -> "
        "management.azure.com.443: blocked by libwrap/tcp_wrappers",
        "Error: tunneling socket could not be established, cause=socket hang up",
    ],
)
def test_proxy_refusals_are_proxy(text):
    assert family_of(text) == "proxy"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (
            "##[error]Error: tunneling socket could not be established, cause=connect ECONNREFUSED "
            "127.0.0.1:3128",
            "network-refused",
        ),
        (
            "[Extension Host] Error: tunneling socket could not be established, cause=connect "
            "EHOSTUNREACH 0.0.12.56:80 - Local (192.168.1.20:64331)",
            "network-unreachable",
        ),
        (
            "Error: tunneling socket could not be established, cause=connect ETIMEDOUT 10.0.0.1:8080",
            "network-timeout",
        ),
    ],
)
def test_tunnel_agent_socket_errors_are_the_network_family(text, family):
    assert family_of(text) == family


def test_dante_pass_line_is_no_refusal():
    assert (
        family_of("sockd[2201]: info: pass(1): tcp/accept [: 10.0.0.5.46622 10.0.0.9.1080") is None
    )
