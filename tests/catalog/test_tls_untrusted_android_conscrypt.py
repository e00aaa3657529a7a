"""Android's TLS provider Conscrypt: a chain without a trusted root and a name mismatch are tls-untrusted.

google/conscrypt @3869db7b common/src/main/java/org/conscrypt/TrustManagerImpl.java: checkTrustedRecursive and
verifyChain throw CertPathValidatorException "Trust anchor for certification path not found." when no chain to a
trusted root can be built (a private or intercepting CA the device does not hold); its HTTPS hostname check throws
CertificateException "No subjectAltNames on the certificate match". MSAL for Android, OkHttp and HttpsURLConnection
print them inside SSLHandshakeException. Conscrypt's other CertificateExceptions name nothing: "Chain validation
failed" (validity, constraints or the device's clock alike), "Certificate chain too long", "Unacceptable
certificate: <subject>", "Not in handshake; no session available".
"""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "text",
    [
        "javax.net.ssl.SSLHandshakeException: java.security.cert.CertPathValidatorException: "
        "Trust anchor for certification path not found.",
        "com.microsoft.identity.client.exception.MsalClientException: javax.net.ssl.SSLHandshakeException: "
        "java.security.cert.CertPathValidatorException: Trust anchor for certification path not found.\n"
        "    at com.android.org.conscrypt.ConscryptFileDescriptorSocket.startHandshake"
        "(ConscryptFileDescriptorSocket.java:362)",
        "javax.net.ssl.SSLHandshakeException: java.security.cert.CertificateException: "
        "No subjectAltNames on the certificate match",
    ],
)
def test_conscrypt_untrusted_chain_and_name_mismatch_are_tls_untrusted(text):
    assert family_of(text) == "tls-untrusted"


@pytest.mark.parametrize(
    "text",
    [
        "javax.net.ssl.SSLHandshakeException: Chain validation failed",
        "java.security.cert.CertificateException: Certificate chain too long",
        "java.security.cert.CertificateException: Unacceptable certificate: CN=Contoso Root",
        "java.security.cert.CertificateException: Not in handshake; no session available",
        # the hostname words without conscrypt's exception name are any product's
        "No subjectAltNames on the certificate match",
    ],
)
def test_conscrypt_other_certificate_exceptions_name_nothing(text):
    assert family_of(text) is None
