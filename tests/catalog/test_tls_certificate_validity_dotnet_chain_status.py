""".NET's SslStream chain status NotTimeValid is the certificate's dates, not a trust failure.

dotnet/runtime System.Net.Security "The remote certificate is invalid because of errors in the
certificate chain: {0}" lists X509ChainStatusFlags; NotTimeValid (learn.microsoft.com X509ChainStatusFlags:
an expired or not yet valid certificate) alone is the tls-certificate-validity condition, which names no
family (as OpenSSL's, Go's and Java's expiry); beside a trust flag the trust failure is named."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "System.Security.Authentication.AuthenticationException: The remote certificate is invalid because "
        "of errors in the certificate chain: NotTimeValid",
        "Invoke-WebRequest: The SSL connection could not be established, see inner exception. The remote "
        "certificate is invalid because of errors in the certificate chain: NotTimeValid",
    ],
)
def test_not_time_valid_alone_names_no_trust_failure(text):
    assert family_of(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot, NotTimeValid",
        "The remote certificate is invalid because of errors in the certificate chain: NotTimeValid, PartialChain",
        "The remote certificate is invalid because of errors in the certificate chain: PartialChain",
    ],
)
def test_a_trust_flag_beside_it_is_tls_untrusted(text):
    assert family_of(text) == "tls-untrusted"
