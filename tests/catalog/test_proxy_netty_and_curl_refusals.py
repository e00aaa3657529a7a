"""A proxy's refusal or failure as two clients word it: Netty's HttpProxyConnectException (the CONNECT
answered with a non-200 status; the Azure SDK for Java and the Application Insights Java agent log it)
and curl naming the proxy it could not reach ("... over proxy <proxy> after <n> ms: ...")."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "reactor.core.Exceptions$ReactiveException: io.netty.handler.proxy.HttpProxyHandler$"
        "HttpProxyConnectException: http, none, proxy.contoso.com/10.0.0.1:80 =>"
        " westeurope-1.in.applicationinsights.azure.com/<unresolved>:443, status: 502 Proxy Error"
        " ( Forefront TMG denied the specified Uniform Resource Locator (URL).  )",
        "Caused by: io.netty.handler.proxy.HttpProxyHandler$HttpProxyConnectException: http, basic,"
        " proxy.contoso.com/10.0.0.1:8080 => login.microsoftonline.com:443, status: 407 Proxy"
        " Authentication Required",
        "io.netty.handler.proxy.HttpProxyHandler$HttpProxyConnectException: http, none,"
        " /10.0.0.1:18888 => management.azure.com:443, status: 403 Access violation",
        "curl: (7) Failed to connect to management.azure.com:443 over proxy proxy.contoso.com after"
        " 2 ms: Could not connect to server",
        "curl: (28) Failed to connect to management.azure.com:443 over proxy proxy.contoso.com after"
        " 21003 ms: Timeout was reached",
    ],
)
def test_a_proxys_refusal_or_failure_in_these_clients_words_is_proxy(text):
    assert family_of(text) == "proxy"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # Netty's connect failure to an address (no proxy in it) keeps the socket's family
        (
            "io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused:"
            " localhost/127.0.0.1:4318",
            "network-refused",
        ),
        # curl's message without "over proxy" names the host it tried, which may be any
        (
            "curl: (7) Failed to connect to management.azure.com port 443 after 2 ms: Connection"
            " refused",
            "network-refused",
        ),
    ],
)
def test_the_neighbours_of_the_proxy_wordings_keep_their_family(text, family):
    assert family_of(text) == family
