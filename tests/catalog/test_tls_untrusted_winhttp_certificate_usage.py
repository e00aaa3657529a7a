"""WinHTTP's certificate codes for a wrong usage and an invalid certificate.

learn.microsoft.com/windows/win32/winhttp/error-messages: ERROR_WINHTTP_SECURE_CERT_WRONG_USAGE 12179
("a certificate is not valid for the requested usage", CERT_E_WRONG_USAGE) is tls-untrusted, as Go's
IncompatibleUsage, also as its HRESULT 0x80072F93; ERROR_WINHTTP_SECURE_INVALID_CERT 12169 (and WinINet's
ERROR_INTERNET_SEC_INVALID_CERT) only says the certificate is invalid: weak, so alone it names nothing
and a specific reason beside it decides."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "ERROR_WINHTTP_SECURE_CERT_WRONG_USAGE",
        "WinHttpSendRequest failed: 0x80072F93",
        "Download failed, HRESULT -2147012717",
    ],
)
def test_wrong_usage_is_tls_untrusted(text):
    assert family_of(text) == "tls-untrusted"


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("ERROR_WINHTTP_SECURE_INVALID_CERT", None),
        ("ERROR_INTERNET_SEC_INVALID_CERT", None),
        (
            "ERROR_WINHTTP_SECURE_INVALID_CERT ERROR_WINHTTP_SECURE_CERT_REV_FAILED",
            "tls-revocation",
        ),
        # a neighbouring HRESULT, one digit off
        ("Error 0x80072F94", None),
    ],
)
def test_invalid_certificate_is_weak(text, family):
    assert family_of(text) == family
