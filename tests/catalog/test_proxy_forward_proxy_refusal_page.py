"""A forward proxy's "403 Forbidden: incorrect proxy service was requested" (what a corporate proxy
answers when HTTP_PROXY sends a call for a local endpoint such as Azurite to it; Azurite's own source
has no such text) is the proxy's refusal."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "403 Forbidden: incorrect proxy service was requested",
        "RestError: <HTML><HEAD><TITLE>403 Forbidden</TITLE></HEAD><BODY><H1>403 Forbidden</H1>"
        "incorrect proxy service was requested</BODY></HTML>",
    ],
)
def test_a_forward_proxys_incorrect_service_page_is_proxy(text):
    assert family_of(text) == "proxy"


def test_another_products_incorrect_proxy_service_message_is_not_proxy():
    assert family_of('SendGetProxyAddrReply: "Incorrect proxy service, should be LBX"') is None
