"""An expired server certificate in clients' own words is the tls-certificate-validity condition (a
partial answer), not a trust failure: winget's WinINet 12037 (ERROR_INTERNET_SEC_CERT_DATE_INVALID,
0x80072F05) as its log prints the system message without "0x" ("ReturnHr(1) ... 80072F05 Msg:
[winrt::hresult_error: The date in the certificate is invalid or has expired]"), apt on GnuTLS ("The
certificate is NOT trusted" is printed for every reason; the reason is the expiry) and SSMS's "The
received certificate has expired" (SEC_E_CERT_EXPIRED) inside SQL's login-process wrapper."""

from __future__ import annotations

import pytest

from orchestrator.catalog.classify import diagnose


@pytest.mark.parametrize(
    "text",
    [
        "2023-02-11 20:06:19.790 [FAIL] WindowsPackageManager.dll!00007FF94045CA12: ReturnHr(1) tid(5e50)"
        " 80072F05     Msg:[winrt::hresult_error: The date in the certificate is invalid or has expired]",
        "The date in the certificate is invalid or has expired",
        "Err:7 https://apt.datadoghq.com stable Release\n  Certificate verification failed: The certificate is"
        " NOT trusted. The certificate chain uses expired certificate.  Could not handshake: Error in the"
        " certificate verification. [IP: 99.84.191.108 443]",
        "A connection was successfully established with the server, but then an error occurred during the"
        " login process. (provider: SSL Provider, error: 0 - The received certificate has expired.)"
        " (Microsoft SQL Server, Error: -2146893016)",
    ],
)
def test_expiry_in_clients_words_is_the_validity_condition(text):
    result = diagnose(text)
    assert result.family is None
    assert [m.family.id for m in result.conditions] == ["tls-certificate-validity"]


def test_gnutls_with_an_unknown_issuer_beside_the_expiry_is_tls_untrusted():
    text = (
        "Certificate verification failed: The certificate is NOT trusted. The certificate issuer is unknown."
        " The certificate chain uses expired certificate.  Could not handshake: Error in the certificate"
        " verification."
    )
    assert diagnose(text).family == "tls-untrusted"
