"""curl's OpenSSL backend before 7.67 reports a socket error under TLS as "SSL read: <openssl error>, errno
<n>" / "SSL_write() returned SYSCALL, errno = <n>" (curl/curl lib/vtls/openssl.c); with Linux errno 104
(ECONNRESET) the peer reset the connection: network-reset. Another errno names no reset."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "cURL error 56: SSL read: error:00000000:lib(0):func(0):reason(0), errno 104 (see"
        " http://curl.haxx.se/libcurl/c/libcurl-errors.html)",
        "curl: (55) SSL_write() returned SYSCALL, errno = 104",
    ],
)
def test_a_reset_under_tls_is_network_reset(text):
    assert family_of(text) == "network-reset"


def test_another_errno_is_not_a_reset():
    assert family_of("curl: (55) SSL_write() returned SYSCALL, errno = 110") != "network-reset"
