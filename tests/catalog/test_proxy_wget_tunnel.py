"""GNU Wget's CONNECT refused by the proxy (mirror/wget src/http.c "Proxy tunneling failed: %s" for any
status but 200, then "Unable to establish SSL connection."): the proxy's, as curl's "CONNECT tunnel
failed, response <n>"."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "Proxy tunneling failed: ForbiddenUnable to establish SSL connection.",
        "Connecting to proxy.contoso.com (proxy.contoso.com)|10.0.0.1|:3128... connected.\n"
        "Proxy tunneling failed: Forbidden\nUnable to establish SSL connection.",
        "Proxy tunneling failed: Proxy Authentication Required",
        "Proxy tunneling failed: Service Unavailable",
    ],
)
def test_wget_tunnel_refusal_is_proxy(text):
    assert family_of(text) == "proxy"


def test_wget_tls_failure_without_a_tunnel_is_not_proxy():
    text = "GnuTLS: The TLS connection was non-properly terminated.\nUnable to establish SSL connection."
    assert family_of(text) != "proxy"
